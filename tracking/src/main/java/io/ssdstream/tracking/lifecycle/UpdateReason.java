package io.ssdstream.tracking.lifecycle;

/** Why an UPDATE event was sent. */
public enum UpdateReason {
    SCORE_RAISED,
    MOVED,
    BECAME_STATIONARY,
    MOVING_AGAIN
}
