package io.ssdstream.zones.analytics;

import static io.ssdstream.zones.analytics.Scene.standingAt;
import static org.assertj.core.api.Assertions.assertThat;

import io.ssdstream.zones.analytics.LineCrossing.Direction;
import io.ssdstream.zones.config.CameraConfig;
import io.ssdstream.zones.config.CountingLine;
import io.ssdstream.zones.config.ReferencePoint;
import io.ssdstream.zones.geometry.Point;
import io.ssdstream.zones.geometry.Side;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * A vertical door line from (500, 100) down to (500, 900) in a 1000 x 1000 frame. Looking from its start towards its
 * end (down the picture) the right hand points to smaller x, so "in" = RIGHT means x < 500 is inside: walking from
 * x < 500 to x > 500 is OUT, back is IN. Hysteresis 5 px: a side needs x < 495 or x > 505.
 */
class LineCrossingTest {

    private static CameraConfig door(double hysteresis) {
        return new CameraConfig(1000, 1000, List.of(), List.of(new CountingLine("door", new Point(500, 100),
                new Point(500, 900), Side.RIGHT, Set.of(), hysteresis, ReferencePoint.BOTTOM_CENTRE)));
    }

    @Test
    void countsOneCrossingEachWayWhenWalkingThroughAndBack() {
        Scene scene = new Scene(door(5));
        // frames 0..40 walk x = 300 + 10 i, frames 41..80 walk back x = 700 - 10 (i - 40), 100 ms apart
        for (int i = 0; i <= 80; i++) {
            double x = i <= 40 ? 300 + 10 * i : 700 - 10 * (i - 40);
            scene.frame(i * 100L, standingAt(7, "person", x, 500));
        }
        // first x beyond 505 going out: 510 at i = 21; first x below 495 coming back: 490 at i = 61
        assertThat(scene.crossings).containsExactly(
                new LineCrossing("door", Direction.OUT, 7, "person", 2100),
                new LineCrossing("door", Direction.IN, 7, "person", 6100));
    }

    @Test
    void walkingAlongTheLineInsideTheHysteresisNeverCounts() {
        Scene scene = new Scene(door(5));
        for (int i = 0; i <= 80; i++) {
            // 3 px either side of the line, alternating, all the way down it
            scene.frame(i * 100L, standingAt(1, "person", i % 2 == 0 ? 497 : 503, 100 + 10 * i));
        }
        assertThat(scene.crossings).isEmpty();
    }

    @Test
    void jitterOnTheLineNeverDoubleCountsAndWithoutHysteresisItWould() {
        // approach from x = 400, jitter 497 / 503 for 10 frames, go on to x = 600: one real crossing, OUT
        double[] path = {400, 450, 490, 497, 503, 497, 503, 497, 503, 497, 503, 497, 503, 550, 600};
        Scene damped = new Scene(door(5));
        Scene raw = new Scene(door(0));
        for (int i = 0; i < path.length; i++) {
            damped.frame(i * 100L, standingAt(3, "person", path[i], 500));
            raw.frame(i * 100L, standingAt(3, "person", path[i], 500));
        }
        // with 5 px: sides are in (x < 495) up to 490 at i = 2, then out at 550 (i = 13): one OUT at 1300
        assertThat(damped.crossings).containsExactly(new LineCrossing("door", Direction.OUT, 3, "person", 1300));
        // with none every change of side counts: 490 -> 497 stays in; 497 -> 503 OUT, 503 -> 497 IN, ... over the
        // ten jitter frames (i = 3..12) nine changes, five OUT and four IN; then 503 -> 550 stays out
        assertThat(raw.crossings).extracting(LineCrossing::direction).containsExactly(Direction.OUT, Direction.IN,
                Direction.OUT, Direction.IN, Direction.OUT, Direction.IN, Direction.OUT, Direction.IN, Direction.OUT);
    }

    @Test
    void passingAroundTheEndOfTheLineIsNoCrossingButUpdatesTheSide() {
        Scene scene = new Scene(door(5));
        // below the segment's end (y = 950 > 900): from x = 300 to 700, crossing only the line's extension
        for (int i = 0; i <= 40; i++) {
            scene.frame(i * 100L, standingAt(2, "car", 300 + 10 * i, 950));
        }
        // then up to y = 500 on the out side and back through the door: x 700 -> 300 at y = 500
        for (int i = 0; i <= 40; i++) {
            scene.frame(5000 + i * 100L, standingAt(2, "car", 700 - 10 * i, 500));
        }
        // only the door passage counts: 490 first below 495 at i = 21, time 5000 + 2100; it is IN, which it could
        // only be if the silent change to the out side below the line was remembered
        assertThat(scene.crossings).containsExactly(new LineCrossing("door", Direction.IN, 2, "car", 7100));
    }

    @Test
    void aLostTrackCrossesWhenSeenAgainOnTheOtherSide() {
        Scene scene = new Scene(door(5));
        scene.frame(0, standingAt(4, "person", 450, 500));
        scene.frame(100);
        scene.frame(200);
        scene.frame(300, standingAt(4, "person", 560, 500));
        assertThat(scene.crossings).containsExactly(new LineCrossing("door", Direction.OUT, 4, "person", 300));
    }

    @Test
    void countsOnlyTheLinesClassesAndEachTrackSeparately() {
        CameraConfig carsOnly = new CameraConfig(1000, 1000, List.of(), List.of(CountingLine.of("door",
                new Point(500, 100), new Point(500, 900), Side.RIGHT, Set.of("car"))));
        Scene scene = new Scene(carsOnly);
        scene.frame(0, standingAt(1, "person", 450, 500), standingAt(2, "car", 450, 400),
                standingAt(3, "car", 550, 300));
        scene.frame(100, standingAt(1, "person", 550, 500), standingAt(2, "car", 550, 400),
                standingAt(3, "car", 450, 300));
        assertThat(scene.crossings).containsExactly(
                new LineCrossing("door", Direction.OUT, 2, "car", 100),
                new LineCrossing("door", Direction.IN, 3, "car", 100));
    }
}
