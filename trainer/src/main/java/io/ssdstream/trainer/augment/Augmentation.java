package io.ssdstream.trainer.augment;

import io.ssdstream.scenes.Sample;
import java.util.random.RandomGenerator;

/**
 * A random transform of an image together with its boxes, as torchvision's detection reference transforms
 * ({@code references/detection/transforms.py}) take and return {@code (image, target)}.
 */
public interface Augmentation {

    /** The transformed sample; {@code random} supplies every random draw, so a seeded stream replays exactly. */
    Sample apply(Sample sample, RandomGenerator random);
}
