package io.ssdstream.tracking;

import java.util.Objects;

/** One detector output in one frame: where, what, and how sure. */
public record Detection(Box box, String label, double score) {

    public Detection {
        Objects.requireNonNull(box, "detection box");
        if (label == null || label.isBlank()) {
            throw new IllegalArgumentException("detection label is missing");
        }
        if (!(score >= 0 && score <= 1)) {
            throw new IllegalArgumentException("detection score " + score + " of '" + label + "' is not in [0, 1]");
        }
    }
}
