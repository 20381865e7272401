package io.ssdstream.zones.bench;

import io.ssdstream.machine.Processor;
import io.ssdstream.tracking.Box;
import io.ssdstream.zones.analytics.AnalyticsState;
import io.ssdstream.zones.analytics.CameraAnalytics;
import io.ssdstream.zones.analytics.CameraGeometry;
import io.ssdstream.zones.analytics.FrameAnalytics;
import io.ssdstream.zones.analytics.TrackedFrame;
import io.ssdstream.zones.analytics.TrackedObject;
import io.ssdstream.zones.config.CameraConfig;
import io.ssdstream.zones.config.CountingLine;
import io.ssdstream.zones.config.Zone;
import io.ssdstream.zones.counting.CounterState;
import io.ssdstream.zones.counting.CountingSettings;
import io.ssdstream.zones.counting.WindowCounter;
import io.ssdstream.zones.geometry.Point;
import io.ssdstream.zones.geometry.Side;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectOutputStream;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
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

    private static final int WIDTH = 1920;
    private static final int HEIGHT = 1080;
    private static final long FRAME_MILLIS = 100;
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
        CameraGeometry geometry = new CameraGeometry(config(zones, lines, random));
        List<TrackedFrame> frames = frames(objects, frameCount, random);
        CountingSettings settings = CountingSettings.defaults();

        double kept = Double.MAX_VALUE;
        double viaState = Double.MAX_VALUE;
        double counting = Double.MAX_VALUE;
        long events = 0;
        int stateBytes = 0;
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
            stateBytes = serializedSize(state);
        }
        System.out.println(String.format(Locale.ROOT,
                "{\"processor\":%s,\"java\":\"%s\",\"zones\":%d,\"lines\":%d,\"objectsPerFrame\":%d,"
                        + "\"frames\":%d,\"rounds\":%d,\"cpuMicrosPerFrame\":{\"analytics\":%.1f,"
                        + "\"analyticsThroughState\":%.1f,\"counting\":%.1f},\"eventsPerFrame\":%.2f,"
                        + "\"analyticsStateBytes\":%d}",
                Processor.here().json(), System.getProperty("java.version"), zones,
                lines, objects, frameCount, rounds, kept, viaState, counting, (double) events / frameCount,
                stateBytes));
    }

    private static double micros(long startNanos, int frames) {
        return (CPU.getCurrentThreadCpuTime() - startNanos) / 1000.0 / frames;
    }

    /** Hexagons of radius 120 px on a grid over the frame, and segments 200 to 600 px long anywhere in it. */
    private static CameraConfig config(int zones, int lines, SplittableRandom random) {
        List<Zone> zoneList = new ArrayList<>();
        int columns = (int) Math.ceil(Math.sqrt(zones * 16.0 / 9));
        int rows = Math.max(1, (int) Math.ceil((double) zones / columns));
        for (int z = 0; z < zones; z++) {
            double cx = (z % columns + 0.5) * WIDTH / columns;
            double cy = (z / columns + 0.5) * HEIGHT / rows;
            List<Point> hexagon = new ArrayList<>();
            for (int k = 0; k < 6; k++) {
                double angle = Math.PI / 3 * k;
                hexagon.add(new Point(clamp(cx + 120 * Math.cos(angle), WIDTH),
                        clamp(cy + 120 * Math.sin(angle), HEIGHT)));
            }
            zoneList.add(Zone.of("zone-" + z, hexagon, Set.of()));
        }
        List<CountingLine> lineList = new ArrayList<>();
        for (int l = 0; l < lines; l++) {
            double x = random.nextDouble(WIDTH);
            double y = random.nextDouble(HEIGHT);
            double length = random.nextDouble(200, 600);
            double angle = random.nextDouble(Math.PI * 2);
            Point to = new Point(clamp(x + length * Math.cos(angle), WIDTH), clamp(y + length * Math.sin(angle),
                    HEIGHT));
            lineList.add(CountingLine.of("line-" + l, new Point(x, y), to, Side.RIGHT, Set.of()));
        }
        return new CameraConfig(WIDTH, HEIGHT, zoneList, lineList);
    }

    private static double clamp(double v, int max) {
        return Math.max(0, Math.min(max, v));
    }

    /** Objects of two classes bouncing off the frame's edges at up to 150 px/s, every one seen in every frame. */
    private static List<TrackedFrame> frames(int objects, int frameCount, SplittableRandom random) {
        double[] x = new double[objects];
        double[] y = new double[objects];
        double[] vx = new double[objects];
        double[] vy = new double[objects];
        for (int o = 0; o < objects; o++) {
            x[o] = random.nextDouble(20, WIDTH - 20);
            y[o] = random.nextDouble(100, HEIGHT);
            vx[o] = random.nextDouble(-150, 150) * FRAME_MILLIS / 1000;
            vy[o] = random.nextDouble(-150, 150) * FRAME_MILLIS / 1000;
        }
        List<TrackedFrame> frames = new ArrayList<>(frameCount);
        for (int f = 0; f < frameCount; f++) {
            List<TrackedObject> seen = new ArrayList<>(objects);
            for (int o = 0; o < objects; o++) {
                x[o] += vx[o];
                y[o] += vy[o];
                if (x[o] < 20 || x[o] > WIDTH - 20) {
                    vx[o] = -vx[o];
                }
                if (y[o] < 100 || y[o] > HEIGHT) {
                    vy[o] = -vy[o];
                }
                double bottom = Math.max(100, Math.min(HEIGHT, y[o]));
                double centre = Math.max(20, Math.min(WIDTH - 20, x[o]));
                seen.add(new TrackedObject(o + 1, o % 2 == 0 ? "person" : "car",
                        new Box(centre - 20, bottom - 100, centre + 20, bottom)));
            }
            frames.add(TrackedFrame.of(f * FRAME_MILLIS, seen));
        }
        return frames;
    }

    private static int serializedSize(AnalyticsState state) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(state);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.size();
    }
}
