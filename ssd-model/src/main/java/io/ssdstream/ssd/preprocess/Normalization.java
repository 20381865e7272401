package io.ssdstream.ssd.preprocess;

import java.util.Arrays;

/**
 * Per-channel input normalisation applied to a 0-1 RGB image: {@code (x - mean) / std}.
 *
 * <p>torchvision's SSD300 uses mean (0.48235, 0.45882, 0.40784) and std 1/255: the caffe-style 0-255 range with
 * the VGG mean removed ({@link #TORCHVISION_SSD}).
 *
 * @param mean per-channel mean, RGB order, in 0-1 units
 * @param std per-channel standard deviation, RGB order, in 0-1 units
 */
public record Normalization(float[] mean, float[] std) {

    public static final Normalization TORCHVISION_SSD = new Normalization(
            new float[] {0.48235f, 0.45882f, 0.40784f},
            new float[] {1f / 255f, 1f / 255f, 1f / 255f});

    public Normalization {
        if (mean.length != 3 || std.length != 3) {
            throw new IllegalArgumentException("normalization needs 3 means and 3 stds (RGB), got "
                    + mean.length + " and " + std.length);
        }
        for (float s : std) {
            if (!(s > 0)) {
                throw new IllegalArgumentException("normalization std must be positive, got " + Arrays.toString(std));
            }
        }
        mean = mean.clone();
        std = std.clone();
    }

    @Override
    public float[] mean() {
        return mean.clone();
    }

    @Override
    public float[] std() {
        return std.clone();
    }

    /** Multiplier of a 0-255 pixel value: {@code 1 / (255 * std)}. */
    public float scaleFor(int channel) {
        return 1f / (255f * std[channel]);
    }

    /** Offset after scaling a 0-255 pixel value: {@code -mean / std}. */
    public float offsetFor(int channel) {
        return -mean[channel] / std[channel];
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Normalization n && Arrays.equals(mean, n.mean) && Arrays.equals(std, n.std);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(mean) + Arrays.hashCode(std);
    }

    @Override
    public String toString() {
        return "Normalization[mean=" + Arrays.toString(mean) + ", std=" + Arrays.toString(std) + "]";
    }
}
