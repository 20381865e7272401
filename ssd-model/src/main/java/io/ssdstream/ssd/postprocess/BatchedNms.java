package io.ssdstream.ssd.postprocess;

import io.ssdstream.ssd.boxes.BoxOps;
import java.util.Arrays;

/**
 * Batched non-maximum suppression, torchvision's {@code batched_nms} ({@code torchvision/ops/boxes.py}): greedy NMS
 * run independently per class, so a box is only ever suppressed by a higher-scored box of its own class. A
 * candidate is kept unless its IoU with a box already kept for the same class is strictly above the threshold.
 *
 * <p>Candidates are fed one at a time, in descending score order across all classes, equal scores by ascending
 * class and then ascending default-box index (torchvision sorts stably, so the lower index wins a tie). This keeps
 * exactly what per-class greedy NMS keeps, since a class's decisions depend only on its own higher-scored boxes;
 * visiting all classes in one pass lets {@link SsdPostprocessor} stop at the per-image cap instead of suppressing
 * every class's full top-k first. torchvision reaches the same result by offsetting each class's boxes so that
 * boxes of different classes never overlap and running one plain NMS.
 *
 * <p>One instance serves one image; it is not thread-safe.
 */
public final class BatchedNms {

    private final double iouThreshold;
    private final float[][] kept;
    private final int[] keptCount;

    /**
     * @param classes the number of object classes; class ids are {@code 0 .. classes)}
     * @param iouThreshold a candidate whose IoU with a kept box of its class is above this is dropped
     */
    public BatchedNms(int classes, double iouThreshold) {
        if (classes < 1) {
            throw new IllegalArgumentException("batched NMS needs at least one class, got " + classes);
        }
        this.iouThreshold = iouThreshold;
        this.kept = new float[classes][];
        this.keptCount = new int[classes];
    }

    /**
     * Decides the next candidate in score order, of class {@code cls}, whose x1, y1, x2, y2 start at
     * {@code boxes[offset]}; remembers it when kept.
     *
     * @return whether the candidate is kept
     */
    public boolean keep(int cls, float[] boxes, int offset) {
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
