package io.ssdstream.scenes;

/**
 * One annotated object of an image.
 *
 * @param label class index into the dataset's class list (at least 1; 0 is background)
 * @param box the object's box in the image's pixels
 * @param difficult Pascal VOC's "difficult" flag: ignored by VOC evaluation and left out of training
 * @param crowd COCO's {@code iscrowd}: a box over a group of objects, matched by many detections in COCO
 *     evaluation and left out of training
 */
public record Annotation(int label, PixelBox box, boolean difficult, boolean crowd) {

    public Annotation {
        if (label < 1) {
            throw new IllegalArgumentException("object label must be at least 1 (0 is background), got " + label);
        }
        if (box == null) {
            throw new IllegalArgumentException("an annotation needs a box");
        }
    }

    /** An ordinary object: neither difficult nor a crowd. */
    public static Annotation of(int label, PixelBox box) {
        return new Annotation(label, box, false, false);
    }

    /** Whether the object is a training target: torchvision drops crowds, SSD implementations drop difficult. */
    public boolean trainable() {
        return !difficult && !crowd && box.hasArea();
    }
}
