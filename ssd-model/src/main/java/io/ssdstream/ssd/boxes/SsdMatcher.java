package io.ssdstream.ssd.boxes;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;

/**
 * The SSD paper's <em>matching strategy</em>, torchvision's {@code SSDMatcher}: each default box takes the
 * ground-truth box it overlaps most when that overlap reaches the threshold, and every ground-truth box in addition
 * claims its single best default box whatever the overlap, so no object goes unmatched.
 *
 * <p>Ties follow torchvision: an anchor equally close to several boxes takes the first of them, a box equally close
 * to several anchors claims the first of them, and when several boxes claim the same anchor the last one wins
 * (torchvision's {@code matches[best_anchor] = arange(G)} assignment on CPU). The whole computation stays on the
 * device of the quality matrix; intermediate arrays belong to its manager.
 */
public final class SsdMatcher {

    /** Anchors left unmatched: background, candidates for hard negative mining. */
    public static final long UNMATCHED = -1;

    private final double iouThreshold;

    public SsdMatcher(double iouThreshold) {
        if (!(iouThreshold >= 0 && iouThreshold <= 1)) {
            throw new IllegalArgumentException("IoU threshold must be in [0, 1], got " + iouThreshold);
        }
        this.iouThreshold = iouThreshold;
    }

    /**
     * Matches anchors to ground-truth boxes.
     *
     * @param quality (G, A) match quality, IoU of ground-truth box g with anchor a
     * @return (A,) int64: the matched ground-truth index, or {@link #UNMATCHED}
     */
    public NDArray match(NDArray quality) {
        Shape shape = quality.getShape();
        if (shape.dimension() != 2) {
            throw new IllegalArgumentException("match quality must be (ground truths, anchors), got " + shape);
        }
        long gts = shape.get(0);
        long anchors = shape.get(1);
        NDManager manager = quality.getManager();
        if (gts == 0) {
            return manager.full(new Shape(anchors), UNMATCHED, DataType.INT64, quality.getDevice());
        }
        if (anchors == 0) {
            throw new IllegalArgumentException("match quality has no anchors: " + shape);
        }
        NDArray bestGt = quality.argMax(0);
        NDArray belowThreshold = quality.max(new int[] {0}).lt((float) iouThreshold);
        NDArray unmatched = bestGt.zerosLike().sub(1L);
        NDArray byThreshold = NDArrays.where(belowThreshold, unmatched, bestGt);

        NDArray anchorIndex = manager.arange(0, anchors, 1, DataType.INT64, quality.getDevice()).expandDims(0);
        NDArray claimed = quality.argMax(1).expandDims(1).eq(anchorIndex);
        NDArray gtNumber = manager.arange(1, gts + 1, 1, DataType.INT64, quality.getDevice()).expandDims(1);
        // highest claiming gt number per anchor, so the last claimant wins; 0 where no box claims the anchor
        NDArray claimant = claimed.toType(DataType.INT64, false).mul(gtNumber).max(new int[] {0});
        return NDArrays.where(claimant.gt(0L), claimant.sub(1L), byThreshold);
    }
}
