package io.ssdstream.tracking;

import java.io.Serializable;
import java.util.List;

/**
 * Everything one camera's tracker knows, as one value: its tracks (tentative, active and lost, in creation order,
 * which fixes the order of decisions), the next id to hand out, the capture time of the latest frame (watched or
 * shed), and how much of the camera's capture time passed unwatched, its frames shed. Kept in keyed state between
 * frames ({@link TrackerStateFormat} writes it), it continues every track with the same id after a restore.
 *
 * @param unwatchedMillis the capture time, summed since the first frame, that ended in a shed frame: lost tracks do
 *                        not age during it (see {@link CameraTracker#shed})
 */
public record TrackerState(List<Track> tracks, long nextId, long lastCaptureTime, long unwatchedMillis)
        implements Serializable {

    /** Before any frame: ids start at 1 so that 0 never names an object. */
    public static final TrackerState EMPTY = new TrackerState(List.of(), 1, Long.MIN_VALUE, 0);

    public TrackerState {
        tracks = tracks.stream().map(Track::copy).toList();
        if (nextId < 1) {
            throw new IllegalArgumentException("next track id " + nextId + " must be at least 1");
        }
        if (unwatchedMillis < 0) {
            throw new IllegalArgumentException("unwatched time " + unwatchedMillis + " ms must not be negative");
        }
    }

    /** Confirmed tracks still kept (active or lost), the "active objects" an operator sees. */
    public long confirmedTracks() {
        return tracks.stream().filter(Track::confirmed).count();
    }
}
