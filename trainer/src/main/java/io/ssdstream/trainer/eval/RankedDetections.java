package io.ssdstream.trainer.eval;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The detections of one class across images, by descending score. Equal scores keep image order, then the
 * detector's order within the image — the stable ordering pycocotools gets from its merge sort, made explicit so
 * that ties evaluate the same way on every run.
 */
final class RankedDetections {

    record Ranked(int image, int index, ScoredBox detection) {}

    private RankedDetections() {}

    /** Class {@code label}'s detections; with {@code perImageLimit} only each image's best that many. */
    static List<Ranked> of(List<EvaluationImage> images, int label, int perImageLimit) {
        List<Ranked> all = new ArrayList<>();
        for (int i = 0; i < images.size(); i++) {
            all.addAll(ofImage(images.get(i), i, label, perImageLimit));
        }
        all.sort(Comparator.comparingDouble((Ranked r) -> -r.detection().score()));
        return all;
    }

    /** One image's detections of class {@code label}, best first, at most {@code limit}. */
    static List<Ranked> ofImage(EvaluationImage image, int imageIndex, int label, int limit) {
        List<Ranked> mine = new ArrayList<>();
        List<ScoredBox> detections = image.detections();
        for (int d = 0; d < detections.size(); d++) {
            if (detections.get(d).label() == label) {
                mine.add(new Ranked(imageIndex, d, detections.get(d)));
            }
        }
        mine.sort(Comparator.comparingDouble((Ranked r) -> -r.detection().score()));
        return mine.size() > limit ? List.copyOf(mine.subList(0, limit)) : mine;
    }
}
