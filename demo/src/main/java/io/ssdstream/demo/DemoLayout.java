package io.ssdstream.demo;

import io.ssdstream.scenes.Annotation;
import io.ssdstream.scenes.MovingScene;
import io.ssdstream.scenes.PixelBox;
import io.ssdstream.scenes.SceneRenderer;
import io.ssdstream.tracking.Box;
import io.ssdstream.zones.analytics.AnalyticsState;
import io.ssdstream.zones.analytics.CameraAnalytics;
import io.ssdstream.zones.analytics.CameraGeometry;
import io.ssdstream.zones.analytics.FrameAnalytics;
import io.ssdstream.zones.analytics.LineCrossing;
import io.ssdstream.zones.analytics.TrackedFrame;
import io.ssdstream.zones.analytics.TrackedObject;
import io.ssdstream.zones.analytics.ZoneEvent;
import io.ssdstream.zones.config.CameraConfig;
import io.ssdstream.zones.config.CountingLine;
import io.ssdstream.zones.config.Zone;
import io.ssdstream.zones.geometry.Point;
import io.ssdstream.zones.geometry.Side;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Where the demo puts a synthetic camera's one zone and one counting line: where that camera's objects will walk in
 * the demo's first half minute, so that a newcomer sees crossings and zone entries counted soon after the start. A
 * scene's paths are known before its camera starts, so candidate lines (vertical and horizontal, at several places)
 * and zones (rectangles on a grid) are run through the job's own analytics on the objects' true boxes, and the
 * busiest of each is chosen. Candidates are scored with a wider hysteresis than the published line's, so that the
 * chosen line's crossings are clear ones that a detector's less exact boxes also make.
 */
public final class DemoLayout {

    public static final String ZONE = "zone-1";
    public static final String LINE = "line-1";
    /** The crossings and entries that choose a layout are those of the scene's first this many seconds. */
    public static final Duration HORIZON = Duration.ofSeconds(30);
    /** Each candidate zone is this fraction of the frame's width and height. */
    private static final double ZONE_FRACTION = 0.4;
    /** Lines end this fraction of the frame short of its edges, so their ends and arrows stay in the picture. */
    private static final double LINE_MARGIN = 0.1;
    private static final double SCORING_HYSTERESIS = 3 * CountingLine.DEFAULT_HYSTERESIS;

    private DemoLayout() {}

    /**
     * One zone and one line for {@code scene}, filmed at {@code fps}: the line its objects cross most often in
     * {@link #HORIZON} (both ways counting before one way), the zone they enter most often; ties go to the
     * candidate nearer the frame's centre.
     */
    public static CameraConfig of(MovingScene scene, double fps) {
        int width = scene.width();
        int height = scene.height();
        List<CountingLine> lines = candidateLines(width, height);
        List<Zone> zones = candidateZones(width, height);
        Map<String, int[]> crossings = new HashMap<>();
        Map<String, Integer> entries = new HashMap<>();
        CameraGeometry geometry = new CameraGeometry(new CameraConfig(width, height, zones, lines));
        AnalyticsState state = AnalyticsState.EMPTY;
        long frames = (long) Math.floor(HORIZON.toMillis() / 1000.0 * fps);
        for (long n = 0; n <= frames; n++) {
            double seconds = n / fps;
            CameraAnalytics analytics = new CameraAnalytics(geometry, state);
            FrameAnalytics out = analytics.update(TrackedFrame.of(Math.round(seconds * 1000),
                    truth(scene.objects(seconds))));
            state = analytics.state();
            for (LineCrossing crossing : out.crossings()) {
                crossings.computeIfAbsent(crossing.line(), line -> new int[2])
                        [crossing.direction() == LineCrossing.Direction.IN ? 0 : 1]++;
            }
            for (ZoneEvent event : out.zoneEvents()) {
                if (event.type() == ZoneEvent.Type.ENTER) {
                    entries.merge(event.zone(), 1, Integer::sum);
                }
            }
        }
        CountingLine line = lines.stream().max(Comparator.<CountingLine>comparingInt(l ->
                        Math.min(in(crossings, l), out(crossings, l)) > 0 ? 1 : 0)
                .thenComparingInt(l -> in(crossings, l) + out(crossings, l))
                .thenComparing(l -> -centreDistance(l.from(), l.to(), width, height))).orElseThrow();
        Zone zone = zones.stream().max(Comparator.<Zone>comparingInt(z -> entries.getOrDefault(z.name(), 0))
                .thenComparing(z -> -centreDistance(z.vertices().get(0), z.vertices().get(2), width, height)))
                .orElseThrow();
        return new CameraConfig(width, height, List.of(Zone.of(ZONE, zone.vertices(), Set.of())),
                List.of(CountingLine.of(LINE, line.from(), line.to(), line.inSide(), Set.of())));
    }

    /** Vertical lines (drawn downwards) and horizontal ones (drawn rightwards) at 30 % to 70 % of the frame. */
    private static List<CountingLine> candidateLines(int width, int height) {
        List<CountingLine> lines = new ArrayList<>();
        for (int step = 3; step <= 7; step++) {
            double x = width * step / 10.0;
            double y = height * step / 10.0;
            lines.add(scoringLine("vertical-" + step, new Point(x, height * LINE_MARGIN),
                    new Point(x, height * (1 - LINE_MARGIN))));
            lines.add(scoringLine("horizontal-" + step, new Point(width * LINE_MARGIN, y),
                    new Point(width * (1 - LINE_MARGIN), y)));
        }
        return lines;
    }

    private static CountingLine scoringLine(String name, Point from, Point to) {
        return new CountingLine(name, from, to, CountingLine.DEFAULT_IN_SIDE, Set.of(), SCORING_HYSTERESIS,
                CountingLine.DEFAULT_REFERENCE_POINT);
    }

    /** Rectangles of {@link #ZONE_FRACTION} of the frame, their corners on a tenth-of-the-frame grid. */
    private static List<Zone> candidateZones(int width, int height) {
        List<Zone> zones = new ArrayList<>();
        int last = (int) Math.round((1 - ZONE_FRACTION) * 10);
        for (int column = 0; column <= last; column++) {
            for (int row = 0; row <= last; row++) {
                double x1 = width * column / 10.0;
                double y1 = height * row / 10.0;
                double x2 = x1 + width * ZONE_FRACTION;
                double y2 = y1 + height * ZONE_FRACTION;
                zones.add(Zone.of("zone-" + column + "-" + row, List.of(new Point(x1, y1), new Point(x2, y1),
                        new Point(x2, y2), new Point(x1, y2)), Set.of()));
            }
        }
        return zones;
    }

    /** The scene's objects as tracked objects: the track id is the object's place in the scene, from 1. */
    private static List<TrackedObject> truth(List<Annotation> objects) {
        List<TrackedObject> tracked = new ArrayList<>(objects.size());
        for (int i = 0; i < objects.size(); i++) {
            PixelBox box = objects.get(i).box();
            tracked.add(new TrackedObject(i + 1, SceneRenderer.CLASSES.get(objects.get(i).label() - 1),
                    new Box(box.x1(), box.y1(), box.x2(), box.y2())));
        }
        return tracked;
    }

    private static int in(Map<String, int[]> crossings, CountingLine line) {
        return crossings.getOrDefault(line.name(), new int[2])[0];
    }

    private static int out(Map<String, int[]> crossings, CountingLine line) {
        return crossings.getOrDefault(line.name(), new int[2])[1];
    }

    /** How far the middle of {@code a}–{@code b} is from the frame's centre, in pixels. */
    private static double centreDistance(Point a, Point b, int width, int height) {
        return Math.hypot((a.x() + b.x()) / 2 - width / 2.0, (a.y() + b.y()) / 2 - height / 2.0);
    }
}
