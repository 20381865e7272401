package io.ssdstream.trainer.augment;

import io.ssdstream.scenes.RgbImage;
import io.ssdstream.scenes.Sample;
import java.util.random.RandomGenerator;

/**
 * torchvision's {@code RandomPhotometricDistort}, the SSD paper's "photo-metric distortions": each with
 * probability 0.5, brightness x[0.875, 1.125], contrast x[0.5, 1.5] (before or after the next two, by a coin),
 * saturation x[0.5, 1.5], hue +-0.05 turns, and a random permutation of the colour channels. Boxes are unchanged.
 */
public final class PhotometricDistort implements Augmentation {

    private static final double P = 0.5;
    private static final double BRIGHTNESS_MIN = 0.875;
    private static final double BRIGHTNESS_MAX = 1.125;
    private static final double CONTRAST_MIN = 0.5;
    private static final double CONTRAST_MAX = 1.5;
    private static final double SATURATION_MIN = 0.5;
    private static final double SATURATION_MAX = 1.5;
    private static final double HUE_MAX = 0.05;

    @Override
    public Sample apply(Sample sample, RandomGenerator random) {
        // seven draws up front, in torchvision's order, so which steps run does not shift later draws
        double[] r = new double[7];
        for (int i = 0; i < r.length; i++) {
            r[i] = random.nextDouble();
        }
        RgbImage image = sample.image();
        if (r[0] < P) {
            image = ColorAdjustments.brightness(image, uniform(random, BRIGHTNESS_MIN, BRIGHTNESS_MAX));
        }
        boolean contrastFirst = r[1] < 0.5;
        if (contrastFirst && r[2] < P) {
            image = ColorAdjustments.contrast(image, uniform(random, CONTRAST_MIN, CONTRAST_MAX));
        }
        if (r[3] < P) {
            image = ColorAdjustments.saturation(image, uniform(random, SATURATION_MIN, SATURATION_MAX));
        }
        if (r[4] < P) {
            image = ColorAdjustments.hue(image, uniform(random, -HUE_MAX, HUE_MAX));
        }
        if (!contrastFirst && r[5] < P) {
            image = ColorAdjustments.contrast(image, uniform(random, CONTRAST_MIN, CONTRAST_MAX));
        }
        if (r[6] < P) {
            image = ColorAdjustments.permuteChannels(image, permutation(random));
        }
        return new Sample(sample.id(), image, sample.objects());
    }

    private static double uniform(RandomGenerator random, double min, double max) {
        return min + (max - min) * random.nextDouble();
    }

    private static int[] permutation(RandomGenerator random) {
        int[] order = {0, 1, 2};
        for (int i = order.length - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int swap = order[i];
            order[i] = order[j];
            order[j] = swap;
        }
        return order;
    }
}
