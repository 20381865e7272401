package io.ssdstream.demo.viewer;

import io.ssdstream.tracking.Box;
import io.ssdstream.zones.config.CameraConfig;
import io.ssdstream.zones.config.Zone;
import io.ssdstream.zones.geometry.ZoneShape;
import java.util.ArrayList;
import java.util.List;

/**
 * A camera's configured zones and lines as the viewer draws them, and which zones hold an object: by the zone's own
 * reference point and classes, as the job decides (the job's ENTER also waits for the zone's inertia, so a box the
 * viewer shows inside may not have entered yet).
 */
public final class CameraZones {

    private final CameraConfig config;
    private final List<ZoneShape> shapes;

    public CameraZones(CameraConfig config) {
        this.config = config;
        this.shapes = config.zones().stream().map(zone -> new ZoneShape(zone.vertices())).toList();
    }

    public CameraConfig config() {
        return config;
    }

    /** The names of the zones, in configuration order, that follow {@code label} and hold {@code box}'s point. */
    public List<String> zonesHolding(String label, Box box) {
        List<String> holding = new ArrayList<>();
        for (int i = 0; i < shapes.size(); i++) {
            Zone zone = config.zones().get(i);
            if (zone.follows(label)
                    && shapes.get(i).contains(zone.referencePoint().x(box), zone.referencePoint().y(box))) {
                holding.add(zone.name());
            }
        }
        return holding;
    }
}
