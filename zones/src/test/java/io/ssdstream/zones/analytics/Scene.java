package io.ssdstream.zones.analytics;

import io.ssdstream.tracking.Box;
import io.ssdstream.zones.config.CameraConfig;
import java.util.ArrayList;
import java.util.List;

/**
 * Drives one camera's analytics frame by frame, keeping only the state between frames as the job will, and collects
 * what they report. Objects are placed by their bottom centre, the default reference point.
 */
final class Scene {

    private CameraGeometry geometry;
    private AnalyticsState state = AnalyticsState.EMPTY;
    final List<ZoneEvent> zoneEvents = new ArrayList<>();
    final List<LineCrossing> crossings = new ArrayList<>();
    FrameAnalytics last;

    Scene(CameraConfig config) {
        this.geometry = new CameraGeometry(config);
    }

    void configure(CameraConfig config) {
        geometry = new CameraGeometry(config);
    }

    AnalyticsState state() {
        return state;
    }

    void restore(AnalyticsState restored) {
        state = restored;
    }

    /** A 20 x 40 pixel box standing with its bottom centre on (x, y). */
    static TrackedObject standingAt(long trackId, String label, double x, double y) {
        return new TrackedObject(trackId, label, new Box(x - 10, y - 40, x + 10, y));
    }

    FrameAnalytics frame(long time, TrackedObject... objects) {
        return frame(new TrackedFrame(time, List.of(objects), List.of()));
    }

    FrameAnalytics frame(TrackedFrame frame) {
        CameraAnalytics analytics = new CameraAnalytics(geometry, state);
        last = analytics.update(frame);
        state = analytics.state();
        zoneEvents.addAll(last.zoneEvents());
        crossings.addAll(last.crossings());
        return last;
    }
}
