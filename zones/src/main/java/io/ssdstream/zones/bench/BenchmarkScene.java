package io.ssdstream.zones.bench;

import io.ssdstream.tracking.Box;
import io.ssdstream.zones.analytics.TrackedFrame;
import io.ssdstream.zones.analytics.TrackedObject;
import io.ssdstream.zones.config.CameraConfig;
import io.ssdstream.zones.config.CountingLine;
import io.ssdstream.zones.config.Zone;
import io.ssdstream.zones.geometry.Point;
import io.ssdstream.zones.geometry.Side;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * The benchmark's busy camera, seeded: a 1920 x 1080 frame with hexagonal zones on a grid and random lines, and
 * objects bouncing around it at 10 frames per second. Also what the job's state tests fill a camera's state with.
 */
public final class BenchmarkScene {

    private static final int WIDTH = 1920;
    private static final int HEIGHT = 1080;
    private static final long FRAME_MILLIS = 100;

    private BenchmarkScene() {
    }

    /** Hexagons of radius 120 px on a grid over the frame, and segments 200 to 600 px long anywhere in it. */
    public static CameraConfig config(int zones, int lines, SplittableRandom random) {
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
    public static List<TrackedFrame> frames(int objects, int frameCount, SplittableRandom random) {
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
}
