package io.ssdstream.trainer.augment;

import io.ssdstream.scenes.Annotation;
import io.ssdstream.scenes.RgbImage;
import io.ssdstream.scenes.Sample;
import java.util.List;
import java.util.random.RandomGenerator;

/**
 * torchvision's {@code RandomZoomOut}, the SSD paper's "zoom out" that creates small objects: with probability
 * {@code p} the image is placed at a random position on a canvas {@code r} times its size, {@code r} uniform in
 * the side range (1 to 4 for SSD), the rest filled with the mean colour; boxes move with the image.
 */
public final class RandomZoomOut implements Augmentation {

    /** The VGG mean the SSD recipe fills with: torchvision's {@code fill=(123, 117, 104)}. */
    public static final int[] MEAN_FILL = {123, 117, 104};

    private final int[] fill;
    private final double minSide;
    private final double maxSide;
    private final double p;

    public RandomZoomOut(int[] fill, double minSide, double maxSide, double p) {
        if (fill.length != 3) {
            throw new IllegalArgumentException("zoom-out fill needs 3 channel values, got " + fill.length);
        }
        if (minSide < 1 || minSide > maxSide) {
            throw new IllegalArgumentException("zoom-out side range must satisfy 1 <= min <= max, got ["
                    + minSide + ", " + maxSide + "]");
        }
        this.fill = fill.clone();
        this.minSide = minSide;
        this.maxSide = maxSide;
        this.p = p;
    }

    /** The SSD recipe: mean fill, side range 1 to 4, probability 0.5. */
    public static RandomZoomOut ssd() {
        return new RandomZoomOut(MEAN_FILL, 1.0, 4.0, 0.5);
    }

    @Override
    public Sample apply(Sample sample, RandomGenerator random) {
        if (random.nextDouble() >= p) {
            return sample;
        }
        RgbImage image = sample.image();
        double ratio = minSide + random.nextDouble() * (maxSide - minSide);
        int canvasWidth = (int) (image.width() * ratio);
        int canvasHeight = (int) (image.height() * ratio);
        int left = (int) ((canvasWidth - image.width()) * random.nextDouble());
        int top = (int) ((canvasHeight - image.height()) * random.nextDouble());
        RgbImage canvas = paste(image, canvasWidth, canvasHeight, left, top);
        List<Annotation> moved = sample.objects().stream()
                .map(o -> new Annotation(o.label(), o.box().translate(left, top), o.difficult(), o.crowd()))
                .toList();
        return new Sample(sample.id(), canvas, moved);
    }

    private RgbImage paste(RgbImage image, int width, int height, int left, int top) {
        byte[] out = RgbImage.filled(width, height, fill[0], fill[1], fill[2]).pixels();
        byte[] in = image.pixels();
        int rowBytes = 3 * image.width();
        for (int y = 0; y < image.height(); y++) {
            System.arraycopy(in, y * rowBytes, out, 3 * ((top + y) * width + left), rowBytes);
        }
        return new RgbImage(width, height, out);
    }
}
