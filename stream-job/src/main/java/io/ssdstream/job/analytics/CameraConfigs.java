package io.ssdstream.job.analytics;

import io.ssdstream.schemas.LineConfig;
import io.ssdstream.schemas.LineSide;
import io.ssdstream.schemas.PixelPoint;
import io.ssdstream.schemas.ReferencePoint;
import io.ssdstream.schemas.ZoneConfig;
import io.ssdstream.zones.config.CameraConfig;
import io.ssdstream.zones.config.CountingLine;
import io.ssdstream.zones.config.Zone;
import io.ssdstream.zones.geometry.Point;
import io.ssdstream.zones.geometry.Side;
import java.time.Duration;
import java.util.HashSet;

/**
 * The {@code CameraConfig} contract as the zones module's configuration. Everything goes through the zones records'
 * constructors, so a record that is not a valid configuration is refused with their message (zone or line, point).
 */
final class CameraConfigs {

    private CameraConfigs() {}

    /** @throws IllegalArgumentException naming the zone or line and what is wrong with it */
    static CameraConfig toZones(io.ssdstream.schemas.CameraConfig record) {
        return new CameraConfig(record.getFrameWidth(), record.getFrameHeight(),
                record.getZones().stream().map(CameraConfigs::zone).toList(),
                record.getLines().stream().map(CameraConfigs::line).toList());
    }

    private static Zone zone(ZoneConfig zone) {
        String what = "zone '" + zone.getName() + "'";
        return new Zone(zone.getName(), zone.getPoints().stream().map(CameraConfigs::point).toList(),
                new HashSet<>(zone.getClasses()), zone.getInertia(), Duration.ofMillis(zone.getLoiteringMillis()),
                referencePoint(zone.getReferencePoint(), what));
    }

    private static CountingLine line(LineConfig line) {
        String what = "line '" + line.getName() + "'";
        if (line.getInSide() == LineSide.UNKNOWN) {
            throw new IllegalArgumentException(what + ": in side UNKNOWN (a symbol of a newer contract version?)");
        }
        return new CountingLine(line.getName(), point(line.getFrom()), point(line.getTo()),
                Side.valueOf(line.getInSide().name()), new HashSet<>(line.getClasses()), line.getHysteresis(),
                referencePoint(line.getReferencePoint(), what));
    }

    private static Point point(PixelPoint p) {
        return new Point(p.getX(), p.getY());
    }

    private static io.ssdstream.zones.config.ReferencePoint referencePoint(ReferencePoint point, String what) {
        if (point == ReferencePoint.UNKNOWN) {
            throw new IllegalArgumentException(what + ": reference point UNKNOWN (a symbol of a newer contract"
                    + " version?)");
        }
        return io.ssdstream.zones.config.ReferencePoint.valueOf(point.name());
    }
}
