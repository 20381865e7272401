package io.ssdstream.tracking.metrics;

import io.ssdstream.tracking.Box;

/** One object in one frame with its identity: a ground-truth object's id, or the id a tracker gave it. */
public record LabelledBox(long id, Box box) {
}
