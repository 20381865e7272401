package io.ssdstream.scenes;

import java.util.List;

/**
 * One image of a dataset with its annotated objects, boxes in the image's own pixels.
 *
 * @param id the dataset's name for the image (file stem, COCO image id, or synthetic index)
 * @param image the decoded pixels
 * @param objects the annotations, in the dataset's order
 */
public record Sample(String id, RgbImage image, List<Annotation> objects) {

    public Sample {
        objects = List.copyOf(objects);
    }
}
