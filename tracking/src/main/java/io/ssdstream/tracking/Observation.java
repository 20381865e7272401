package io.ssdstream.tracking;

import java.util.Objects;

/**
 * One detector output in one frame as the tracker takes it, the tracking literature's observation (measurement):
 * where, what, and how sure. The contract's {@code Detection} is what the job publishes; this is what it tracks.
 */
public record Observation(Box box, String label, double score) {

    public Observation {
        Objects.requireNonNull(box, "detection box");
        if (label == null || label.isBlank()) {
            throw new IllegalArgumentException("detection label is missing");
        }
        if (!(score >= 0 && score <= 1)) {
            throw new IllegalArgumentException("detection score " + score + " of '" + label + "' is not in [0, 1]");
        }
    }
}
