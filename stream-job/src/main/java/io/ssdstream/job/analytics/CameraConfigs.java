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
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * Converts between the {@code CameraConfig} contract and the zones module's configuration, for the job and for
 * {@code ssd-stream cameras}. Reading a record goes through the zones records' constructors, so a record that is not
 * a valid configuration is refused with their message (zone or line, point).
 */
public final class CameraConfigs {

    private CameraConfigs() {}

    /** The contract record that publishes {@code config} for {@code cameraId}; classes in name order. */
    public static io.ssdstream.schemas.CameraConfig toRecord(String cameraId, CameraConfig config, Instant published) {
        return io.ssdstream.schemas.CameraConfig.newBuilder()
                .setCameraId(cameraId)
                .setFrameWidth(config.frameWidth())
                .setFrameHeight(config.frameHeight())
                .setZones(config.zones().stream().map(CameraConfigs::zoneRecord).toList())
                .setLines(config.lines().stream().map(CameraConfigs::lineRecord).toList())
                .setPublishedTime(published)
                .build();
    }

    /** @throws IllegalArgumentException naming the zone or line and what is wrong with it */
    public static CameraConfig toZones(io.ssdstream.schemas.CameraConfig record) {
        return new CameraConfig(record.getFrameWidth(), record.getFrameHeight(),
                record.getZones().stream().map(CameraConfigs::zone).toList(),
                record.getLines().stream().map(CameraConfigs::line).toList());
    }

    private static ZoneConfig zoneRecord(Zone zone) {
        return ZoneConfig.newBuilder()
                .setName(zone.name())
                .setPoints(zone.vertices().stream().map(CameraConfigs::pointRecord).toList())
                .setClasses(sorted(zone.classes()))
                .setInertia(zone.inertia())
                .setLoiteringMillis(zone.loitering().toMillis())
                .setReferencePoint(ReferencePoint.valueOf(zone.referencePoint().name()))
                .build();
    }

    private static LineConfig lineRecord(CountingLine line) {
        return LineConfig.newBuilder()
                .setName(line.name())
                .setFrom(pointRecord(line.from()))
                .setTo(pointRecord(line.to()))
                .setInSide(LineSide.valueOf(line.inSide().name()))
                .setClasses(sorted(line.classes()))
                .setHysteresis(line.hysteresis())
                .setReferencePoint(ReferencePoint.valueOf(line.referencePoint().name()))
                .build();
    }

    private static PixelPoint pointRecord(Point point) {
        return new PixelPoint(point.x(), point.y());
    }

    private static List<String> sorted(Set<String> classes) {
        return List.copyOf(new TreeSet<>(classes));
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
