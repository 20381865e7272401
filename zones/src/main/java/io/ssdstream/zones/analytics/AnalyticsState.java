package io.ssdstream.zones.analytics;

import io.ssdstream.zones.config.CameraConfig;
import java.io.Serializable;
import java.util.List;

/**
 * Everything one camera's analytics know between frames, as one serializable value to keep in keyed state.
 *
 * @param config          the configuration the tracks were followed with, to tell on the next frame what a new one
 *                        changed; null before the first frame
 * @param lastCaptureTime capture time of the latest frame
 * @param tracks          the tracks with any standing, by ascending id
 */
public record AnalyticsState(CameraConfig config, long lastCaptureTime, List<TrackPresence> tracks)
        implements Serializable {

    public static final AnalyticsState EMPTY = new AnalyticsState(null, Long.MIN_VALUE, List.of());

    public AnalyticsState {
        tracks = List.copyOf(tracks);
    }
}
