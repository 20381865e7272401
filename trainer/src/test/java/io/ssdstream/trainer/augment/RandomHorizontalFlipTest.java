package io.ssdstream.trainer.augment;

import static org.assertj.core.api.Assertions.assertThat;

import io.ssdstream.scenes.PixelBox;
import io.ssdstream.scenes.Sample;
import org.junit.jupiter.api.Test;

class RandomHorizontalFlipTest {

    @Test
    void mirrorsPixelsAndBoxesWhenTheCoinSaysSo() {
        Sample sample = Scenes.sample(Scenes.coordinates(10, 4),
                new PixelBox(1, 0, 4, 2), new PixelBox(6.5f, 1, 10, 4));

        Sample flipped = new RandomHorizontalFlip(0.5).apply(sample, new ScriptedRandom().draws(0.49));

        assertThat(flipped.objects().get(0).box()).isEqualTo(new PixelBox(6, 0, 9, 2));
        assertThat(flipped.objects().get(1).box()).isEqualTo(new PixelBox(0, 1, 3.5f, 4));
        assertThat(flipped.objects().get(1).label()).isEqualTo(2);
        assertThat(flipped.image().channel(0, 2, 0)).isEqualTo(9);
        assertThat(flipped.image().channel(9, 2, 0)).isEqualTo(0);
        assertThat(flipped.image().channel(3, 2, 1)).isEqualTo(2);
    }

    @Test
    void leavesTheSampleAloneOtherwise() {
        Sample sample = Scenes.sample(Scenes.coordinates(10, 4), new PixelBox(1, 0, 4, 2));

        assertThat(new RandomHorizontalFlip(0.5).apply(sample, new ScriptedRandom().draws(0.5))).isSameAs(sample);
    }
}
