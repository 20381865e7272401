package io.ssdstream.ssd.postprocess;

import io.ssdstream.ssd.boxes.BoxOps;
import java.util.Arrays;

/**
 * Batched non-maximum suppression fed one candidate at a time in descending score order across all classes. A
 * candidate is kept unless its IoU with a box already kept for the same class is strictly above the threshold —
 * exactly what per-class greedy NMS keeps, since a class's decisions depend only on its own higher-scored boxes.
 * Visiting classes together in score order lets the caller stop at the per-image cap instead of suppressing every
 * class's full top-k first.
 */
final class ScoreOrderedNms {

    private final double iouThreshold;
    private final float[][] kept;
    private final int[] keptCount;

    ScoreOrderedNms(int classes, double iouThreshold) {
        this.iouThreshold = iouThreshold;
        this.kept = new float[classes][];
        this.keptCount = new int[classes];
    }

    /** Decides the candidate whose x1, y1, x2, y2 start at {@code boxes[offset]}; remembers it when kept. */
    boolean keep(int cls, float[] boxes, int offset) {
        float[] classKept = kept[cls];
        for (int i = 0; i < keptCount[cls]; i++) {
            if (BoxOps.iou(classKept, i * 4, boxes, offset) > iouThreshold) {
                return false;
            }
        }
        if (classKept == null) {
            classKept = new float[16];
        } else if (classKept.length == keptCount[cls] * 4) {
            classKept = Arrays.copyOf(classKept, classKept.length * 2);
        }
        System.arraycopy(boxes, offset, classKept, keptCount[cls] * 4, 4);
        kept[cls] = classKept;
        keptCount[cls]++;
        return true;
    }
}
