package io.ssdstream.tracking;

import java.io.Serializable;
import java.util.List;

/**
 * Everything one camera's tracker knows, as one value: its tracks (tentative, active and lost, in creation order,
 * which fixes the order of decisions), the next id to hand out, and the capture time of the latest frame. Kept in
 * keyed state between frames ({@link TrackerStateFormat} writes it), it continues every track with the same id after
 * a restore.
 */
public record TrackerState(List<Track> tracks, long nextId, long lastCaptureTime) implements Serializable {

    /** Before any frame: ids start at 1 so that 0 never names an object. */
    public static final TrackerState EMPTY = new TrackerState(List.of(), 1, Long.MIN_VALUE);

    public TrackerState {
        tracks = tracks.stream().map(Track::copy).toList();
        if (nextId < 1) {
            throw new IllegalArgumentException("next track id " + nextId + " must be at least 1");
        }
    }

    /** Confirmed tracks still kept (active or lost), the "active objects" an operator sees. */
    public long confirmedTracks() {
        return tracks.stream().filter(Track::confirmed).count();
    }
}
