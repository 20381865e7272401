package io.ssdstream.trainer.data;

import io.ssdstream.scenes.Sample;

/**
 * An indexed set of annotated images. Annotations are read and validated when the dataset is opened, so a
 * malformed one fails before training starts; pixels are decoded on {@link #load}, from any thread.
 */
public interface DetectionDataset {

    /** Where the data comes from, for logs and model provenance, e.g. {@code voc:/data/VOC2007:trainval}. */
    String description();

    /** Class names, index = label, background at 0. */
    ClassList classes();

    /** Number of images. */
    int size();

    /** The image at {@code index} with its objects; thread-safe. */
    Sample load(int index) throws UnreadableImageException;
}
