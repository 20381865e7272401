package io.ssdstream.ssd.postprocess;

/**
 * Packs a candidate into one {@code long} whose natural order is torchvision's result order: score descending,
 * then class ascending (batched NMS returns classes in order and sorts stably), then default-box index ascending
 * (the lower index wins a tie in NMS). The high 32 bits hold the inverted score; the low 32 bits, read unsigned,
 * hold the candidate's slot {@code class * anchorCount + anchor}, which orders by class then anchor for any model
 * whose classes times default boxes fit in 2^32 slots.
 */
final class RankingKeys {

    private static final long SLOTS = 1L << 32;

    private final int anchorCount;

    RankingKeys(int classes, int anchorCount) {
        if ((long) classes * anchorCount > SLOTS) {
            throw new IllegalArgumentException("postprocessing ranks at most 2^32 candidates per image, but "
                    + classes + " object classes x " + anchorCount + " default boxes = "
                    + (long) classes * anchorCount);
        }
        this.anchorCount = anchorCount;
    }

    long key(float score, int cls, int anchor) {
        // positive floats order like their bits, so subtracting them from the largest int bits reverses the order
        long invertedScore = 0x7FFFFFFFL - Float.floatToRawIntBits(score);
        return (invertedScore << 32) | ((long) cls * anchorCount + anchor);
    }

    static float scoreOf(long key) {
        return Float.intBitsToFloat((int) (0x7FFFFFFFL - (key >>> 32)));
    }

    int classOf(long key) {
        return (int) ((key & (SLOTS - 1)) / anchorCount);
    }

    int anchorOf(long key) {
        return (int) ((key & (SLOTS - 1)) % anchorCount);
    }
}
