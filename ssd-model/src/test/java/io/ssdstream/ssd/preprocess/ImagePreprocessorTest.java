package io.ssdstream.ssd.preprocess;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.modality.cv.Image;
import ai.djl.modality.cv.ImageFactory;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.awt.image.BufferedImage;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The resize and normalisation against torch's {@code interpolate(mode="bilinear", align_corners=False)}. */
class ImagePreprocessorTest {

    private static BufferedImage pattern(int width, int height) {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                int r = (x * 37 + y * 11) % 256;
                int g = (x * 5 + y * 53) % 256;
                int b = (x * y * 7 + 13) % 256;
                image.setRGB(x, y, (r << 16) | (g << 8) | b);
            }
        }
        return image;
    }

    /** torch's source coordinate for an output index: half-pixel centres, clamped at 0 (align_corners=False). */
    private static double source(int out, int inSize, int outSize) {
        return Math.max(0, (out + 0.5) * inSize / outSize - 0.5);
    }

    private static double channel(BufferedImage image, int x, int y, int c) {
        return (image.getRGB(x, y) >> (16 - 8 * c)) & 0xFF;
    }

    private static double bilinear(BufferedImage image, int c, int ox, int oy, int size) {
        double sx = source(ox, image.getWidth(), size);
        double sy = source(oy, image.getHeight(), size);
        int x0 = (int) Math.floor(sx);
        int y0 = (int) Math.floor(sy);
        int x1 = Math.min(x0 + 1, image.getWidth() - 1);
        int y1 = Math.min(y0 + 1, image.getHeight() - 1);
        double lx = sx - x0;
        double ly = sy - y0;
        return (1 - ly) * ((1 - lx) * channel(image, x0, y0, c) + lx * channel(image, x1, y0, c))
                + ly * ((1 - lx) * channel(image, x0, y1, c) + lx * channel(image, x1, y1, c));
    }

    @Test
    void resizesBilinearlyWithHalfPixelCentresAndNormalises() {
        int size = 9;
        BufferedImage down = pattern(23, 17);
        BufferedImage up = pattern(4, 6);
        Normalization norm = Normalization.TORCHVISION_SSD;
        try (NDManager manager = NDManager.newBaseManager()) {
            List<Image> images = List.of(ImageFactory.getInstance().fromImage(down), ImageFactory.getInstance().fromImage(up));
            NDArray batch = new ImagePreprocessor(size, norm).toBatch(manager, images);
            assertThat(batch.getShape()).isEqualTo(new Shape(2, 3, size, size));
            float[] values = batch.toFloatArray();
            BufferedImage[] sources = {down, up};
            for (int n = 0; n < 2; n++) {
                for (int c = 0; c < 3; c++) {
                    for (int y = 0; y < size; y++) {
                        for (int x = 0; x < size; x++) {
                            double expected = (bilinear(sources[n], c, x, y, size) / 255.0 - norm.mean()[c]) / norm.std()[c];
                            float actual = values[((n * 3 + c) * size + y) * size + x];
                            assertThat((double) actual).as("image %d channel %d at (%d, %d)", n, c, x, y)
                                    .isCloseTo(expected, within(2e-3));
                        }
                    }
                }
            }
        }
    }

    @Test
    void anImageOfTheNetworkSizeIsOnlyNormalised() {
        BufferedImage image = pattern(5, 5);
        try (NDManager manager = NDManager.newBaseManager()) {
            float[] values = new ImagePreprocessor(5, Normalization.TORCHVISION_SSD)
                    .toBatch(manager, List.of(ImageFactory.getInstance().fromImage(image))).toFloatArray();
            // caffe-style: 0-255 values minus 255 * mean
            assertThat((double) values[0]).isCloseTo(channel(image, 0, 0, 0) - 255 * 0.48235, within(1e-3));
            assertThat((double) values[25 + 6]).isCloseTo(channel(image, 1, 1, 1) - 255 * 0.45882, within(1e-3));
        }
    }
}
