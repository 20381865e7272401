package io.ssdstream.trainer.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDManager;
import io.ssdstream.scenes.Annotation;
import io.ssdstream.scenes.PixelBox;
import io.ssdstream.scenes.RgbImage;
import io.ssdstream.scenes.Sample;
import io.ssdstream.ssd.preprocess.ImagePreprocessor;
import io.ssdstream.ssd.preprocess.Normalization;
import io.ssdstream.trainer.data.SyntheticScenes;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class InputEncoderTest {

    @Test
    void scalesBoxesPerAxisAndDropsObjectsThatAreNotTrainingTargets() {
        Sample sample = new Sample("s", RgbImage.filled(600, 150, 10, 20, 30), List.of(
                Annotation.of(1, new PixelBox(60, 30, 120, 90)),
                new Annotation(2, new PixelBox(0, 0, 10, 10), true, false),
                new Annotation(3, new PixelBox(0, 0, 10, 10), false, true)));

        TrainingInput input = new InputEncoder(300, Normalization.TORCHVISION_SSD).encode(sample);

        assertThat(input.target().labels()).containsExactly(1);
        assertThat(input.target().boxes()).containsExactly(30, 60, 60, 180);
    }

    @Test
    void normalisesEveryChannelChannelMajor() {
        Sample sample = new Sample("s", RgbImage.filled(17, 9, 10, 20, 30), List.of());
        Normalization norm = Normalization.TORCHVISION_SSD;

        float[] pixels = new InputEncoder(300, norm).encode(sample).pixels();

        assertThat(pixels).hasSize(3 * 300 * 300);
        int plane = 300 * 300;
        assertThat(pixels[0]).isCloseTo((10 / 255f - norm.mean()[0]) / norm.std()[0], within(1e-3f));
        assertThat(pixels[plane + 1234]).isCloseTo((20 / 255f - norm.mean()[1]) / norm.std()[1], within(1e-3f));
        assertThat(pixels[3 * plane - 1]).isCloseTo((30 / 255f - norm.mean()[2]) / norm.std()[2], within(1e-3f));
    }

    @Test
    void resizesBilinearlyWithHalfPixelCentres() {
        // a 2-pixel-wide ramp 0 | 255 resized to 4 columns samples at -0.25 (clamped 0), 0.25, 0.75, 1.25 (clamped)
        byte[] ramp = {0, 0, 0, (byte) 255, (byte) 255, (byte) 255};
        Sample sample = new Sample("s", new RgbImage(2, 1, ramp), List.of());
        Normalization identity = new Normalization(new float[] {0, 0, 0}, new float[] {1 / 255f, 1 / 255f, 1 / 255f});

        float[] pixels = new InputEncoder(4, identity).encode(sample).pixels();

        assertThat(Arrays.copyOf(pixels, 4)).containsExactly(new float[] {0, 63.75f, 191.25f, 255}, within(1e-3f));
    }

    /**
     * What the network trains on is what it later serves on: the trainer's host-side encoding of a scene equals
     * the detector's device-side preprocessing of the same pixels, enlarging one axis and shrinking the other.
     */
    @Test
    void encodesAnImageAsTheDetectorPreprocessesIt() {
        SyntheticScenes scenes = new SyntheticScenes(4, 21);
        Normalization norm = Normalization.TORCHVISION_SSD;
        for (int i = 0; i < scenes.size(); i++) {
            RgbImage image = scenes.load(i).image();
            int size = 320;
            float[] trained = new InputEncoder(size, norm).encode(new Sample("s", image, List.of())).pixels();
            float[] served;
            try (NDManager manager = NDManager.newBaseManager()) {
                var frame = new io.ssdstream.ssd.preprocess.RgbFrame(image.width(), image.height(), image.pixels());
                served = new ImagePreprocessor(size, norm).toBatchFromRgb(manager, List.of(frame)).toFloatArray();
            }
            assertThat(trained).hasSameSizeAs(served);
            float largestDifference = 0;
            for (int p = 0; p < trained.length; p++) {
                largestDifference = Math.max(largestDifference, Math.abs(trained[p] - served[p]));
            }
            assertThat(largestDifference).as("scene %d, %dx%d", i, image.width(), image.height()).isLessThan(1e-5f);
        }
    }
}
