package io.ssdstream.zones.analytics;

import io.ssdstream.zones.config.CameraConfig;
import io.ssdstream.zones.config.CountingLine;
import io.ssdstream.zones.config.Zone;
import io.ssdstream.zones.geometry.DirectedSegment;
import io.ssdstream.zones.geometry.ZoneShape;
import java.util.List;

/**
 * A camera configuration prepared for per-frame queries (indexed polygons, segments). Building it costs more than a
 * frame, so a caller keeps one per configuration and builds a new one only when the configuration changes.
 */
public final class CameraGeometry {

    private final CameraConfig config;
    private final List<ZoneShape> shapes;
    private final List<DirectedSegment> segments;

    public CameraGeometry(CameraConfig config) {
        this.config = config;
        this.shapes = config.zones().stream().map(z -> new ZoneShape(z.vertices())).toList();
        this.segments = config.lines().stream().map(l -> new DirectedSegment(l.from(), l.to())).toList();
    }

    public CameraConfig config() {
        return config;
    }

    List<Zone> zones() {
        return config.zones();
    }

    List<CountingLine> lines() {
        return config.lines();
    }

    ZoneShape shape(int zone) {
        return shapes.get(zone);
    }

    DirectedSegment segment(int line) {
        return segments.get(line);
    }
}
