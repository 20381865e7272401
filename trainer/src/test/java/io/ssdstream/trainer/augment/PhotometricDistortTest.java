package io.ssdstream.trainer.augment;

import static org.assertj.core.api.Assertions.assertThat;

import io.ssdstream.scenes.PixelBox;
import io.ssdstream.scenes.RgbImage;
import io.ssdstream.scenes.Sample;
import org.junit.jupiter.api.Test;

class PhotometricDistortTest {

    private static final double RUN = 0.1;
    private static final double SKIP = 0.9;

    private static RgbImage twoPixels() {
        return new RgbImage(2, 1, new byte[] {(byte) 200, 100, 50, 10, 20, 30});
    }

    private static int[] pixels(RgbImage image) {
        int[] out = new int[image.pixels().length];
        for (int i = 0; i < out.length; i++) {
            out[i] = image.pixels()[i] & 0xff;
        }
        return out;
    }

    @Test
    void changesColoursButNeverGeometry() {
        Sample sample = Scenes.sample(Scenes.coordinates(16, 8), new PixelBox(1, 2, 3, 4));
        ScriptedRandom random = new ScriptedRandom()
                .draws(RUN, 0.7, SKIP, RUN, RUN, RUN, RUN)   // contrast after saturation and hue
                .draws(0.5, 0.5, 0.5, 0.5)                  // factors: brightness, saturation, hue, contrast
                .picks(1, 0);                                  // channel permutation draws

        Sample distorted = new PhotometricDistort().apply(sample, random);

        assertThat(distorted.objects()).isEqualTo(sample.objects());
        assertThat(distorted.image().width()).isEqualTo(16);
        assertThat(distorted.image().height()).isEqualTo(8);
        assertThat(random.exhausted()).isTrue();
    }

    @Test
    void brightnessScalesAndTruncatesLikeTorchvision() {
        RgbImage out = ColorAdjustments.brightness(twoPixels(), 1.125);

        // 200 * 1.125 = 225, 100 * 1.125 = 112.5 -> 112, 50 * 1.125 = 56.25 -> 56
        assertThat(pixels(out)).containsExactly(225, 112, 56, 11, 22, 33);
    }

    @Test
    void contrastBlendsWithTheMeanGrey() {
        // greys: int(0.2989*200 + 0.587*100 + 0.114*50) = 124, int(0.2989*10 + 0.587*20 + 0.114*30) = 18; mean 71
        RgbImage out = ColorAdjustments.contrast(twoPixels(), 0.5);

        assertThat(pixels(out)).containsExactly(135, 85, 60, 40, 45, 50);
    }

    @Test
    void saturationZeroIsGrey() {
        RgbImage out = ColorAdjustments.saturation(twoPixels(), 0);

        assertThat(pixels(out)).containsExactly(124, 124, 124, 18, 18, 18);
    }

    @Test
    void hueShiftsRotateColours() {
        RgbImage red = new RgbImage(1, 1, new byte[] {(byte) 255, 0, 0});

        assertThat(pixels(ColorAdjustments.hue(red, 1.0 / 3))).containsExactly(0, 255, 0);
        assertThat(pixels(ColorAdjustments.hue(red, -1.0 / 3))).containsExactly(0, 0, 255);
        assertThat(pixels(ColorAdjustments.hue(twoPixels(), 0))).containsExactly(pixels(twoPixels()));
    }

    @Test
    void permutesChannels() {
        assertThat(pixels(ColorAdjustments.permuteChannels(twoPixels(), new int[] {2, 0, 1})))
                .containsExactly(50, 200, 100, 30, 10, 20);
    }
}
