package io.ssdstream.tracking.metrics;

import io.ssdstream.tracking.association.Assignment;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Identity metrics (Ristani et al., 2016): each true trajectory is paired with at most one hypothesis trajectory, for
 * the whole sequence, so as to maximise the object-frames on which they agree (IoU at or above the threshold); IDF1 is
 * the F1 score of those identity true positives.
 */
public final class IdentityMetrics {

    /** @param truePositives IDTP; {@code falseNegatives} IDFN; {@code falsePositives} IDFP. */
    public record Result(long truePositives, long falsePositives, long falseNegatives) {

        public double idf1() {
            long denominator = 2 * truePositives + falsePositives + falseNegatives;
            return denominator == 0 ? 1 : 2.0 * truePositives / denominator;
        }

        public double precision() {
            long d = truePositives + falsePositives;
            return d == 0 ? 1 : (double) truePositives / d;
        }

        public double recall() {
            long d = truePositives + falseNegatives;
            return d == 0 ? 1 : (double) truePositives / d;
        }
    }

    private IdentityMetrics() {
    }

    public static Result evaluate(List<FrameTruth> frames, double iouThreshold) {
        Map<Long, Integer> truthIndex = new HashMap<>();
        Map<Long, Integer> hypIndex = new HashMap<>();
        Map<Long, Long> agreements = new HashMap<>();
        long truthBoxes = 0;
        long hypBoxes = 0;
        for (FrameTruth frame : frames) {
            truthBoxes += frame.truth().size();
            hypBoxes += frame.hypotheses().size();
            for (LabelledBox g : frame.truth()) {
                int gi = truthIndex.computeIfAbsent(g.id(), k -> truthIndex.size());
                for (LabelledBox h : frame.hypotheses()) {
                    int hi = hypIndex.computeIfAbsent(h.id(), k -> hypIndex.size());
                    if (g.box().iou(h.box()) >= iouThreshold) {
                        agreements.merge(((long) gi << 32) | hi, 1L, Long::sum);
                    }
                }
            }
            for (LabelledBox h : frame.hypotheses()) {
                hypIndex.computeIfAbsent(h.id(), k -> hypIndex.size());
            }
        }
        // maximum total agreement: minimum of the negated counts, nothing gated (a zero pair just adds nothing)
        double[][] cost = new double[truthIndex.size()][hypIndex.size()];
        List<long[]> entries = new ArrayList<>();
        agreements.forEach((key, count) -> entries.add(new long[] {key >>> 32, key & 0xffffffffL, count}));
        for (long[] e : entries) {
            cost[(int) e[0]][(int) e[1]] = -e[2];
        }
        int[] match = Assignment.solve(cost, Double.POSITIVE_INFINITY);
        long idtp = 0;
        for (int g = 0; g < match.length; g++) {
            if (match[g] >= 0) {
                idtp += (long) -cost[g][match[g]];
            }
        }
        return new Result(idtp, hypBoxes - idtp, truthBoxes - idtp);
    }
}
