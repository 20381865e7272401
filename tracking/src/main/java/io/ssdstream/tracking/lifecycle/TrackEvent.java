package io.ssdstream.tracking.lifecycle;

import io.ssdstream.tracking.Box;
import java.util.Set;

/**
 * A change an operator may act on. NEW when a track is confirmed; UPDATE when it changed meaningfully (reasons), at
 * most one per update interval; END when it has not been seen for the max lost age.
 *
 * @param captureTime    the frame (epoch ms) that caused the event; for END, the frame in which the age ran out
 * @param box            the last box the object was seen at
 * @param score          the latest score; {@code bestScore} the highest so far
 * @param stationary     whether the object is standing still now
 * @param firstSeen      capture time of its first detection; {@code lastSeen} of the latest
 * @param path           where it went so far
 */
public record TrackEvent(
        Type type,
        long trackId,
        String label,
        long captureTime,
        Box box,
        double score,
        double bestScore,
        boolean stationary,
        Set<UpdateReason> reasons,
        long firstSeen,
        long lastSeen,
        PathSummary path) {

    public enum Type { NEW, UPDATE, END }

    public TrackEvent {
        reasons = Set.copyOf(reasons);
    }

    /** How long the object was seen, first to last detection, in milliseconds. */
    public long durationMillis() {
        return lastSeen - firstSeen;
    }
}
