package io.ssdstream.ssd.postprocess;

import io.ssdstream.ssd.boxes.BoxOps;

/**
 * Greedy non-maximum suppression over one class's candidates (torchvision's {@code nms}): walking the candidates
 * from the highest score down, a box is kept unless its IoU with an already kept box is strictly greater than the
 * threshold. Candidates must arrive sorted by descending score, equal scores by ascending anchor index, which makes
 * the lower index win a tie. Classes are suppressed independently ("batched NMS"): callers run this once per class.
 */
public final class NonMaximumSuppression {

    private NonMaximumSuppression() {}

    /**
     * @param boxes flat x1, y1, x2, y2 of {@code count} candidates in score order
     * @return the number of kept candidates; {@code kept[0 .. result)} holds their positions, in score order
     */
    public static int suppress(float[] boxes, int count, double iouThreshold, int[] kept) {
        boolean[] suppressed = new boolean[count];
        int keptCount = 0;
        for (int i = 0; i < count; i++) {
            if (suppressed[i]) {
                continue;
            }
            kept[keptCount++] = i;
            for (int j = i + 1; j < count; j++) {
                if (!suppressed[j] && BoxOps.iou(boxes, i, j) > iouThreshold) {
                    suppressed[j] = true;
                }
            }
        }
        return keptCount;
    }
}
