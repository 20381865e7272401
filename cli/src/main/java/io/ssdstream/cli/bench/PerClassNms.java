package io.ssdstream.cli.bench;

import io.ssdstream.ssd.boxes.BoxOps;

/**
 * The baseline's NMS, torchvision's {@code nms} over one class's candidates: walking them from the highest score
 * down, a box is kept unless its IoU with an already kept box is strictly greater than the threshold. Candidates
 * arrive sorted by descending score, equal scores by ascending default-box index. The baseline calls it once per
 * class; production runs {@link io.ssdstream.ssd.postprocess.BatchedNms} over all classes in one pass instead.
 */
final class PerClassNms {

    private PerClassNms() {}

    /**
     * @param boxes flat x1, y1, x2, y2 of {@code count} candidates in score order
     * @return the number of kept candidates; {@code kept[0 .. result)} holds their positions, in score order
     */
    static int suppress(float[] boxes, int count, double iouThreshold, int[] kept) {
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
