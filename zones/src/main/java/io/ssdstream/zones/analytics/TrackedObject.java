package io.ssdstream.zones.analytics;

import io.ssdstream.tracking.Box;
import java.util.Objects;

/** One confirmed track as seen in one frame: its id from the tracker, its class and its box in pixels. */
public record TrackedObject(long trackId, String label, Box box) {

    public TrackedObject {
        Objects.requireNonNull(label, "label of track " + trackId);
        Objects.requireNonNull(box, "box of track " + trackId);
    }
}
