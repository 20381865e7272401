package io.ssdstream.zones.analytics;

import static io.ssdstream.zones.analytics.Scene.standingAt;
import static org.assertj.core.api.Assertions.assertThat;

import io.ssdstream.zones.analytics.LineCrossing.Direction;
import io.ssdstream.zones.analytics.ZoneEvent.Type;
import io.ssdstream.zones.config.CameraConfig;
import io.ssdstream.zones.config.CountingLine;
import io.ssdstream.zones.config.ReferencePoint;
import io.ssdstream.zones.config.Zone;
import io.ssdstream.zones.geometry.Point;
import io.ssdstream.zones.geometry.Side;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Seeded random walks (with jitter) through two zones and two lines, checked against what must hold whatever the
 * path: per track and zone, ENTER and EXIT alternate starting with ENTER; per track and line, crossings alternate in
 * direction (the lines cut the walks' whole square, so no path goes around an end); after every frame the occupancy
 * equals ENTERs minus EXITs so far; and a track that never left the 3-pixel band around a line (hysteresis 5) never
 * crossed it.
 */
class RandomWalkInvariantsTest {

    private static final CameraConfig CONFIG = new CameraConfig(1000, 1000,
            List.of(new Zone("a", List.of(new Point(200, 200), new Point(600, 250), new Point(400, 700)), Set.of(),
                            2, Duration.ZERO, ReferencePoint.BOTTOM_CENTRE),
                    new Zone("b", List.of(new Point(500, 500), new Point(900, 500), new Point(900, 900),
                            new Point(500, 900)), Set.of(), 3, Duration.ZERO, ReferencePoint.BOTTOM_CENTRE)),
            List.of(new CountingLine("v", new Point(500, 0), new Point(500, 1000), Side.RIGHT, Set.of(), 5,
                            ReferencePoint.BOTTOM_CENTRE),
                    new CountingLine("d", new Point(0, 1000), new Point(1000, 0), Side.LEFT, Set.of(), 5,
                            ReferencePoint.BOTTOM_CENTRE)));

    @Test
    void eventsAlternateAndOccupancyIsEntersMinusExits() {
        SplittableRandom random = new SplittableRandom(7);
        Scene scene = new Scene(CONFIG);
        int tracks = 12;
        double[] x = new double[tracks];
        double[] y = new double[tracks];
        for (int t = 0; t < tracks; t++) {
            x[t] = random.nextDouble(100, 900);
            y[t] = random.nextDouble(100, 900);
        }
        Map<String, Integer> inside = new HashMap<>();
        Map<String, Type> lastZoneEvent = new HashMap<>();
        Map<String, Direction> lastCrossing = new HashMap<>();
        for (int f = 0; f < 2000; f++) {
            List<TrackedObject> objects = new ArrayList<>();
            for (int t = 0; t < tracks; t++) {
                x[t] = Math.max(50, Math.min(950, x[t] + random.nextDouble(-12, 12)));
                y[t] = Math.max(50, Math.min(950, y[t] + random.nextDouble(-12, 12)));
                if (random.nextDouble() < 0.9) {
                    objects.add(standingAt(t, "person", x[t], y[t]));
                }
            }
            FrameAnalytics out = scene.frame(TrackedFrame.of(f * 100L, objects));
            for (ZoneEvent e : out.zoneEvents()) {
                String key = e.trackId() + "/" + e.zone();
                Type previous = lastZoneEvent.getOrDefault(key, Type.EXIT);
                assertThat(e.type()).as("%s after %s", key, previous)
                        .isEqualTo(previous == Type.EXIT ? Type.ENTER : Type.EXIT);
                lastZoneEvent.put(key, e.type());
                inside.merge(e.zone(), e.type() == Type.ENTER ? 1 : -1, Integer::sum);
            }
            for (LineCrossing c : out.crossings()) {
                String key = c.trackId() + "/" + c.line();
                assertThat(c.direction()).as(key).isNotEqualTo(lastCrossing.get(key));
                lastCrossing.put(key, c.direction());
            }
            Map<String, Integer> reported = new HashMap<>();
            out.occupancy().forEach(o -> reported.merge(o.zone(), o.objects(), Integer::sum));
            for (String zone : List.of("a", "b")) {
                assertThat(reported.getOrDefault(zone, 0)).as("zone %s at frame %d", zone, f)
                        .isEqualTo(inside.getOrDefault(zone, 0));
            }
        }
        // the walks are long enough to exercise every kind of event
        assertThat(lastZoneEvent).isNotEmpty();
        assertThat(lastCrossing).isNotEmpty();
    }

    @Test
    void aTrackThatNeverLeavesTheBandNeverCrosses() {
        SplittableRandom random = new SplittableRandom(11);
        Scene scene = new Scene(CONFIG);
        for (int f = 0; f < 2000; f++) {
            // within 3 px of the vertical line x = 500, anywhere along it
            scene.frame(f * 100L, standingAt(1, "person", 500 + random.nextDouble(-3, 3), random.nextDouble(0, 1000)));
        }
        assertThat(scene.crossings).filteredOn(c -> c.line().equals("v")).isEmpty();
    }
}
