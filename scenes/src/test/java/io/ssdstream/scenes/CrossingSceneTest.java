package io.ssdstream.scenes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class CrossingSceneTest {

    private static final double FPS = 5;

    @Test
    void theSameSeedFilmsTheSameSceneAndAnotherSeedAnotherOne() {
        CrossingScene.Frame a = new CrossingScene("cam", 384, 288, 30, SceneStyle.SIMPLE, 3).frame(7.5);
        CrossingScene.Frame b = new CrossingScene("cam", 384, 288, 30, SceneStyle.SIMPLE, 3).frame(7.5);
        CrossingScene.Frame c = new CrossingScene("cam", 384, 288, 30, SceneStyle.SIMPLE, 4).frame(7.5);

        assertThat(a.sample().objects()).isEqualTo(b.sample().objects());
        assertThat(a.identities()).isEqualTo(b.identities());
        assertThat(a.sample().image().pixels()).isEqualTo(b.sample().image().pixels());
        assertThat(c.sample().objects()).isNotEqualTo(a.sample().objects());
    }

    @Test
    void objectsCrossHideStopAndComeAndGoWithTheirOwnIdentities() {
        CrossingScene scene = new CrossingScene("cam", 384, 288, 60, SceneStyle.SIMPLE, 11);
        Set<Long> seen = new HashSet<>();
        Set<Set<Long>> overlappingPairs = new HashSet<>();
        Map<Long, PixelBox> previous = new HashMap<>();
        Map<Long, Integer> stillFrames = new HashMap<>();
        int hidden = 0;
        int maxStill = 0;
        for (double t = 0; t < scene.length(); t += 1 / FPS) {
            CrossingScene.Frame frame = scene.frame(t);
            List<Annotation> objects = frame.sample().objects();
            assertThat(new HashSet<>(frame.identities())).as("identities in one frame").hasSize(objects.size());
            hidden += frame.hidden();
            Map<Long, PixelBox> boxes = new HashMap<>();
            for (int i = 0; i < objects.size(); i++) {
                PixelBox box = objects.get(i).box();
                assertThat(box.x1()).isGreaterThanOrEqualTo(0);
                assertThat(box.x2()).isLessThanOrEqualTo(scene.width());
                long id = frame.identities().get(i);
                seen.add(id);
                boxes.put(id, box);
                PixelBox before = previous.get(id);
                int still = before != null && before.equals(box) ? stillFrames.getOrDefault(id, 0) + 1 : 0;
                stillFrames.put(id, still);
                maxStill = Math.max(maxStill, still);
            }
            for (Map.Entry<Long, PixelBox> one : boxes.entrySet()) {
                for (Map.Entry<Long, PixelBox> other : boxes.entrySet()) {
                    if (one.getKey() < other.getKey() && one.getValue().intersectionArea(other.getValue()) > 0) {
                        overlappingPairs.add(Set.of(one.getKey(), other.getKey()));
                    }
                }
            }
            previous = boxes;
        }

        assertThat(seen).as("every object is seen at some time").hasSize(scene.identities());
        assertThat(scene.identities()).as("a minute brings a stream of visitors").isGreaterThan(10);
        assertThat(overlappingPairs).as("pairs of objects whose boxes overlap while both are in sight").hasSizeGreaterThan(3);
        assertThat(hidden).as("object-frames more than half hidden").isPositive();
        assertThat(maxStill / FPS).as("longest stop, in seconds").isGreaterThanOrEqualTo(2);
    }

    @Test
    void anObjectMoreThanHalfHiddenIsNotInTheTruth() {
        CrossingScene scene = new CrossingScene("cam", 384, 288, 60, SceneStyle.SIMPLE, 11);
        for (double t = 0; t < scene.length(); t += 1 / FPS) {
            CrossingScene.Frame frame = scene.frame(t);
            List<Annotation> objects = frame.sample().objects();
            for (int i = 0; i < objects.size(); i++) {
                PixelBox box = objects.get(i).box();
                double coveredByLater = 0;
                for (int j = i + 1; j < objects.size(); j++) {
                    coveredByLater += box.intersectionArea(objects.get(j).box());
                }
                // a visible box can be covered by later boxes only so far (overlaps among those count twice here)
                assertThat(box.area() - coveredByLater).as("visible area of " + frame.identities().get(i) + " at " + t)
                        .isGreaterThan(0.2 * box.area());
            }
        }
    }

    @Test
    void theTruthWithoutDrawingIsTheFramesTruth() {
        CrossingScene scene = new CrossingScene("cam", 384, 288, 60, SceneStyle.SIMPLE, 11);
        for (double t = 0; t < scene.length(); t += 1 / FPS) {
            assertThat(scene.truth(t)).as("at " + t).isEqualTo(scene.frame(t).sample().objects());
        }
    }

    @Test
    void refusesAFrameTooSmallForItsObjects() {
        assertThatThrownBy(() -> new CrossingScene("cam", 100, 80, 10, SceneStyle.SIMPLE, 1))
                .hasMessageContaining("too small");
    }
}
