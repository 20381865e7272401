package io.ssdstream.tracking.lifecycle;

/** Where a track is in its life. */
public enum TrackStatus {
    /** Seen fewer than the confirmation hits: no id yet, dropped as soon as it is missed. */
    TENTATIVE,
    /** Confirmed and seen in the latest frame. */
    ACTIVE,
    /** Confirmed, not seen lately; kept for the max lost age, then it ends. */
    LOST
}
