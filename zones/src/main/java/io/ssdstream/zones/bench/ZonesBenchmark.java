package io.ssdstream.zones.bench;

import io.ssdstream.machine.Processor;
import io.ssdstream.zones.analytics.AnalyticsState;
import io.ssdstream.zones.analytics.AnalyticsStateFormat;
import io.ssdstream.zones.analytics.CameraAnalytics;
import io.ssdstream.zones.analytics.CameraGeometry;
import io.ssdstream.zones.analytics.FrameAnalytics;
import io.ssdstream.zones.analytics.TrackedFrame;
import io.ssdstream.zones.counting.CounterState;
import io.ssdstream.zones.counting.CounterStateFormat;
import io.ssdstream.zones.counting.CountingSettings;
import io.ssdstream.zones.counting.WindowCounter;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.ObjectOutputStream;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * Micro benchmark: per-frame cost of one camera's analytics with 20 zones (hexagons on a grid), 20 lines (seeded
 * random segments) and 50 tracked objects bouncing around a 1920 x 1080 frame at 10 frames per second. Measures the
 * analytics alone (one instance kept), the analytics as the job will run them (rebuilt from the state value and the
 * state taken back every frame), and the window counting, each in thread CPU time, the best of the rounds after
 * two warm-up rounds.
 * Prints one JSON object. Run: see docs/zones.md.
 */
public final class ZonesBenchmark {

    /** Thread CPU time, not wall time: the shared build machines run many processes, which inflate wall time. */
    private static final ThreadMXBean CPU = ManagementFactory.getThreadMXBean();

    private ZonesBenchmark() {
    }

    public static void main(String[] args) {
        int zones = args.length > 0 ? Integer.parseInt(args[0]) : 20;
        int lines = args.length > 1 ? Integer.parseInt(args[1]) : 20;
        int objects = args.length > 2 ? Integer.parseInt(args[2]) : 50;
        int frameCount = args.length > 3 ? Integer.parseInt(args[3]) : 3000;
        int rounds = args.length > 4 ? Integer.parseInt(args[4]) : 5;
        if (zones < 0 || lines < 0 || objects < 1 || frameCount < 1 || rounds < 1) {
            throw new IllegalArgumentException("zones (" + zones + ") and lines (" + lines + ") must be at least 0, "
                    + "objects (" + objects + "), frames (" + frameCount + ") and rounds (" + rounds + ") at least 1");
        }
        SplittableRandom random = new SplittableRandom(42);
        CameraGeometry geometry = new CameraGeometry(BenchmarkScene.config(zones, lines, random));
        List<TrackedFrame> frames = BenchmarkScene.frames(objects, frameCount, random);
        CountingSettings settings = CountingSettings.defaults();

        double kept = Double.MAX_VALUE;
        double viaState = Double.MAX_VALUE;
        double counting = Double.MAX_VALUE;
        long events = 0;
        String stateBytes = "";
        for (int r = 0; r < rounds + 2; r++) {
            CameraAnalytics analytics = new CameraAnalytics(geometry, AnalyticsState.EMPTY);
            List<FrameAnalytics> results = new ArrayList<>(frameCount);
            long start = CPU.getCurrentThreadCpuTime();
            for (TrackedFrame frame : frames) {
                results.add(analytics.update(frame));
            }
            double keptPerFrame = micros(start, frameCount);

            AnalyticsState state = AnalyticsState.EMPTY;
            start = CPU.getCurrentThreadCpuTime();
            for (TrackedFrame frame : frames) {
                CameraAnalytics fromState = new CameraAnalytics(geometry, state);
                fromState.update(frame);
                state = fromState.state();
            }
            double viaStatePerFrame = micros(start, frameCount);

            CounterState counterState = CounterState.EMPTY;
            start = CPU.getCurrentThreadCpuTime();
            for (int f = 0; f < frameCount; f++) {
                WindowCounter counter = new WindowCounter(settings, counterState);
                counter.add(frames.get(f), results.get(f));
                counterState = counter.state();
            }
            double countingPerFrame = micros(start, frameCount);
            if (r >= 2) {
                kept = Math.min(kept, keptPerFrame);
                viaState = Math.min(viaState, viaStatePerFrame);
                counting = Math.min(counting, countingPerFrame);
            }
            events = results.stream().mapToLong(a -> a.zoneEvents().size() + a.crossings().size()).sum();
            stateBytes = stateBytes(state, counterState);
        }
        System.out.println(String.format(Locale.ROOT,
                "{\"processor\":%s,\"java\":\"%s\",\"zones\":%d,\"lines\":%d,\"objectsPerFrame\":%d,"
                        + "\"frames\":%d,\"rounds\":%d,\"cpuMicrosPerFrame\":{\"analytics\":%.1f,"
                        + "\"analyticsThroughState\":%.1f,\"counting\":%.1f},\"eventsPerFrame\":%.2f,"
                        + "\"stateBytes\":%s}",
                Processor.here().json(), System.getProperty("java.version"), zones,
                lines, objects, frameCount, rounds, kept, viaState, counting, (double) events / frameCount,
                stateBytes));
    }

    private static double micros(long startNanos, int frames) {
        return (CPU.getCurrentThreadCpuTime() - startNanos) / 1000.0 / frames;
    }

    /** The final states' sizes, Java-serialized (the job's format before) and in the binary state format. */
    private static String stateBytes(AnalyticsState analytics, CounterState counter) {
        ByteArrayOutputStream analyticsBinary = new ByteArrayOutputStream();
        ByteArrayOutputStream counterBinary = new ByteArrayOutputStream();
        try {
            AnalyticsStateFormat.write(analytics, new DataOutputStream(analyticsBinary));
            CounterStateFormat.write(counter, new DataOutputStream(counterBinary));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return String.format(Locale.ROOT, "{\"analyticsJava\":%d,\"analyticsBinary\":%d,\"counterJava\":%d,"
                        + "\"counterBinary\":%d}", javaSerializedSize(analytics), analyticsBinary.size(),
                javaSerializedSize(counter), counterBinary.size());
    }

    private static int javaSerializedSize(Object state) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(state);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.size();
    }
}
