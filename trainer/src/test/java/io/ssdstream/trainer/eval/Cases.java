package io.ssdstream.trainer.eval;

import io.ssdstream.scenes.Annotation;
import io.ssdstream.scenes.BoundingBox;
import java.util.List;

/** Shorthand for hand-built evaluation cases. */
final class Cases {

    private Cases() {}

    static BoundingBox box(float x1, float y1, float x2, float y2) {
        return new BoundingBox(x1, y1, x2, y2);
    }

    static Annotation object(int label, BoundingBox box) {
        return Annotation.of(label, box);
    }

    static Annotation difficult(int label, BoundingBox box) {
        return new Annotation(label, box, true, false);
    }

    static Annotation crowd(int label, BoundingBox box) {
        return new Annotation(label, box, false, true);
    }

    static ScoredBox detection(int label, double score, BoundingBox box) {
        return new ScoredBox(label, (float) score, box);
    }

    static EvaluationImage image(List<Annotation> truth, List<ScoredBox> detections) {
        return new EvaluationImage(truth, detections);
    }
}
