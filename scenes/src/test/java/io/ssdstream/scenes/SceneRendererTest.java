package io.ssdstream.scenes;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SceneRendererTest {

    @Test
    void aSceneIsAFunctionOfItsRandomStream() {
        Sample once = SceneRenderer.render("a", SceneStyle.STANDARD, Seeds.stream(5, 1));
        Sample again = SceneRenderer.render("a", SceneStyle.STANDARD, Seeds.stream(5, 1));
        Sample other = SceneRenderer.render("a", SceneStyle.STANDARD, Seeds.stream(5, 2));

        assertThat(again.image().pixels()).isEqualTo(once.image().pixels());
        assertThat(again.objects()).isEqualTo(once.objects());
        assertThat(other.image().pixels()).isNotEqualTo(once.image().pixels());
    }

    @Test
    void everyObjectHasAClassLabelAndABoxInsideTheImage() {
        Set<Integer> labels = new HashSet<>();
        for (int i = 0; i < 30; i++) {
            Sample scene = SceneRenderer.render("s" + i, SceneStyle.STANDARD, Seeds.stream(9, i));
            assertThat(scene.id()).isEqualTo("s" + i);
            for (Annotation object : scene.objects()) {
                PixelBox box = object.box();
                assertThat(box.hasArea()).isTrue();
                assertThat(box.x1()).isGreaterThanOrEqualTo(0);
                assertThat(box.y1()).isGreaterThanOrEqualTo(0);
                assertThat(box.x2()).isLessThanOrEqualTo(scene.image().width());
                assertThat(box.y2()).isLessThanOrEqualTo(scene.image().height());
                assertThat(object.trainable()).isTrue();
                labels.add(object.label());
            }
        }
        assertThat(labels).containsExactlyInAnyOrder(1, 2, 3, 4);
        assertThat(SceneRenderer.CLASSES).hasSize(labels.size());
    }

    @Test
    void theSimpleStyleKeepsToItsObjectCountAndSize() {
        SceneStyle style = SceneStyle.SIMPLE;
        for (int i = 0; i < 30; i++) {
            Sample scene = SceneRenderer.render("s", style, Seeds.stream(3, i));
            assertThat(scene.objects()).isNotEmpty().hasSizeLessThanOrEqualTo(style.maxObjects());
            for (Annotation object : scene.objects()) {
                // a side is the drawn size times sqrt(aspect), the aspect at most 2 either way
                assertThat(Math.min(object.box().width(), object.box().height()))
                        .isGreaterThanOrEqualTo(style.minObjectSide() / (float) Math.sqrt(2) - 1e-3f);
            }
        }
    }
}
