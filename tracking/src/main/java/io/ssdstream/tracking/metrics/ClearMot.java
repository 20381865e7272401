package io.ssdstream.tracking.metrics;

import io.ssdstream.tracking.association.Assignment;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * CLEAR-MOT (Bernardin and Stiefelhagen, 2008): per frame, a correspondence from the previous frame is kept while its
 * IoU stays at or above the threshold; the remaining objects and hypotheses are matched optimally; an object matched
 * to another hypothesis than the one it was last matched to is an id switch.
 */
public final class ClearMot {

    /**
     * @param objects          ground-truth object-frames
     * @param matches          of them, matched to a hypothesis
     * @param misses           not matched (false negatives)
     * @param falsePositives   hypotheses matched to no object
     * @param idSwitches       matches whose hypothesis differs from the object's previous one
     * @param meanIou          mean IoU of the matches (MOTP as overlap)
     */
    public record Result(long objects, long matches, long misses, long falsePositives, long idSwitches,
                         double meanIou) {

        /** 1 - (misses + false positives + id switches) / objects. */
        public double mota() {
            return objects == 0 ? 1 : 1 - (double) (misses + falsePositives + idSwitches) / objects;
        }

        /** Id switches per 1,000 ground-truth object-frames. */
        public double idSwitchesPerThousand() {
            return objects == 0 ? 0 : 1000.0 * idSwitches / objects;
        }
    }

    private ClearMot() {
    }

    public static Result evaluate(List<FrameTruth> frames, double iouThreshold) {
        Map<Long, Long> previous = new HashMap<>();
        Map<Long, Long> lastMatched = new HashMap<>();
        long objects = 0;
        long matches = 0;
        long falsePositives = 0;
        long switches = 0;
        double iouSum = 0;
        for (FrameTruth frame : frames) {
            List<LabelledBox> truth = frame.truth();
            List<LabelledBox> hyps = frame.hypotheses();
            objects += truth.size();
            Map<Long, Long> current = new HashMap<>();
            Set<Integer> usedTruth = new HashSet<>();
            Set<Integer> usedHyp = new HashSet<>();
            for (int g = 0; g < truth.size(); g++) {
                Long kept = previous.get(truth.get(g).id());
                for (int h = 0; kept != null && h < hyps.size(); h++) {
                    double iou = truth.get(g).box().iou(hyps.get(h).box());
                    if (hyps.get(h).id() == kept && !usedHyp.contains(h) && iou >= iouThreshold) {
                        usedTruth.add(g);
                        usedHyp.add(h);
                        current.put(truth.get(g).id(), kept);
                        iouSum += iou;
                    }
                }
            }
            List<Integer> freeTruth = new ArrayList<>();
            List<Integer> freeHyp = new ArrayList<>();
            for (int g = 0; g < truth.size(); g++) {
                if (!usedTruth.contains(g)) {
                    freeTruth.add(g);
                }
            }
            for (int h = 0; h < hyps.size(); h++) {
                if (!usedHyp.contains(h)) {
                    freeHyp.add(h);
                }
            }
            double[][] cost = new double[freeTruth.size()][freeHyp.size()];
            for (int i = 0; i < freeTruth.size(); i++) {
                for (int j = 0; j < freeHyp.size(); j++) {
                    cost[i][j] = 1 - truth.get(freeTruth.get(i)).box().iou(hyps.get(freeHyp.get(j)).box());
                }
            }
            int[] match = Assignment.solve(cost, 1 - iouThreshold);
            for (int i = 0; i < match.length; i++) {
                if (match[i] < 0) {
                    continue;
                }
                LabelledBox object = truth.get(freeTruth.get(i));
                LabelledBox hyp = hyps.get(freeHyp.get(match[i]));
                Long before = lastMatched.get(object.id());
                if (before != null && before != hyp.id()) {
                    switches++;
                }
                current.put(object.id(), hyp.id());
                iouSum += 1 - cost[i][match[i]];
            }
            lastMatched.putAll(current);
            matches += current.size();
            falsePositives += hyps.size() - current.size();
            previous = current;
        }
        return new Result(objects, matches, objects - matches, falsePositives, switches,
                matches == 0 ? 0 : iouSum / matches);
    }
}
