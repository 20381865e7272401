package io.ssdstream.trainer.augment;

import static org.assertj.core.api.Assertions.assertThat;

import io.ssdstream.scenes.PixelBox;
import io.ssdstream.scenes.RgbImage;
import io.ssdstream.scenes.Sample;
import org.junit.jupiter.api.Test;

class RandomZoomOutTest {

    @Test
    void placesTheImageOnAMeanFilledCanvasAndMovesTheBoxes() {
        Sample sample = Scenes.sample(Scenes.coordinates(10, 8), new PixelBox(1, 2, 5, 8));
        // apply (0.3 < p), ratio 1 + 0.5 * 3 = 2.5 -> canvas 25 x 20, left int(15 * 0.4) = 6, top int(12 * 0.25) = 3
        ScriptedRandom random = new ScriptedRandom().draws(0.3, 0.5, 0.4, 0.25);

        Sample zoomed = RandomZoomOut.ssd().apply(sample, random);

        RgbImage canvas = zoomed.image();
        assertThat(canvas.width()).isEqualTo(25);
        assertThat(canvas.height()).isEqualTo(20);
        assertThat(zoomed.objects().get(0).box()).isEqualTo(new PixelBox(7, 5, 11, 11));
        assertThat(new int[] {canvas.channel(0, 0, 0), canvas.channel(0, 0, 1), canvas.channel(0, 0, 2)})
                .containsExactly(123, 117, 104);
        assertThat(canvas.channel(24, 19, 2)).isEqualTo(104);
        // the original pixel (x, y) now sits at (x + 6, y + 3)
        assertThat(canvas.channel(6 + 4, 3 + 5, 0)).isEqualTo(4);
        assertThat(canvas.channel(6 + 4, 3 + 5, 1)).isEqualTo(5);
        assertThat(canvas.channel(6 + 9, 3 + 7, 2)).isEqualTo(7);
        assertThat(canvas.channel(5, 3, 0)).isEqualTo(123);
        assertThat(random.exhausted()).isTrue();
    }

    @Test
    void skipsWithProbabilityOneHalf() {
        Sample sample = Scenes.sample(Scenes.coordinates(10, 8), new PixelBox(1, 2, 5, 8));

        assertThat(RandomZoomOut.ssd().apply(sample, new ScriptedRandom().draws(0.5))).isSameAs(sample);
    }
}
