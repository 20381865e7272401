package io.ssdstream.zones.analytics;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * One camera frame as the analytics see it.
 *
 * @param captureTime   epoch milliseconds the frame was captured; strictly after the previous frame's
 * @param objects       the confirmed tracks seen in this frame (the tracker's matched detections)
 * @param endedTrackIds the tracks that ended with this frame (the tracker's END events): they leave every zone.
 *                      A track merely missing from {@code objects} is lost for now and keeps its place
 */
public record TrackedFrame(long captureTime, List<TrackedObject> objects, List<Long> endedTrackIds) {

    public TrackedFrame {
        objects = List.copyOf(objects);
        endedTrackIds = List.copyOf(endedTrackIds);
        Set<Long> ids = new HashSet<>();
        for (TrackedObject object : objects) {
            if (!ids.add(object.trackId())) {
                throw new IllegalArgumentException("track " + object.trackId()
                        + " appears twice in the frame captured at " + captureTime + ": a track has one box per frame");
            }
        }
    }

    public static TrackedFrame of(long captureTime, List<TrackedObject> objects) {
        return new TrackedFrame(captureTime, objects, List.of());
    }
}
