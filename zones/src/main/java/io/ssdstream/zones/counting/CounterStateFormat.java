package io.ssdstream.zones.counting;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * A {@link CounterState} in the binary state format (version 1, see {@code AnalyticsStateFormat}): the last capture
 * time and watermark, then whether a window follows and, if so, its bounds, revision, flags and frame counts, and
 * its tables in their (sorted) order: track ids per label, sightings per label, crossings and occupancy per label and
 * line or zone.
 */
public final class CounterStateFormat {

    private CounterStateFormat() {}

    public static void write(CounterState state, DataOutput out) throws IOException {
        out.writeLong(state.lastCaptureTime());
        out.writeLong(state.watermark());
        WindowAccumulator window = state.window();
        out.writeBoolean(window != null);
        if (window == null) {
            return;
        }
        out.writeLong(window.start);
        out.writeLong(window.end);
        out.writeInt(window.revision);
        out.writeBoolean(window.emitted);
        out.writeLong(window.frames);
        out.writeLong(window.lateFrames);
        out.writeInt(window.objects.size());
        for (Map.Entry<String, TreeSet<Long>> e : window.objects.entrySet()) {
            out.writeUTF(e.getKey());
            out.writeInt(e.getValue().size());
            for (long id : e.getValue()) {
                out.writeLong(id);
            }
        }
        out.writeInt(window.sightings.size());
        for (Map.Entry<String, long[]> e : window.sightings.entrySet()) {
            out.writeUTF(e.getKey());
            writePair(e.getValue(), out);
        }
        writeTable(window.crossings, out);
        writeTable(window.occupancy, out);
    }

    public static CounterState read(DataInput in) throws IOException {
        long lastCaptureTime = in.readLong();
        long watermark = in.readLong();
        if (!in.readBoolean()) {
            return new CounterState(lastCaptureTime, watermark, null);
        }
        WindowAccumulator window = new WindowAccumulator(in.readLong(), in.readLong());
        window.revision = in.readInt();
        window.emitted = in.readBoolean();
        window.frames = in.readLong();
        window.lateFrames = in.readLong();
        int labels = in.readInt();
        for (int i = 0; i < labels; i++) {
            String label = in.readUTF();
            int count = in.readInt();
            TreeSet<Long> ids = new TreeSet<>();
            for (int k = 0; k < count; k++) {
                ids.add(in.readLong());
            }
            window.objects.put(label, ids);
        }
        labels = in.readInt();
        for (int i = 0; i < labels; i++) {
            window.sightings.put(in.readUTF(), readPair(in));
        }
        readTable(window.crossings, in);
        readTable(window.occupancy, in);
        return new CounterState(lastCaptureTime, watermark, window);
    }

    private static void writeTable(TreeMap<String, TreeMap<String, long[]>> table, DataOutput out)
            throws IOException {
        out.writeInt(table.size());
        for (Map.Entry<String, TreeMap<String, long[]>> byLabel : table.entrySet()) {
            out.writeUTF(byLabel.getKey());
            out.writeInt(byLabel.getValue().size());
            for (Map.Entry<String, long[]> byName : byLabel.getValue().entrySet()) {
                out.writeUTF(byName.getKey());
                writePair(byName.getValue(), out);
            }
        }
    }

    private static void readTable(TreeMap<String, TreeMap<String, long[]>> table, DataInput in) throws IOException {
        int labels = in.readInt();
        for (int i = 0; i < labels; i++) {
            String label = in.readUTF();
            int names = in.readInt();
            TreeMap<String, long[]> byName = new TreeMap<>();
            for (int k = 0; k < names; k++) {
                byName.put(in.readUTF(), readPair(in));
            }
            table.put(label, byName);
        }
    }

    private static void writePair(long[] pair, DataOutput out) throws IOException {
        out.writeLong(pair[0]);
        out.writeLong(pair[1]);
    }

    private static long[] readPair(DataInput in) throws IOException {
        return new long[] {in.readLong(), in.readLong()};
    }
}
