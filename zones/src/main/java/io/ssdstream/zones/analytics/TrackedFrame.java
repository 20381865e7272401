package io.ssdstream.zones.analytics;

import java.util.List;

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
    }

    public static TrackedFrame of(long captureTime, List<TrackedObject> objects) {
        return new TrackedFrame(captureTime, objects, List.of());
    }
}
