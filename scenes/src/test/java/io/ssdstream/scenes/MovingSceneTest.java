package io.ssdstream.scenes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

class MovingSceneTest {

    @Test
    void theSameSeedAndTimeGiveTheSamePicture() {
        Sample a = new MovingScene("cam", 384, 288, 3, SceneStyle.SIMPLE, 11).frame(2.5);
        Sample b = new MovingScene("cam", 384, 288, 3, SceneStyle.SIMPLE, 11).frame(2.5);
        assertThat(a.objects()).isEqualTo(b.objects());
        assertThat(Arrays.equals(a.image().pixels(), b.image().pixels())).isTrue();
        assertThat(new MovingScene("cam", 384, 288, 3, SceneStyle.SIMPLE, 12).frame(2.5).objects())
                .isNotEqualTo(a.objects());
    }

    @Test
    void objectsMoveAndNeverLeaveTheFrame() {
        MovingScene scene = new MovingScene("cam", 320, 240, 3, SceneStyle.SIMPLE, 5);
        assertThat(scene.labels()).doesNotHaveDuplicates();
        Sample start = scene.frame(0);
        assertThat(scene.frame(0.5).objects()).isNotEqualTo(start.objects());
        for (double t = 0; t < 600; t += 7.3) {
            for (Annotation object : scene.frame(t).objects()) {
                PixelBox box = object.box();
                assertThat(box.x1()).as("t=%s", t).isGreaterThanOrEqualTo(0);
                assertThat(box.y1()).as("t=%s", t).isGreaterThanOrEqualTo(0);
                assertThat(box.x2()).as("t=%s", t).isLessThanOrEqualTo(320.001f);
                assertThat(box.y2()).as("t=%s", t).isLessThanOrEqualTo(240.001f);
            }
        }
    }

    @Test
    void objectsWithoutAPictureAreTheFramesAnnotations() {
        MovingScene scene = new MovingScene("cam", 384, 288, 3, SceneStyle.SIMPLE, 2);
        for (double t : new double[] {0, 1.75, 42.3}) {
            assertThat(scene.objects(t)).as("t=%s", t).isEqualTo(scene.frame(t).objects());
        }
    }

    @Test
    void refusesFramesTooSmallForItsObjects() {
        assertThatThrownBy(() -> new MovingScene("cam", 100, 80, 3, SceneStyle.SIMPLE, 1))
                .hasMessageContaining("100x80").hasMessageContaining("at least 120 pixels");
    }
}
