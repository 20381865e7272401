package io.ssdstream.trainer.data;

import static org.assertj.core.api.Assertions.assertThat;

import io.ssdstream.scenes.Annotation;
import io.ssdstream.scenes.PixelBox;
import io.ssdstream.scenes.Sample;
import io.ssdstream.scenes.SceneStyle;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SyntheticScenesTest {

    @Test
    void aSceneIsAFunctionOfSeedAndIndex() {
        Sample once = new SyntheticScenes(10, 42).load(3);
        Sample again = new SyntheticScenes(500, 42).load(3);
        Sample otherSeed = new SyntheticScenes(10, 43).load(3);

        assertThat(again.image().pixels()).isEqualTo(once.image().pixels());
        assertThat(again.objects()).isEqualTo(once.objects());
        assertThat(otherSeed.image().pixels()).isNotEqualTo(once.image().pixels());
    }

    @Test
    void scenesHoldVariedObjectsOfEveryClassWithBoxesInsideTheImage() {
        SyntheticScenes scenes = new SyntheticScenes(60, 7);
        Set<Integer> labels = new HashSet<>();
        float smallest = Float.MAX_VALUE;
        float largest = 0;
        float minAspect = Float.MAX_VALUE;
        float maxAspect = 0;
        int objects = 0;
        for (int i = 0; i < scenes.size(); i++) {
            Sample scene = scenes.load(i);
            assertThat(scene.objects()).isNotEmpty().hasSizeLessThanOrEqualTo(6);
            for (Annotation object : scene.objects()) {
                PixelBox b = object.box();
                assertThat(b.hasArea()).isTrue();
                assertThat(b.x1()).isGreaterThanOrEqualTo(0);
                assertThat(b.y1()).isGreaterThanOrEqualTo(0);
                assertThat(b.x2()).isLessThanOrEqualTo(scene.image().width());
                assertThat(b.y2()).isLessThanOrEqualTo(scene.image().height());
                labels.add(object.label());
                float side = (float) Math.sqrt(b.area());
                smallest = Math.min(smallest, side);
                largest = Math.max(largest, side);
                minAspect = Math.min(minAspect, b.width() / b.height());
                maxAspect = Math.max(maxAspect, b.width() / b.height());
                objects++;
            }
        }
        assertThat(labels).containsExactlyInAnyOrder(1, 2, 3, 4);
        assertThat(objects).isGreaterThan(120);
        assertThat(smallest).isLessThan(40);
        assertThat(largest).isGreaterThan(150);
        assertThat(minAspect).isLessThan(0.7f);
        assertThat(maxAspect).isGreaterThan(1.4f);
    }

    @Test
    void theSimpleStyleDrawsFewerLargerObjects() {
        SyntheticScenes scenes = new SyntheticScenes(40, 7, SceneStyle.SIMPLE);
        for (int i = 0; i < scenes.size(); i++) {
            Sample scene = scenes.load(i);
            assertThat(scene.objects()).isNotEmpty().hasSizeLessThanOrEqualTo(3);
            for (Annotation object : scene.objects()) {
                assertThat(Math.sqrt(object.box().area())).isGreaterThanOrEqualTo(48 / Math.sqrt(2) - 1e-3);
            }
        }
    }

    @Test
    void theClassesAreFixed() {
        assertThat(SyntheticScenes.classList().names())
                .containsExactly("__background__", "disc", "block", "triangle", "cross");
        assertThat(new SyntheticScenes(5, 1).description()).isEqualTo("synthetic:5:1");
    }
}
