package io.ssdstream.trainer.augment;

import io.ssdstream.scenes.Sample;
import java.util.List;
import java.util.random.RandomGenerator;

/**
 * torchvision's SSD training augmentation ({@code references/detection/presets.py}, {@code data_augmentation="ssd"}),
 * in its order: photometric distortion, zoom-out with the mean fill, IoU crop, horizontal flip with p = 0.5.
 */
public final class SsdAugmentation implements Augmentation {

    private final List<Augmentation> steps = List.of(
            new PhotometricDistort(), RandomZoomOut.ssd(), RandomIouCrop.ssd(), new RandomHorizontalFlip(0.5));

    @Override
    public Sample apply(Sample sample, RandomGenerator random) {
        Sample out = sample;
        for (Augmentation step : steps) {
            out = step.apply(out, random);
        }
        return out;
    }
}
