package io.ssdstream.trainer.eval;

import io.ssdstream.scenes.Annotation;
import io.ssdstream.scenes.PixelBox;
import java.util.List;

/** Shorthand for hand-built evaluation cases. */
final class Cases {

    private Cases() {}

    static PixelBox box(float x1, float y1, float x2, float y2) {
        return new PixelBox(x1, y1, x2, y2);
    }

    static Annotation object(int label, PixelBox box) {
        return Annotation.of(label, box);
    }

    static Annotation difficult(int label, PixelBox box) {
        return new Annotation(label, box, true, false);
    }

    static Annotation crowd(int label, PixelBox box) {
        return new Annotation(label, box, false, true);
    }

    static ScoredBox detection(int label, double score, PixelBox box) {
        return new ScoredBox(label, (float) score, box);
    }

    static EvaluationImage image(List<Annotation> truth, List<ScoredBox> detections) {
        return new EvaluationImage(truth, detections);
    }
}
