package io.ssdstream.trainer.augment;

import io.ssdstream.scenes.Annotation;
import io.ssdstream.scenes.PixelBox;
import io.ssdstream.scenes.RgbImage;
import io.ssdstream.scenes.Sample;
import java.util.ArrayList;
import java.util.List;
import java.util.random.RandomGenerator;

/**
 * torchvision's {@code RandomIoUCrop}, the SSD paper's patch sampling: pick a minimum IoU from the options
 * (0, 0.1, 0.3, 0.5, 0.7, 0.9, or "keep the image" encoded as 1), then try up to 40 crops with sides 0.3-1 of the
 * image and aspect 0.5-2; a crop is accepted when some object's centre lies strictly inside it and at least one
 * such object overlaps the crop with IoU at or above the minimum. Objects whose centre is outside are dropped, the
 * rest are shifted and clamped to the crop. When all trials fail, a new option is drawn.
 */
public final class RandomIouCrop implements Augmentation {

    private static final double[] SSD_OPTIONS = {0.0, 0.1, 0.3, 0.5, 0.7, 0.9, 1.0};

    private final double minScale;
    private final double maxScale;
    private final double minAspect;
    private final double maxAspect;
    private final double[] options;
    private final int trials;

    public RandomIouCrop(double minScale, double maxScale, double minAspect, double maxAspect, double[] options,
            int trials) {
        if (!(0 < minScale && minScale <= maxScale && maxScale <= 1)) {
            throw new IllegalArgumentException("crop scale range must satisfy 0 < min <= max <= 1");
        }
        if (!(0 < minAspect && minAspect <= maxAspect)) {
            throw new IllegalArgumentException("crop aspect range must satisfy 0 < min <= max");
        }
        if (options.length == 0 || trials < 1) {
            throw new IllegalArgumentException("IoU crop needs at least one option and one trial");
        }
        this.minScale = minScale;
        this.maxScale = maxScale;
        this.minAspect = minAspect;
        this.maxAspect = maxAspect;
        this.options = options.clone();
        this.trials = trials;
    }

    /** The SSD recipe: scales 0.3-1, aspects 0.5-2, options 0/0.1/0.3/0.5/0.7/0.9/keep, 40 trials. */
    public static RandomIouCrop ssd() {
        return new RandomIouCrop(0.3, 1.0, 0.5, 2.0, SSD_OPTIONS, 40);
    }

    @Override
    public Sample apply(Sample sample, RandomGenerator random) {
        int width = sample.image().width();
        int height = sample.image().height();
        while (true) {
            double minIou = options[random.nextInt(options.length)];
            if (minIou >= 1.0) {
                return sample;
            }
            for (int trial = 0; trial < trials; trial++) {
                int cropWidth = (int) (width * (minScale + (maxScale - minScale) * random.nextDouble()));
                int cropHeight = (int) (height * (minScale + (maxScale - minScale) * random.nextDouble()));
                if (cropHeight == 0 || !inRange((double) cropWidth / cropHeight, minAspect, maxAspect)) {
                    continue;
                }
                int left = (int) ((width - cropWidth) * random.nextDouble());
                int top = (int) ((height - cropHeight) * random.nextDouble());
                if (cropWidth == 0) {
                    continue;
                }
                Sample cropped = crop(sample, left, top, cropWidth, cropHeight, minIou);
                if (cropped != null) {
                    return cropped;
                }
            }
        }
    }

    /** The crop when it satisfies the constraints, else null. */
    private static Sample crop(Sample sample, int left, int top, int width, int height, double minIou) {
        int right = left + width;
        int bottom = top + height;
        PixelBox window = new PixelBox(left, top, right, bottom);
        List<Annotation> inside = new ArrayList<>();
        double bestIou = 0;
        for (Annotation object : sample.objects()) {
            float cx = object.box().centerX();
            float cy = object.box().centerY();
            if (left < cx && cx < right && top < cy && cy < bottom) {
                inside.add(object);
                bestIou = Math.max(bestIou, object.box().iou(window));
            }
        }
        if (inside.isEmpty() || bestIou < minIou) {
            return null;
        }
        List<Annotation> shifted = inside.stream()
                .map(o -> new Annotation(o.label(), o.box().translate(-left, -top).clamp(width, height),
                        o.difficult(), o.crowd()))
                .toList();
        return new Sample(sample.id(), cut(sample.image(), left, top, width, height), shifted);
    }

    private static RgbImage cut(RgbImage image, int left, int top, int width, int height) {
        byte[] out = new byte[3 * width * height];
        for (int y = 0; y < height; y++) {
            System.arraycopy(image.pixels(), 3 * ((top + y) * image.width() + left), out, 3 * y * width, 3 * width);
        }
        return new RgbImage(width, height, out);
    }

    private static boolean inRange(double value, double min, double max) {
        return min <= value && value <= max;
    }
}
