package io.ssdstream.tracking.metrics;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** One frame of a tracking evaluation: the true objects and the tracker's hypotheses, each id at most once. */
public record FrameTruth(List<LabelledBox> truth, List<LabelledBox> hypotheses) {

    public FrameTruth {
        truth = List.copyOf(truth);
        hypotheses = List.copyOf(hypotheses);
        requireUnique(truth, "ground-truth");
        requireUnique(hypotheses, "hypothesis");
    }

    private static void requireUnique(List<LabelledBox> boxes, String what) {
        Set<Long> seen = new HashSet<>();
        for (LabelledBox b : boxes) {
            if (!seen.add(b.id())) {
                throw new IllegalArgumentException(what + " id " + b.id() + " appears twice in one frame");
            }
        }
    }
}
