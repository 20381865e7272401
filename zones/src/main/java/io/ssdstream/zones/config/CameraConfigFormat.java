package io.ssdstream.zones.config;

import io.ssdstream.zones.geometry.Point;
import io.ssdstream.zones.geometry.Side;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * A {@link CameraConfig} in the binary state format (see {@code AnalyticsStateFormat}): the frame size, then each zone
 * and line with every field in declaration order. Enums go by name, not ordinal, so reordering one never changes a
 * stored value's meaning; classes in name order, so equal configurations write equal bytes. Reading goes through the
 * records' constructors, so a stored configuration is validated again.
 */
public final class CameraConfigFormat {

    private CameraConfigFormat() {}

    public static void write(CameraConfig config, DataOutput out) throws IOException {
        out.writeInt(config.frameWidth());
        out.writeInt(config.frameHeight());
        out.writeInt(config.zones().size());
        for (Zone zone : config.zones()) {
            out.writeUTF(zone.name());
            out.writeInt(zone.vertices().size());
            for (Point p : zone.vertices()) {
                writePoint(p, out);
            }
            writeClasses(zone.classes(), out);
            out.writeInt(zone.inertia());
            out.writeLong(zone.loitering().getSeconds());
            out.writeInt(zone.loitering().getNano());
            out.writeUTF(zone.referencePoint().name());
        }
        out.writeInt(config.lines().size());
        for (CountingLine line : config.lines()) {
            out.writeUTF(line.name());
            writePoint(line.from(), out);
            writePoint(line.to(), out);
            out.writeUTF(line.inSide().name());
            writeClasses(line.classes(), out);
            out.writeDouble(line.hysteresis());
            out.writeUTF(line.referencePoint().name());
        }
    }

    public static CameraConfig read(DataInput in) throws IOException {
        int width = in.readInt();
        int height = in.readInt();
        int zoneCount = in.readInt();
        List<Zone> zones = new ArrayList<>(zoneCount);
        for (int z = 0; z < zoneCount; z++) {
            String name = in.readUTF();
            int vertexCount = in.readInt();
            List<Point> vertices = new ArrayList<>(vertexCount);
            for (int v = 0; v < vertexCount; v++) {
                vertices.add(readPoint(in));
            }
            Set<String> classes = readClasses(in);
            int inertia = in.readInt();
            Duration loitering = Duration.ofSeconds(in.readLong(), in.readInt());
            zones.add(new Zone(name, vertices, classes, inertia, loitering, ReferencePoint.valueOf(in.readUTF())));
        }
        int lineCount = in.readInt();
        List<CountingLine> lines = new ArrayList<>(lineCount);
        for (int l = 0; l < lineCount; l++) {
            String name = in.readUTF();
            Point from = readPoint(in);
            Point to = readPoint(in);
            Side inSide = Side.valueOf(in.readUTF());
            Set<String> classes = readClasses(in);
            double hysteresis = in.readDouble();
            lines.add(new CountingLine(name, from, to, inSide, classes, hysteresis,
                    ReferencePoint.valueOf(in.readUTF())));
        }
        return new CameraConfig(width, height, zones, lines);
    }

    private static void writePoint(Point p, DataOutput out) throws IOException {
        out.writeDouble(p.x());
        out.writeDouble(p.y());
    }

    private static Point readPoint(DataInput in) throws IOException {
        return new Point(in.readDouble(), in.readDouble());
    }

    private static void writeClasses(Set<String> classes, DataOutput out) throws IOException {
        out.writeInt(classes.size());
        for (String c : new TreeSet<>(classes)) {
            out.writeUTF(c);
        }
    }

    private static Set<String> readClasses(DataInput in) throws IOException {
        int count = in.readInt();
        Set<String> classes = new TreeSet<>();
        for (int i = 0; i < count; i++) {
            classes.add(in.readUTF());
        }
        return classes;
    }
}
