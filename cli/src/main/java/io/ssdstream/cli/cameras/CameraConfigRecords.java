package io.ssdstream.cli.cameras;

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
import java.util.TreeSet;

/**
 * Converts between the zones module's validated configuration and the {@code CameraConfig} wire contract. Reading
 * back goes through the zones records' constructors, so a record that is not a valid configuration is refused.
 */
final class CameraConfigRecords {

    private CameraConfigRecords() {
    }

    static io.ssdstream.schemas.CameraConfig toRecord(String cameraId, CameraConfig config, Instant published) {
        return io.ssdstream.schemas.CameraConfig.newBuilder()
                .setCameraId(cameraId)
                .setFrameWidth(config.frameWidth())
                .setFrameHeight(config.frameHeight())
                .setZones(config.zones().stream().map(CameraConfigRecords::toRecord).toList())
                .setLines(config.lines().stream().map(CameraConfigRecords::toRecord).toList())
                .setPublishedTime(published)
                .build();
    }

    static CameraConfig fromRecord(io.ssdstream.schemas.CameraConfig record) {
        return new CameraConfig(record.getFrameWidth(), record.getFrameHeight(),
                record.getZones().stream().map(CameraConfigRecords::fromRecord).toList(),
                record.getLines().stream().map(CameraConfigRecords::fromRecord).toList());
    }

    private static ZoneConfig toRecord(Zone zone) {
        return ZoneConfig.newBuilder()
                .setName(zone.name())
                .setPoints(zone.vertices().stream().map(CameraConfigRecords::toRecord).toList())
                .setClasses(sorted(zone.classes()))
                .setInertia(zone.inertia())
                .setLoiteringMillis(zone.loitering().toMillis())
                .setReferencePoint(ReferencePoint.valueOf(zone.referencePoint().name()))
                .build();
    }

    private static LineConfig toRecord(CountingLine line) {
        return LineConfig.newBuilder()
                .setName(line.name())
                .setFrom(toRecord(line.from()))
                .setTo(toRecord(line.to()))
                .setInSide(LineSide.valueOf(line.inSide().name()))
                .setClasses(sorted(line.classes()))
                .setHysteresis(line.hysteresis())
                .setReferencePoint(ReferencePoint.valueOf(line.referencePoint().name()))
                .build();
    }

    private static PixelPoint toRecord(Point point) {
        return new PixelPoint(point.x(), point.y());
    }

    private static Zone fromRecord(ZoneConfig zone) {
        return new Zone(zone.getName(), zone.getPoints().stream().map(CameraConfigRecords::fromRecord).toList(),
                new HashSet<>(zone.getClasses()), zone.getInertia(), Duration.ofMillis(zone.getLoiteringMillis()),
                referencePoint(zone.getReferencePoint(), "zone '" + zone.getName() + "'"));
    }

    private static CountingLine fromRecord(LineConfig line) {
        String what = "line '" + line.getName() + "'";
        if (line.getInSide() == LineSide.UNKNOWN) {
            throw new IllegalArgumentException(what + ": in side UNKNOWN (written by a newer version?)");
        }
        return new CountingLine(line.getName(), fromRecord(line.getFrom()), fromRecord(line.getTo()),
                Side.valueOf(line.getInSide().name()), new HashSet<>(line.getClasses()), line.getHysteresis(),
                referencePoint(line.getReferencePoint(), what));
    }

    private static Point fromRecord(PixelPoint point) {
        return new Point(point.getX(), point.getY());
    }

    private static io.ssdstream.zones.config.ReferencePoint referencePoint(ReferencePoint point, String what) {
        if (point == ReferencePoint.UNKNOWN) {
            throw new IllegalArgumentException(what + ": reference point UNKNOWN (written by a newer version?)");
        }
        return io.ssdstream.zones.config.ReferencePoint.valueOf(point.name());
    }

    private static List<String> sorted(java.util.Set<String> classes) {
        return List.copyOf(new TreeSet<>(classes));
    }
}
