package io.ssdstream.zones.counting;

import io.ssdstream.zones.analytics.FrameAnalytics;
import io.ssdstream.zones.analytics.LineCrossing;
import io.ssdstream.zones.analytics.TrackedFrame;
import io.ssdstream.zones.analytics.TrackedObject;
import io.ssdstream.zones.analytics.ZoneOccupancy;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The running counts of one window; sorted maps so that the emitted counts come out in a fixed order. Its fields are
 * package-visible for {@link CounterStateFormat}.
 */
final class WindowAccumulator implements Serializable {

    private static final int IN = 0;
    private static final int OUT = 1;
    private static final int MAX = 0;
    private static final int SUM = 1;

    final long start;
    final long end;
    int revision;
    boolean emitted;
    long frames;
    long lateFrames;
    final TreeMap<String, TreeSet<Long>> objects = new TreeMap<>();
    /** Per label: {objects summed over frames, frames with the label}. */
    final TreeMap<String, long[]> sightings = new TreeMap<>();
    final TreeMap<String, TreeMap<String, long[]>> crossings = new TreeMap<>();
    final TreeMap<String, TreeMap<String, long[]>> occupancy = new TreeMap<>();

    WindowAccumulator(long start, long end) {
        this.start = start;
        this.end = end;
    }

    WindowAccumulator copy() {
        WindowAccumulator copy = new WindowAccumulator(start, end);
        copy.revision = revision;
        copy.emitted = emitted;
        copy.frames = frames;
        copy.lateFrames = lateFrames;
        objects.forEach((label, ids) -> copy.objects.put(label, new TreeSet<>(ids)));
        sightings.forEach((label, counts) -> copy.sightings.put(label, counts.clone()));
        copyCounts(crossings, copy.crossings);
        copyCounts(occupancy, copy.occupancy);
        return copy;
    }

    private static void copyCounts(TreeMap<String, TreeMap<String, long[]>> from,
                                   TreeMap<String, TreeMap<String, long[]>> to) {
        from.forEach((label, byName) -> {
            TreeMap<String, long[]> copied = new TreeMap<>();
            byName.forEach((name, counts) -> copied.put(name, counts.clone()));
            to.put(label, copied);
        });
    }

    void add(TrackedFrame frame, FrameAnalytics analytics, boolean late) {
        frames++;
        if (late) {
            lateFrames++;
        }
        Set<String> labelsInFrame = new HashSet<>();
        for (TrackedObject object : frame.objects()) {
            objects.computeIfAbsent(object.label(), l -> new TreeSet<>()).add(object.trackId());
            long[] seen = sightings.computeIfAbsent(object.label(), l -> new long[2]);
            seen[0]++;
            if (labelsInFrame.add(object.label())) {
                seen[1]++;
            }
        }
        for (LineCrossing crossing : analytics.crossings()) {
            long[] counts = counts(crossings, crossing.label(), crossing.line());
            counts[crossing.direction() == LineCrossing.Direction.IN ? IN : OUT]++;
        }
        for (ZoneOccupancy zone : analytics.occupancy()) {
            long[] counts = counts(occupancy, zone.label(), zone.zone());
            counts[MAX] = Math.max(counts[MAX], zone.objects());
            counts[SUM] += zone.objects();
        }
    }

    private static long[] counts(TreeMap<String, TreeMap<String, long[]>> table, String label, String name) {
        return table.computeIfAbsent(label, l -> new TreeMap<>()).computeIfAbsent(name, n -> new long[2]);
    }

    WindowCounts counts() {
        TreeSet<String> labels = new TreeSet<>(objects.keySet());
        labels.addAll(crossings.keySet());
        labels.addAll(occupancy.keySet());
        List<ClassCounts> classes = new ArrayList<>();
        for (String label : labels) {
            List<LineCount> lines = new ArrayList<>();
            crossings.getOrDefault(label, new TreeMap<>())
                    .forEach((line, c) -> lines.add(new LineCount(line, c[IN], c[OUT])));
            List<OccupancyStats> zones = new ArrayList<>();
            for (Map.Entry<String, long[]> e : occupancy.getOrDefault(label, new TreeMap<>()).entrySet()) {
                zones.add(new OccupancyStats(e.getKey(), (int) e.getValue()[MAX], (double) e.getValue()[SUM] / frames));
            }
            long[] seen = sightings.getOrDefault(label, new long[2]);
            classes.add(new ClassCounts(label, seen[0], seen[1], objects.getOrDefault(label, new TreeSet<>()).size(),
                    lines, zones));
        }
        return new WindowCounts(start, end, revision, frames, lateFrames, classes);
    }
}
