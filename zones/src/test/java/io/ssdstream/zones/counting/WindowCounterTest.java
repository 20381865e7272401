package io.ssdstream.zones.counting;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import io.ssdstream.tracking.Box;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import io.ssdstream.zones.analytics.AnalyticsState;
import io.ssdstream.zones.analytics.CameraAnalytics;
import io.ssdstream.zones.analytics.CameraGeometry;
import io.ssdstream.zones.analytics.FrameAnalytics;
import io.ssdstream.zones.analytics.TrackedFrame;
import io.ssdstream.zones.analytics.TrackedObject;
import io.ssdstream.zones.config.CameraConfig;
import io.ssdstream.zones.config.CountingLine;
import io.ssdstream.zones.config.ReferencePoint;
import io.ssdstream.zones.config.Zone;
import io.ssdstream.zones.geometry.Point;
import io.ssdstream.zones.geometry.Side;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Zone "bay" (100, 100) - (300, 300), any class, inertia 1; line "door" at x = 500 from y = 0 down to 1000 with
 * "in" on the right, i.e. x < 500 (hysteresis 5). One-second windows.
 */
class WindowCounterTest {

    private static final CameraGeometry GEOMETRY = new CameraGeometry(new CameraConfig(1000, 1000,
            List.of(new Zone("bay", List.of(new Point(100, 100), new Point(300, 100), new Point(300, 300),
                    new Point(100, 300)), Set.of(), 1, Duration.ZERO, ReferencePoint.BOTTOM_CENTRE)),
            List.of(CountingLine.of("door", new Point(500, 0), new Point(500, 1000), Side.RIGHT, Set.of()))));

    /** Analytics then counting, keeping only the two states between frames. */
    private static final class Camera {
        AnalyticsState analyticsState = AnalyticsState.EMPTY;
        CounterState counterState = CounterState.EMPTY;
        final CountingSettings settings;
        final List<WindowCounts> emitted = new ArrayList<>();

        Camera(CountingSettings settings) {
            this.settings = settings;
        }

        void frame(long time, TrackedObject... objects) {
            TrackedFrame frame = TrackedFrame.of(time, List.of(objects));
            CameraAnalytics analytics = new CameraAnalytics(GEOMETRY, analyticsState);
            FrameAnalytics result = analytics.update(frame);
            analyticsState = analytics.state();
            WindowCounter counter = new WindowCounter(settings, counterState);
            emitted.addAll(counter.add(frame, result));
            counterState = counter.state();
        }

        void watermark(long watermark) {
            WindowCounter counter = new WindowCounter(settings, counterState);
            emitted.addAll(counter.advanceWatermark(watermark));
            counterState = counter.state();
        }
    }

    private static TrackedObject at(long id, String label, double x, double y) {
        return new TrackedObject(id, label, new Box(x - 10, y - 40, x + 10, y));
    }

    private static final CountingSettings ONE_SECOND = new CountingSettings(Duration.ofSeconds(1), Duration.ZERO);

    private static void firstWindow(Camera camera) {
        camera.frame(0, at(1, "person", 200, 200), at(3, "car", 450, 600));
        camera.frame(250, at(1, "person", 200, 200), at(2, "person", 250, 250), at(3, "car", 550, 600));
        camera.frame(500, at(1, "person", 200, 200), at(2, "person", 250, 250), at(3, "car", 450, 600));
        camera.frame(750, at(1, "person", 400, 200), at(2, "person", 250, 250), at(4, "car", 700, 700));
    }

    @Test
    void countsDistinctObjectsCrossingsAndOccupancyPerClassAndEmitsWhenTheNextWindowStarts() {
        Camera camera = new Camera(ONE_SECOND);
        firstWindow(camera);
        assertThat(camera.emitted).isEmpty();
        camera.frame(1000, at(2, "person", 250, 250));

        // persons 1 and 2; in the bay after each frame 1, 2, 2, 1 (person 1 leaves at 750): max 2, mean 6 / 4.
        // cars 3 and 4; car 3 goes out (450 -> 550) then back in (550 -> 450)
        // sightings: a car in each of the 4 frames; persons 1 + 2 + 2 + 2 = 7 in 4 frames
        assertThat(camera.emitted).containsExactly(new WindowCounts(0, 1000, 0, 4, 0, List.of(
                new ClassCounts("car", 4, 4, 2, List.of(new LineCount("door", 1, 1)), List.of()),
                new ClassCounts("person", 7, 4, 2, List.of(), List.of(new OccupancyStats("bay", 2, 1.5))))));
    }

    @Test
    void theWatermarkClosesAQuietCameraAndALateFrameRevisesTheWindow() {
        Camera camera = new Camera(ONE_SECOND);
        firstWindow(camera);
        camera.frame(1000, at(2, "person", 250, 250));
        camera.emitted.clear();

        camera.watermark(1998);
        assertThat(camera.emitted).isEmpty();
        camera.watermark(1999);
        WindowCounts first = new WindowCounts(1000, 2000, 0, 1, 0,
                List.of(new ClassCounts("person", 1, 1, 1, List.of(), List.of(new OccupancyStats("bay", 1, 1.0)))));
        assertThat(camera.emitted).containsExactly(first);

        // the camera lagged: a frame of the closed window still comes, with a new person in the bay
        camera.frame(1500, at(2, "person", 250, 250), at(5, "person", 150, 150));
        camera.watermark(2100);
        // revision 1, complete: 2 frames (1 late), persons 2 and 5 (3 sightings), bay 1 then 2 -> max 2, mean 3 / 2
        assertThat(camera.emitted).containsExactly(first, new WindowCounts(1000, 2000, 1, 2, 1,
                List.of(new ClassCounts("person", 3, 2, 2, List.of(), List.of(new OccupancyStats("bay", 2, 1.5))))));

        // the next window's first frame emits nothing more: the revised window was already emitted
        camera.frame(2200, at(2, "person", 250, 250));
        assertThat(camera.emitted).hasSize(2);
    }

    @Test
    void aRestoredCounterStateEmitsWhatAnUninterruptedOneDoes() throws Exception {
        Camera whole = new Camera(ONE_SECOND);
        Camera resumed = new Camera(ONE_SECOND);
        firstWindow(whole);
        firstWindow(resumed);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(resumed.counterState);
        }
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
            resumed.counterState = (CounterState) in.readObject();
        }
        whole.frame(1000, at(2, "person", 250, 250));
        resumed.frame(1000, at(2, "person", 250, 250));
        assertThat(whole.emitted).hasSize(1);
        assertThat(resumed.emitted).isEqualTo(whole.emitted);
    }

    @Test
    void allowedLatenessDelaysTheWatermarksEmission() {
        Camera camera = new Camera(new CountingSettings(Duration.ofSeconds(1), Duration.ofMillis(500)));
        firstWindow(camera);
        // window [0, 1000) has its last millisecond at 999; plus 500 ms lateness: the watermark must reach 1499
        camera.watermark(1498);
        assertThat(camera.emitted).isEmpty();
        camera.watermark(1499);
        assertThat(camera.emitted).extracting(WindowCounts::windowStart, WindowCounts::revision)
                .containsExactly(tuple(0L, 0));
    }

    @Test
    void refusesFramesOutOfCaptureOrderAndBadSettings() {
        Camera camera = new Camera(ONE_SECOND);
        camera.frame(500);
        WindowCounter counter = new WindowCounter(ONE_SECOND, camera.counterState);
        assertThatThrownBy(() -> counter.add(TrackedFrame.of(400, List.of()),
                new FrameAnalytics(List.of(), List.of(), List.of())))
                .hasMessageContaining("frame capture time 400 is not after the previous frame's 500");
        assertThatThrownBy(() -> new CountingSettings(Duration.ZERO, Duration.ZERO))
                .hasMessageContaining("count window PT0S must be at least 1 ms");
        assertThat(CountingSettings.defaults().window()).isEqualTo(Duration.ofMinutes(1));
    }
}
