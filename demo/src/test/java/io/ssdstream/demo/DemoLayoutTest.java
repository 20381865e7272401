package io.ssdstream.demo;

import static org.assertj.core.api.Assertions.assertThat;

import io.ssdstream.producer.source.SyntheticCameraSource;
import io.ssdstream.scenes.Annotation;
import io.ssdstream.scenes.MovingScene;
import io.ssdstream.scenes.PixelBox;
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
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The demo's zone and line are where its scenes' objects go: each synthetic camera's objects, with boxes as unsteady
 * as a detector's, cross its line and enter its zone within the demo's first half minute.
 */
class DemoLayoutTest {

    private static final DemoConfig DEMO = DemoConfig.DEFAULTS;
    /** The browser test's frame rate, lower than the default: fewer frames to see each crossing in. */
    private static final double FPS = 4;
    /** A detector's box edges wander by a few pixels from frame to frame. */
    private static final double JITTER_PIXELS = 4;

    @Test
    void everyDemoCameraSeesItsLineCrossedAndItsZoneEnteredWithinTheHorizon() {
        for (int camera = 1; camera <= DemoConfig.MAX_CAMERAS; camera++) {
            MovingScene scene = scene(camera, DEMO.objectsPerCamera());
            CameraConfig config = DemoLayout.of(scene, FPS);
            Outcome outcome = run(scene, config, camera);
            assertThat(outcome.crossings()).as("camera-%d's line crossings (%s)", camera, config.lines())
                    .isNotEmpty();
            assertThat(outcome.entries()).as("camera-%d's zone entries (%s)", camera, config.zones()).isNotEmpty();
        }
    }

    @Test
    void theFirstCamerasLineIsCrossedBothWays() {
        MovingScene scene = scene(1, DEMO.objectsPerCamera());
        Outcome outcome = run(scene, DemoLayout.of(scene, FPS), 1);
        assertThat(outcome.crossings()).extracting(LineCrossing::direction)
                .contains(LineCrossing.Direction.IN, LineCrossing.Direction.OUT);
    }

    @Test
    void oneNamedZoneAndOneDirectedLineWithTheJobsDefaultsInsideTheFrame() {
        MovingScene scene = scene(2, 1);
        CameraConfig config = DemoLayout.of(scene, DEMO.fps());
        assertThat(config.frameWidth()).isEqualTo(DEMO.frameWidth());
        assertThat(config.frameHeight()).isEqualTo(DEMO.frameHeight());
        assertThat(config.zones()).singleElement().satisfies(zone -> {
            assertThat(zone.name()).isEqualTo(DemoLayout.ZONE);
            assertThat(zone.classes()).as("every class").isEmpty();
            assertThat(zone.inertia()).isEqualTo(Zone.DEFAULT_INERTIA);
            assertThat(zone.vertices()).hasSize(4).allMatch(p -> p.x() >= 0 && p.x() <= DEMO.frameWidth()
                    && p.y() >= 0 && p.y() <= DEMO.frameHeight());
        });
        assertThat(config.lines()).singleElement().satisfies(line -> {
            assertThat(line.name()).isEqualTo(DemoLayout.LINE);
            assertThat(line.hysteresis()).isEqualTo(CountingLine.DEFAULT_HYSTERESIS);
            assertThat(line.from()).isNotEqualTo(line.to());
        });
        assertThat(DemoLayout.of(scene(2, 1), DEMO.fps())).as("the same scene, the same layout").isEqualTo(config);
    }

    private record Outcome(List<LineCrossing> crossings, List<ZoneEvent> entries) {}

    /** The scene's first {@link DemoLayout#HORIZON} through the analytics the job runs, with jittered true boxes. */
    private static Outcome run(MovingScene scene, CameraConfig config, long seed) {
        CameraGeometry geometry = new CameraGeometry(config);
        AnalyticsState state = AnalyticsState.EMPTY;
        SplittableRandom jitter = new SplittableRandom(seed);
        List<LineCrossing> crossings = new ArrayList<>();
        List<ZoneEvent> entries = new ArrayList<>();
        for (int n = 0; n / FPS <= DemoLayout.HORIZON.toSeconds(); n++) {
            List<TrackedObject> objects = new ArrayList<>();
            List<Annotation> truth = scene.objects(n / FPS);
            for (int i = 0; i < truth.size(); i++) {
                PixelBox b = truth.get(i).box();
                objects.add(new TrackedObject(i + 1, "object", new Box(b.x1() + wobble(jitter),
                        b.y1() + wobble(jitter), b.x2() + wobble(jitter), b.y2() + wobble(jitter))));
            }
            CameraAnalytics analytics = new CameraAnalytics(geometry, state);
            FrameAnalytics out = analytics.update(TrackedFrame.of(Math.round(n * 1000 / FPS), objects));
            state = analytics.state();
            crossings.addAll(out.crossings());
            out.zoneEvents().stream().filter(e -> e.type() == ZoneEvent.Type.ENTER).forEach(entries::add);
        }
        return new Outcome(crossings, entries);
    }

    private static double wobble(SplittableRandom random) {
        return random.nextDouble(-JITTER_PIXELS, JITTER_PIXELS);
    }

    /** The scene the demo's camera {@code camera} films (its seed is its number). */
    private static MovingScene scene(int camera, int objects) {
        return new SyntheticCameraSource(DEMO.frameWidth(), DEMO.frameHeight(), objects, camera).scene();
    }
}
