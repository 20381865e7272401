package io.ssdstream.zones.analytics;

import static io.ssdstream.zones.analytics.Scene.standingAt;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ssdstream.tracking.Box;
import io.ssdstream.zones.analytics.LineCrossing.Direction;
import io.ssdstream.zones.analytics.ZoneEvent.Type;
import io.ssdstream.zones.config.CameraConfig;
import io.ssdstream.zones.config.CountingLine;
import io.ssdstream.zones.config.ReferencePoint;
import io.ssdstream.zones.config.Zone;
import io.ssdstream.zones.geometry.Point;
import io.ssdstream.zones.geometry.Side;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Zone "bay" is the square (100, 100) - (300, 300) of a 1000 x 1000 frame; objects stand at (x, y). */
class ZoneEventsTest {

    private static final List<Point> BAY = List.of(new Point(100, 100), new Point(300, 100), new Point(300, 300),
            new Point(100, 300));
    private static final List<Point> YARD = List.of(new Point(600, 600), new Point(900, 600), new Point(900, 900),
            new Point(600, 900));

    private static Zone bay(int inertia, Duration loitering) {
        return new Zone("bay", BAY, Set.of("person"), inertia, loitering, ReferencePoint.BOTTOM_CENTRE);
    }

    private static CameraConfig camera(Zone... zones) {
        return new CameraConfig(1000, 1000, List.of(zones), List.of());
    }

    private static ZoneEvent event(Type type, String zone, long track, long time, long since) {
        return new ZoneEvent(type, zone, track, "person", time, since);
    }

    @Test
    void fewerFramesInsideThanTheInertiaNeverEnter() {
        Scene scene = new Scene(camera(bay(3, Duration.ZERO)));
        scene.frame(0, standingAt(1, "person", 50, 200));
        scene.frame(100, standingAt(1, "person", 150, 200));
        scene.frame(200, standingAt(1, "person", 200, 200));
        scene.frame(300, standingAt(1, "person", 350, 200));
        scene.frame(400, standingAt(1, "person", 250, 200));
        scene.frame(500, standingAt(1, "person", 400, 200));
        // inside twice in a row, then once: never the three frames the inertia asks for
        assertThat(scene.zoneEvents).isEmpty();
        assertThat(scene.last.occupancy()).isEmpty();
    }

    @Test
    void entersOnTheInertiaThFrameAndLeavesOnlyAfterAsManyFramesOutside() {
        Scene scene = new Scene(camera(bay(3, Duration.ZERO)));
        double[] xs = {50, 150, 160, 170, 350, 360, 180, 350, 360, 370, 380};
        for (int i = 0; i < xs.length; i++) {
            scene.frame(i * 100L, standingAt(1, "person", xs[i], 200));
            if (i == 3) {
                assertThat(scene.last.occupancy()).containsExactly(new ZoneOccupancy("bay", "person", 1));
            }
        }
        // inside at i = 1, 2, 3: ENTER at 300 since 100; out at 4, 5 (two < 3), in at 6; out at 7, 8, 9: EXIT at 900
        assertThat(scene.zoneEvents).containsExactly(event(Type.ENTER, "bay", 1, 300, 100),
                event(Type.EXIT, "bay", 1, 900, 100));
        assertThat(scene.last.occupancy()).isEmpty();
    }

    @Test
    void loiteringIsReportedOnceAfterTheLoiteringTimeInside() {
        Scene scene = new Scene(camera(bay(3, Duration.ofSeconds(2))));
        for (int i = 0; i <= 12; i++) {
            scene.frame(i * 500L, standingAt(5, "person", 200, 200));
        }
        // inside from 0: ENTER at the third frame (1000), LOITERING at the first frame 2 s after 0 (2000), once
        assertThat(scene.zoneEvents).containsExactly(event(Type.ENTER, "bay", 5, 1000, 0),
                event(Type.LOITERING, "bay", 5, 2000, 0));
    }

    @Test
    void aLostTrackStaysInsideAndAnEndedOneLeaves() {
        Scene scene = new Scene(camera(bay(1, Duration.ZERO)));
        scene.frame(0, standingAt(9, "person", 200, 200));
        scene.frame(100);
        scene.frame(200);
        assertThat(scene.last.occupancy()).containsExactly(new ZoneOccupancy("bay", "person", 1));
        scene.frame(new TrackedFrame(300, List.of(), List.of(9L)));
        assertThat(scene.zoneEvents).containsExactly(event(Type.ENTER, "bay", 9, 0, 0),
                event(Type.EXIT, "bay", 9, 300, 0));
        assertThat(scene.last.occupancy()).isEmpty();
        assertThat(scene.state().tracks()).isEmpty();
    }

    @Test
    void anObjectWalkingOutOfTheFrameLeavesWhenItsTrackEnds() {
        Zone edge = new Zone("edge", List.of(new Point(800, 0), new Point(1000, 0), new Point(1000, 1000),
                new Point(800, 1000)), Set.of(), 2, Duration.ZERO, ReferencePoint.BOTTOM_CENTRE);
        Scene scene = new Scene(camera(edge));
        // x = 900, 950, 990 inside the strip at the frame's right edge, then gone from the picture for 2 s
        scene.frame(0, standingAt(6, "person", 900, 500));
        scene.frame(100, standingAt(6, "person", 950, 500));
        scene.frame(200, standingAt(6, "person", 990, 500));
        for (long t = 300; t < 2300; t += 100) {
            scene.frame(t);
        }
        assertThat(scene.last.occupancy()).containsExactly(new ZoneOccupancy("edge", "person", 1));
        // the tracker ends the track after its maximum lost age; only then has the person left
        scene.frame(new TrackedFrame(2300, List.of(), List.of(6L)));
        assertThat(scene.zoneEvents).containsExactly(event(Type.ENTER, "edge", 6, 100, 0),
                event(Type.EXIT, "edge", 6, 2300, 0));
    }

    @Test
    void tracksEndedBetweenFramesLeaveTheirZones() {
        Scene scene = new Scene(camera(bay(1, Duration.ZERO)));
        scene.frame(0, standingAt(1, "person", 200, 200), standingAt(2, "person", 250, 250));
        // the camera's frames stopped; the tracker's expiry ends track 2 at 4000
        CameraAnalytics analytics = new CameraAnalytics(new CameraGeometry(camera(bay(1, Duration.ZERO))),
                scene.state());
        assertThat(analytics.endTracks(4000, List.of(2L))).containsExactly(event(Type.EXIT, "bay", 2, 4000, 0));
        scene.restore(analytics.state());
        scene.frame(100, standingAt(1, "person", 200, 200));
        assertThat(scene.last.occupancy()).containsExactly(new ZoneOccupancy("bay", "person", 1));
    }

    @Test
    void followsOnlyTheZonesClassesAndCountsOccupancyPerClass() {
        Zone anyClass = new Zone("yard", YARD, Set.of(), 1, Duration.ZERO, ReferencePoint.BOTTOM_CENTRE);
        Scene scene = new Scene(camera(bay(1, Duration.ZERO), anyClass));
        scene.frame(0, standingAt(1, "car", 200, 200), standingAt(2, "person", 250, 250),
                standingAt(3, "car", 700, 700), standingAt(4, "car", 800, 800), standingAt(5, "person", 650, 650));
        assertThat(scene.last.occupancy()).containsExactly(new ZoneOccupancy("bay", "person", 1),
                new ZoneOccupancy("yard", "car", 2), new ZoneOccupancy("yard", "person", 1));
        assertThat(scene.zoneEvents).extracting(ZoneEvent::trackId).containsExactly(2L, 3L, 4L, 5L);
    }

    @Test
    void theReferencePointDecidesWhereAnObjectIs() {
        // a box from y = 260 to 340 around x = 200: its bottom centre (200, 340) is outside, its centre inside
        Zone byCentre = new Zone("bay", BAY, Set.of(), 1, Duration.ZERO, ReferencePoint.CENTRE);
        Scene feet = new Scene(camera(bay(1, Duration.ZERO)));
        Scene centre = new Scene(camera(byCentre));
        TrackedObject object = new TrackedObject(1, "person", new Box(190, 260, 210, 340));
        feet.frame(0, object);
        centre.frame(0, object);
        assertThat(feet.zoneEvents).isEmpty();
        assertThat(centre.zoneEvents).containsExactly(event(Type.ENTER, "bay", 1, 0, 0));
    }

    @Test
    void aChangedConfigurationTakesEffectFromTheNextFrame() {
        CountingLine door = new CountingLine("door", new Point(500, 0), new Point(500, 1000), Side.RIGHT, Set.of(), 5,
                ReferencePoint.BOTTOM_CENTRE);
        Zone yard = new Zone("yard", YARD, Set.of(), 1, Duration.ZERO, ReferencePoint.BOTTOM_CENTRE);
        Scene scene = new Scene(new CameraConfig(1000, 1000, List.of(bay(1, Duration.ZERO)), List.of(door)));
        scene.frame(0, standingAt(1, "person", 200, 200), standingAt(2, "person", 480, 500));
        // the new configuration: bay gone, yard added, the door moved to x = 400 (track 2 is now on its other side)
        CountingLine movedDoor = new CountingLine("door", new Point(400, 0), new Point(400, 1000), Side.RIGHT,
                Set.of(), 5, ReferencePoint.BOTTOM_CENTRE);
        scene.configure(new CameraConfig(1000, 1000, List.of(yard), List.of(movedDoor)));
        scene.frame(100, standingAt(1, "person", 700, 700), standingAt(2, "person", 480, 500));
        scene.frame(200, standingAt(1, "person", 700, 700), standingAt(2, "person", 380, 500));
        // frame 0 follows the old zones: ENTER bay. Frame 100 the new ones: EXIT bay (gone), ENTER yard. Track 2 at
        // x = 480 was on the old door's in side; the moved door forgot it, so only the walk 480 -> 380 counts (IN)
        assertThat(scene.zoneEvents).containsExactly(event(Type.ENTER, "bay", 1, 0, 0),
                event(Type.EXIT, "bay", 1, 100, 0), event(Type.ENTER, "yard", 1, 100, 100));
        assertThat(scene.crossings).containsExactly(new LineCrossing("door", Direction.IN, 2, "person", 200));
    }

    @Test
    void aRestoredStateContinuesExactlyAsAnUninterruptedRun() throws Exception {
        CameraConfig config = new CameraConfig(1000, 1000, List.of(bay(2, Duration.ofMillis(300))),
                List.of(CountingLine.of("door", new Point(250, 0), new Point(250, 1000), Side.LEFT, Set.of())));
        Scene whole = new Scene(config);
        Scene resumed = new Scene(config);
        List<TrackedFrame> frames = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            frames.add(TrackedFrame.of(i * 100L, List.of(standingAt(1, "person", 120 + 10 * i, 200),
                    standingAt(2, "person", 400 - 10 * i, 150))));
        }
        for (int i = 0; i < frames.size(); i++) {
            whole.frame(frames.get(i));
            resumed.frame(frames.get(i));
            if (i == 12) {
                resumed.restore(roundTrip(resumed.state()));
            }
        }
        assertThat(whole.zoneEvents).isNotEmpty();
        assertThat(whole.crossings).hasSize(2);
        assertThat(resumed.zoneEvents).isEqualTo(whole.zoneEvents);
        assertThat(resumed.crossings).isEqualTo(whole.crossings);
    }

    @Test
    void refusesFramesOutOfCaptureOrder() {
        Scene scene = new Scene(camera(bay(1, Duration.ZERO)));
        scene.frame(100);
        assertThatThrownBy(() -> scene.frame(100)).hasMessageContaining("frame capture time 100 is not after");
        assertThatThrownBy(() -> scene.frame(200, standingAt(4, "person", 1, 1), standingAt(4, "person", 9, 9)))
                .hasMessageContaining("track 4 appears twice in the frame captured at 200");
    }

    private static AnalyticsState roundTrip(AnalyticsState state) throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(state);
        }
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
            return (AnalyticsState) in.readObject();
        }
    }
}
