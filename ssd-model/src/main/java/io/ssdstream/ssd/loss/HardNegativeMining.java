package io.ssdstream.ssd.loss;

import java.util.Arrays;

/**
 * The SSD paper's <em>hard negative mining</em> as torchvision's {@code SSD.compute_loss} does it: per image, rank
 * the default boxes by classification loss with the positives' loss set to -inf, and keep the first
 * {@code ratio * positives} of that ranking as the negatives that enter the classification loss.
 *
 * <p>Equal losses rank by anchor index, lowest first (torch's unstable sort leaves that order open; a stable rule
 * keeps training reproducible). NaN ranks above everything, as in torch's descending sort. Like torchvision, the
 * ranking covers the positives too: when {@code ratio * positives} exceeds the number of negatives, positives fill
 * the remaining ranks and are selected again, so their loss counts twice (never the case with SSD300's 8732 anchors
 * unless an image has over 2183 positives).
 *
 * <p>Runs on the host: the ranking needs no gradient, and a deterministic tie rule is plain there. The price is one
 * (images, anchors) float copy from the device per training step.
 */
final class HardNegativeMining {

    private final int negativeToPositiveRatio;

    HardNegativeMining(int negativeToPositiveRatio) {
        if (negativeToPositiveRatio < 0) {
            throw new IllegalArgumentException(
                    "negative-to-positive ratio must not be negative, got " + negativeToPositiveRatio);
        }
        this.negativeToPositiveRatio = negativeToPositiveRatio;
    }

    /**
     * Selects the hard negatives.
     *
     * @param losses (images * anchors) per-anchor classification loss, row-major by image
     * @param positive (images * anchors) whether the anchor's classification target is an object class
     * @param anchors anchors per image
     * @return (images * anchors) whether the anchor is among the image's selected negatives
     */
    boolean[] select(float[] losses, boolean[] positive, int anchors) {
        if (anchors <= 0 || losses.length % anchors != 0 || positive.length != losses.length) {
            throw new IllegalArgumentException("need images * " + anchors + " losses and positive flags, got "
                    + losses.length + " losses and " + positive.length + " flags");
        }
        boolean[] selected = new boolean[losses.length];
        long[] ranking = new long[anchors];
        for (int offset = 0; offset < losses.length; offset += anchors) {
            int positives = 0;
            for (int a = 0; a < anchors; a++) {
                boolean isPositive = positive[offset + a];
                positives += isPositive ? 1 : 0;
                ranking[a] = rankKey(isPositive ? Float.NEGATIVE_INFINITY : losses[offset + a], a);
            }
            long wanted = Math.min((long) negativeToPositiveRatio * positives, anchors);
            if (wanted == 0) {
                continue;
            }
            Arrays.sort(ranking);
            for (int r = 0; r < wanted; r++) {
                selected[offset + (int) ranking[r]] = true;
            }
        }
        return selected;
    }

    /**
     * A long whose ascending order is loss descending, then anchor index ascending. The loss part is the float's
     * bits mapped to a signed int that orders like {@link Float#compare}, then complemented to reverse that order;
     * the index fills the low 32 bits.
     */
    private static long rankKey(float loss, int anchor) {
        int bits = Float.floatToIntBits(loss);
        int ordered = bits ^ ((bits >> 31) & 0x7fffffff);
        return ((long) ~ordered << 32) | anchor;
    }
}
