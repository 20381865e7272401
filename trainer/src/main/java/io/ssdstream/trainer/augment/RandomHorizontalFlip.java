package io.ssdstream.trainer.augment;

import io.ssdstream.scenes.Annotation;
import io.ssdstream.scenes.PixelBox;
import io.ssdstream.scenes.RgbImage;
import io.ssdstream.scenes.Sample;
import java.util.List;
import java.util.random.RandomGenerator;

/** torchvision's {@code RandomHorizontalFlip}: with probability {@code p}, mirror the image and its boxes. */
public final class RandomHorizontalFlip implements Augmentation {

    private final double p;

    public RandomHorizontalFlip(double p) {
        if (!(p >= 0 && p <= 1)) {
            throw new IllegalArgumentException("flip probability must be in [0, 1], got " + p);
        }
        this.p = p;
    }

    @Override
    public Sample apply(Sample sample, RandomGenerator random) {
        if (random.nextDouble() >= p) {
            return sample;
        }
        RgbImage image = sample.image();
        int width = image.width();
        List<Annotation> mirrored = sample.objects().stream().map(o -> {
            PixelBox b = o.box();
            return new Annotation(o.label(), new PixelBox(width - b.x2(), b.y1(), width - b.x1(), b.y2()),
                    o.difficult(), o.crowd());
        }).toList();
        return new Sample(sample.id(), mirror(image), mirrored);
    }

    private static RgbImage mirror(RgbImage image) {
        int width = image.width();
        byte[] in = image.pixels();
        byte[] out = new byte[in.length];
        for (int y = 0; y < image.height(); y++) {
            int row = 3 * y * width;
            for (int x = 0; x < width; x++) {
                System.arraycopy(in, row + 3 * x, out, row + 3 * (width - 1 - x), 3);
            }
        }
        return new RgbImage(width, image.height(), out);
    }
}
