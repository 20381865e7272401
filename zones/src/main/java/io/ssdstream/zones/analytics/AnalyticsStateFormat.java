package io.ssdstream.zones.analytics;

import io.ssdstream.tracking.Varints;
import io.ssdstream.zones.config.CameraConfig;
import io.ssdstream.zones.config.CameraConfigFormat;
import io.ssdstream.zones.geometry.Side;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * An {@link AnalyticsState} in the binary state format, for keyed state in checkpoints and savepoints: explicit
 * fields through {@link DataOutput}, no Java serialization, so a value costs its data and not its classes'
 * descriptors, and a change to these records does not silently change what a savepoint holds. The layout is
 * version 1 of the format; whoever stores it records that version (the job's serializer snapshot does) and must add
 * a reader for the old layout when this one changes.
 *
 * <p>Most of a busy camera's state is every track's standing with every zone and line, so that part is written
 * compactly: names (labels, zones, lines) once in a table and then by index, counts as unsigned varints, times as
 * zigzag varints of their distance to the last capture time, and per track each distinct point a line position
 * refers to once (a track's positions on most lines are the same point: where it was last seen).
 *
 * <p>Layout: the name table; whether a configuration follows, the configuration ({@link CameraConfigFormat}); the
 * last capture time; then per track its id, label, zone visits (name, flags, frames inside, frames outside, inside
 * since) and line positions (point table, then name, side, point), zones and lines in name order.
 */
public final class AnalyticsStateFormat {

    private static final int ENTERED = 1;
    private static final int LOITERING_REPORTED = 2;

    private AnalyticsStateFormat() {}

    public static void write(AnalyticsState state, DataOutput out) throws IOException {
        Map<String, Integer> names = new LinkedHashMap<>();
        for (TrackPresence track : state.tracks()) {
            names.putIfAbsent(track.label(), names.size());
            new TreeMap<>(track.zones()).keySet().forEach(n -> names.putIfAbsent(n, names.size()));
            new TreeMap<>(track.lines()).keySet().forEach(n -> names.putIfAbsent(n, names.size()));
        }
        Varints.writeUnsigned(names.size(), out);
        for (String name : names.keySet()) {
            out.writeUTF(name);
        }
        out.writeBoolean(state.config() != null);
        if (state.config() != null) {
            CameraConfigFormat.write(state.config(), out);
        }
        long last = state.lastCaptureTime();
        out.writeLong(last);
        Varints.writeUnsigned(state.tracks().size(), out);
        for (TrackPresence track : state.tracks()) {
            Varints.writeSigned(track.trackId(), out);
            Varints.writeUnsigned(names.get(track.label()), out);
            Varints.writeUnsigned(track.zones().size(), out);
            for (Map.Entry<String, ZoneVisit> e : new TreeMap<>(track.zones()).entrySet()) {
                ZoneVisit visit = e.getValue();
                Varints.writeUnsigned(names.get(e.getKey()), out);
                out.writeByte((visit.entered() ? ENTERED : 0) | (visit.loiteringReported() ? LOITERING_REPORTED : 0));
                Varints.writeUnsigned(visit.insideFrames(), out);
                Varints.writeUnsigned(visit.outsideFrames(), out);
                Varints.writeSigned(last - visit.insideSince(), out);
            }
            Map<String, LinePosition> lines = new TreeMap<>(track.lines());
            Map<List<Double>, Integer> points = new LinkedHashMap<>();
            lines.values().forEach(p -> points.putIfAbsent(List.of(p.x(), p.y()), points.size()));
            Varints.writeUnsigned(points.size(), out);
            for (List<Double> point : points.keySet()) {
                out.writeDouble(point.get(0));
                out.writeDouble(point.get(1));
            }
            Varints.writeUnsigned(lines.size(), out);
            for (Map.Entry<String, LinePosition> e : lines.entrySet()) {
                LinePosition position = e.getValue();
                Varints.writeUnsigned(names.get(e.getKey()), out);
                out.writeBoolean(position.side() == Side.LEFT);
                Varints.writeUnsigned(points.get(List.of(position.x(), position.y())), out);
            }
        }
    }

    public static AnalyticsState read(DataInput in) throws IOException {
        String[] names = new String[Varints.readUnsigned(in)];
        for (int i = 0; i < names.length; i++) {
            names[i] = in.readUTF();
        }
        CameraConfig config = in.readBoolean() ? CameraConfigFormat.read(in) : null;
        long last = in.readLong();
        int trackCount = Varints.readUnsigned(in);
        List<TrackPresence> tracks = new ArrayList<>(trackCount);
        for (int t = 0; t < trackCount; t++) {
            long trackId = Varints.readSigned(in);
            String label = names[Varints.readUnsigned(in)];
            int zoneCount = Varints.readUnsigned(in);
            Map<String, ZoneVisit> zones = new TreeMap<>();
            for (int z = 0; z < zoneCount; z++) {
                String zone = names[Varints.readUnsigned(in)];
                int flags = in.readByte();
                int insideFrames = Varints.readUnsigned(in);
                int outsideFrames = Varints.readUnsigned(in);
                long insideSince = last - Varints.readSigned(in);
                zones.put(zone, new ZoneVisit((flags & ENTERED) != 0, insideFrames, outsideFrames, insideSince,
                        (flags & LOITERING_REPORTED) != 0));
            }
            double[][] points = new double[Varints.readUnsigned(in)][];
            for (int p = 0; p < points.length; p++) {
                points[p] = new double[] {in.readDouble(), in.readDouble()};
            }
            int lineCount = Varints.readUnsigned(in);
            Map<String, LinePosition> lines = new TreeMap<>();
            for (int l = 0; l < lineCount; l++) {
                String line = names[Varints.readUnsigned(in)];
                Side side = in.readBoolean() ? Side.LEFT : Side.RIGHT;
                double[] point = points[Varints.readUnsigned(in)];
                lines.put(line, new LinePosition(side, point[0], point[1]));
            }
            tracks.add(new TrackPresence(trackId, label, zones, lines));
        }
        return new AnalyticsState(config, last, tracks);
    }
}
