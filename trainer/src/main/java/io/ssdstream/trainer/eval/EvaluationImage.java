package io.ssdstream.trainer.eval;

import io.ssdstream.scenes.Annotation;
import java.util.List;

/**
 * One image's ground truth and the detections for it, in the same pixel frame.
 *
 * @param truth annotated objects, difficult and crowd flags included
 * @param detections the detector's output, any order
 */
public record EvaluationImage(List<Annotation> truth, List<ScoredBox> detections) {

    public EvaluationImage {
        truth = List.copyOf(truth);
        detections = List.copyOf(detections);
    }
}
