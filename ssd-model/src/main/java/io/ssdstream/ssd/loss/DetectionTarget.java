package io.ssdstream.ssd.loss;

import java.util.Arrays;

/**
 * One image's ground truth for training: the objects' boxes and class labels, in network-input pixels (after
 * resizing and augmentation), as torchvision's target dictionary {@code {"boxes", "labels"}}.
 *
 * <p>Held on the host so that datasets and augmentation need no native memory; the loss uploads it to the
 * device of the predictions. Arrays are copied in and out, so a target cannot change after validation.
 *
 * @param boxes (G * 4) x1, y1, x2, y2 per object, each with positive width and height
 * @param labels (G) class per object, at least 1 (0 is background)
 */
public record DetectionTarget(float[] boxes, int[] labels) {

    public DetectionTarget {
        if (boxes == null || labels == null) {
            throw new IllegalArgumentException("boxes and labels are required (use empty arrays for no objects)");
        }
        if (boxes.length != 4 * labels.length) {
            throw new IllegalArgumentException("expected 4 box coordinates per label: " + labels.length
                    + " labels need " + 4 * labels.length + " coordinates, got " + boxes.length);
        }
        for (int g = 0; g < labels.length; g++) {
            float x1 = boxes[4 * g];
            float y1 = boxes[4 * g + 1];
            float x2 = boxes[4 * g + 2];
            float y2 = boxes[4 * g + 3];
            // torchvision's SSD.forward rejects the same boxes: their encoded width or height would be log(0)
            if (!(Float.isFinite(x1) && Float.isFinite(y1) && Float.isFinite(x2) && Float.isFinite(y2))
                    || !(x2 > x1 && y2 > y1)) {
                throw new IllegalArgumentException("box " + g + " must be finite with positive width and height, got ["
                        + x1 + ", " + y1 + ", " + x2 + ", " + y2 + "]");
            }
            if (labels[g] < 1) {
                throw new IllegalArgumentException("label of box " + g + " must be at least 1 (0 is background), got "
                        + labels[g]);
            }
        }
        boxes = boxes.clone();
        labels = labels.clone();
    }

    /** An image without objects: every default box is a negative. */
    public static DetectionTarget empty() {
        return new DetectionTarget(new float[0], new int[0]);
    }

    /** Number of objects G. */
    public int count() {
        return labels.length;
    }

    @Override
    public float[] boxes() {
        return boxes.clone();
    }

    @Override
    public int[] labels() {
        return labels.clone();
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof DetectionTarget that
                && Arrays.equals(boxes, that.boxes)
                && Arrays.equals(labels, that.labels);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(boxes) + Arrays.hashCode(labels);
    }

    @Override
    public String toString() {
        return "DetectionTarget[boxes=" + Arrays.toString(boxes) + ", labels=" + Arrays.toString(labels) + "]";
    }
}
