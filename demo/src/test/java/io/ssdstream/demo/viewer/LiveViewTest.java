package io.ssdstream.demo.viewer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

import io.ssdstream.schemas.CameraConfig;
import io.ssdstream.schemas.CrossingDirection;
import io.ssdstream.schemas.ObjectEventKind;
import io.ssdstream.schemas.ZoneEventKind;
import io.ssdstream.schemas.RejectReason;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class LiveViewTest {

    @Test
    void showsAFrameOnceItsDetectionsArrive() {
        LiveView view = new LiveView();
        view.onFrame(ViewerData.frame("gate", 1, new byte[] {1}));
        view.onFrame(ViewerData.frame("gate", 2, new byte[] {2}));
        assertThat(view.cameras()).isEmpty();

        view.onDetections(ViewerData.event("gate", 1, 40), 0);
        assertThat(view.latest("gate")).hasValueSatisfying(s -> assertThat(s.jpeg()).containsExactly(1));
        view.onDetections(ViewerData.event("gate", 2, 40), 0);
        assertThat(view.latest("gate")).hasValueSatisfying(s -> assertThat(s.jpeg()).containsExactly(2));
        assertThat(view.eventsOf("gate")).isEqualTo(2);
    }

    @Test
    void keepsEachCamerasLatestWindowOfCountsAtItsHighestRevision() {
        LiveView view = new LiveView();
        view.onCounts(ViewerData.counts("gate", 1_000, 0, 2));
        view.onCounts(ViewerData.counts("gate", 1_010, 0, 3));
        view.onCounts(ViewerData.counts("gate", 1_000, 1, 4));
        assertThat(view.latestCounts("gate")).hasValueSatisfying(c -> assertThat(c.getFrames()).isEqualTo(20))
                .hasValueSatisfying(c -> assertThat(c.getClasses().get(0).getDistinctObjects()).isEqualTo(3));
        view.onCounts(ViewerData.counts("gate", 1_010, 1, 5));
        assertThat(view.latestCounts("gate")).hasValueSatisfying(c ->
                assertThat(c.getClasses().get(0).getDistinctObjects()).as("revision 1 replaces 0").isEqualTo(5));
        assertThat(view.latestCounts("dock")).isEmpty();
    }

    @Test
    void keepsTheLastValidConfigurationAndForgetsItOnATombstone() {
        LiveView view = new LiveView();
        view.onCameraConfig("gate", ViewerData.layout("gate"));
        CameraConfig broken = ViewerData.layout("gate");
        broken.getLines().get(0).setTo(broken.getLines().get(0).getFrom());
        view.onCameraConfig("gate", broken);

        assertThat(view.invalidConfigs()).isEqualTo(1);
        assertThat(view.zones("gate")).hasValueSatisfying(zones ->
                assertThat(zones.config().lines().get(0).to().y()).isEqualTo(240));
        view.onCameraConfig("gate", null);
        assertThat(view.zones("gate")).isEmpty();
    }

    @Test
    void countsCrossingsPerLineAndDirectionAndZoneEntriesPerCamera() {
        LiveView view = new LiveView();
        view.onLineCrossing(ViewerData.crossing("gate", "north", CrossingDirection.IN, 1));
        view.onLineCrossing(ViewerData.crossing("gate", "north", CrossingDirection.OUT, 1));
        view.onLineCrossing(ViewerData.crossing("gate", "south", CrossingDirection.IN, 2));
        view.onLineCrossing(ViewerData.crossing("dock", "north", CrossingDirection.IN, 1));
        view.onZoneEvent(ViewerData.zoneEvent("gate", ZoneEventKind.ENTER, "bay", 1));
        view.onZoneEvent(ViewerData.zoneEvent("gate", ZoneEventKind.LOITERING, "bay", 1));
        view.onZoneEvent(ViewerData.zoneEvent("gate", ZoneEventKind.ENTER, "bay", 2));
        view.onZoneEvent(ViewerData.zoneEvent("gate", ZoneEventKind.EXIT, "bay", 1));

        assertThat(view.crossingsOf("gate")).containsOnly(entry("north", new LiveView.LineTally(1, 1)),
                entry("south", new LiveView.LineTally(1, 0)));
        assertThat(view.analyticsCounts()).isEqualTo(new LiveView.AnalyticsCounts(3, 1, 2));
        assertThat(view.zoneEntriesOf("gate")).isEqualTo(2);
        assertThat(view.zoneEntriesOf("dock")).isZero();
        assertThat(view.occupancyOf("gate", "bay")).as("track 2 only").isEqualTo(1);
    }

    @Test
    void countsDeadLettersPerCameraAndThoseOfNoKnownCameraForNobody() {
        LiveView view = new LiveView();
        view.onRejected(ViewerData.rejection("gate"));
        view.onRejected(ViewerData.rejection("gate"));
        view.onRejected(ViewerData.rejection("yard"));
        view.onRejected(ViewerData.rejection(null));

        assertThat(view.rejectedOf("gate")).isEqualTo(2);
        assertThat(view.rejectedOf("yard")).isEqualTo(1);
        assertThat(view.rejectedOf("dock")).isZero();
        assertThat(view.statistics(0).rejected()).isEqualTo(4);
    }

    @Test
    void countsFramesShedAsStaleApartFromRejectedOnes() {
        LiveView view = new LiveView();
        view.onRejected(ViewerData.rejection("gate", RejectReason.STALE));
        view.onRejected(ViewerData.rejection("gate", RejectReason.STALE));
        view.onRejected(ViewerData.rejection("gate", RejectReason.TOO_LARGE));

        assertThat(view.shedOf("gate")).isEqualTo(2);
        assertThat(view.rejectedOf("gate")).isEqualTo(1);
        assertThat(view.statistics(0).shed()).isEqualTo(2);
        assertThat(view.statistics(0).rejected()).isEqualTo(1);
    }

    @Test
    void servesOnlyTheLatestFrameAndCountsWhatItServed() {
        LiveView view = new LiveView();
        view.onFrame(ViewerData.frame("gate", 7, new byte[] {7}));
        view.onDetections(ViewerData.event("gate", 7, 40), 0);
        assertThat(view.serveFrame("gate", 6)).isEmpty();
        assertThat(view.serveFrame("dock", 7)).isEmpty();
        assertThat(view.serveFrame("gate", 7)).hasValueSatisfying(jpeg -> assertThat(jpeg).containsExactly(7));
        assertThat(view.servedOf("gate")).isEqualTo(1);
    }

    @Test
    void anEventWhoseFrameWasNeverSeenIsCountedButNotShown() {
        LiveView view = new LiveView();
        for (int sequence = 0; sequence <= LiveView.FRAMES_KEPT_PER_CAMERA; sequence++) {
            view.onFrame(ViewerData.frame("gate", sequence, new byte[] {(byte) sequence}));
        }
        // frame 0 was evicted when frame 64 arrived
        view.onDetections(ViewerData.event("gate", 0, 40), 0);
        view.onDetections(ViewerData.event("dock", 3, 40), 0);
        assertThat(view.cameras()).isEmpty();
        assertThat(view.statistics(0).events()).isEqualTo(2);
    }

    @Test
    void throughputAndLatencyDescribeTheRecentWindow() {
        LiveView view = new LiveView();
        for (int i = 1; i <= 20; i++) {
            view.onDetections(ViewerData.event("gate", i, i * 10L), 1_000 + i * 100L);
        }
        LiveView.Statistics now = view.statistics(3_000);
        assertThat(now.eventsPerSecond()).isEqualTo(20 * 1000.0 / LiveView.WINDOW_MILLIS);
        assertThat(now.latencyP50Millis()).isEqualTo(100);
        assertThat(now.latencyP95Millis()).isEqualTo(190);
        // five seconds after the last event the window is empty; the totals stay
        LiveView.Statistics later = view.statistics(8_000);
        assertThat(later.eventsPerSecond()).isZero();
        assertThat(later.latencyP50Millis()).isZero();
        assertThat(later.events()).isEqualTo(20);
    }

    @Test
    void trailsKeepTheLatestCentresOfEachTrackedObject() {
        LiveView view = new LiveView();
        int frames = LiveView.TRAIL_POINTS + 5;
        for (int i = 0; i < frames; i++) {
            view.onDetections(ViewerData.event("gate", i, 40,
                    List.of(ViewerData.tracked(3L, i * 2, 100), ViewerData.tracked(null, 0, 0))), 0);
        }
        // box (2i, 100)-(2i + 20, 120): centre (2i + 10, 110); the first five frames' centres have dropped out
        List<LiveView.Point> trail = view.trail("gate", 3);
        assertThat(trail).hasSize(LiveView.TRAIL_POINTS);
        assertThat(trail.get(0)).isEqualTo(new LiveView.Point(20, 110));
        assertThat(trail.get(trail.size() - 1)).isEqualTo(new LiveView.Point((frames - 1) * 2 + 10, 110));
        assertThat(view.trail("dock", 3)).isEmpty();
    }

    @Test
    void aTrailIsForgottenOnceItsObjectIsNoLongerDetected() {
        LiveView view = new LiveView();
        view.onDetections(ViewerData.event("gate", 0, 40, List.of(ViewerData.tracked(3L, 0, 0))), 0);
        for (int i = 1; i < LiveView.TRAIL_POINTS; i++) {
            view.onDetections(ViewerData.event("gate", i, 40, List.of()), 0);
        }
        assertThat(view.trail("gate", 3)).hasSize(1);
        view.onDetections(ViewerData.event("gate", LiveView.TRAIL_POINTS, 40, List.of()), 0);
        assertThat(view.trail("gate", 3)).isEmpty();
    }

    @Test
    void activeObjectsAreThoseWithANewAndNoEnd() {
        LiveView view = new LiveView();
        view.onObject(ViewerData.object("gate", 4, ObjectEventKind.NEW, 10, 12, false));
        view.onObject(ViewerData.object("gate", 2, ObjectEventKind.NEW, 11, 13, false));
        view.onObject(ViewerData.object("dock", 4, ObjectEventKind.NEW, 11, 13, false));
        view.onObject(ViewerData.object("gate", 4, ObjectEventKind.UPDATE, 10, 20, true));
        view.onDetections(ViewerData.event("gate", 21, 40, List.of(ViewerData.tracked(2L, 0, 0))), 0);
        view.onObject(ViewerData.object("gate", 2, ObjectEventKind.END, 11, 30, false));

        assertThat(view.activeObjects("gate")).containsExactly(
                new LiveView.ActiveObject(4, "disc", Instant.ofEpochMilli(1_000_010), true));
        assertThat(view.activeObjects("dock")).extracting(LiveView.ActiveObject::trackId).containsExactly(4L);
        assertThat(view.trail("gate", 2)).as("an ended object's trail").isEmpty();
        assertThat(view.objectCounts()).isEqualTo(new LiveView.ObjectCounts(3, 1));
    }

    @Test
    void nearestRankPercentiles() {
        assertThat(LiveView.percentile(new long[] {5}, 0.95)).isEqualTo(5);
        assertThat(LiveView.percentile(new long[] {1, 2, 3, 4}, 0.5)).isEqualTo(2);
        assertThat(LiveView.percentile(new long[0], 0.5)).isZero();
    }
}
