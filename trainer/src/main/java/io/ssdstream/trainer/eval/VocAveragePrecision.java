package io.ssdstream.trainer.eval;

import io.ssdstream.scenes.Annotation;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Pascal VOC detection AP at IoU 0.5, as the devkit's {@code voc_eval}: per class, detections by descending score
 * are matched to the highest-IoU ground truth of their image; above 0.5 (strictly) they are a true positive if
 * that object is new, a false positive if it was already found (a duplicate), and ignored if it is difficult
 * (crowd boxes count as difficult here). Recall counts non-difficult objects. Two summaries: the VOC2007
 * 11-point interpolated AP and the VOC2010+ area under the monotone precision envelope.
 *
 * <p>Boxes use the continuous convention (no "+1" on widths), like torchvision and pycocotools. A class without
 * ground truth has no AP and is left out of the mean.
 */
public final class VocAveragePrecision {

    /** Matching threshold: a detection must overlap its object with IoU strictly above this. */
    public static final double IOU_THRESHOLD = 0.5;

    /**
     * Per-class results.
     *
     * @param elevenPoint the 11-point AP per class (index = label, null for background and classes without
     *     ground truth)
     * @param area the area AP per class, same indexing
     */
    public record Result(List<Double> elevenPoint, List<Double> area) {

        public Double meanElevenPoint() {
            return mean(elevenPoint);
        }

        public Double meanArea() {
            return mean(area);
        }
    }

    private VocAveragePrecision() {}

    public static Result evaluate(List<EvaluationImage> images, int classes) {
        List<Double> eleven = new ArrayList<>();
        List<Double> area = new ArrayList<>();
        eleven.add(null);
        area.add(null);
        for (int label = 1; label < classes; label++) {
            double[][] curve = precisionRecall(images, label);
            eleven.add(curve == null ? null : elevenPoint(curve[0], curve[1]));
            area.add(curve == null ? null : areaUnderEnvelope(curve[0], curve[1]));
        }
        return new Result(eleven, area);
    }

    /** {recall, precision} after each ranked detection, or null when the class has no non-difficult object. */
    static double[][] precisionRecall(List<EvaluationImage> images, int label) {
        int positives = 0;
        List<boolean[]> found = new ArrayList<>();
        for (EvaluationImage image : images) {
            for (Annotation object : image.truth()) {
                if (object.label() == label && !ignored(object)) {
                    positives++;
                }
            }
            found.add(new boolean[image.truth().size()]);
        }
        if (positives == 0) {
            return null;
        }
        List<RankedDetections.Ranked> ranked = RankedDetections.of(images, label, Integer.MAX_VALUE);
        double[] recall = new double[ranked.size()];
        double[] precision = new double[ranked.size()];
        int tp = 0;
        int fp = 0;
        int n = 0;
        for (RankedDetections.Ranked r : ranked) {
            List<Annotation> truth = images.get(r.image()).truth();
            int best = -1;
            double bestIou = Double.NEGATIVE_INFINITY;
            for (int g = 0; g < truth.size(); g++) {
                if (truth.get(g).label() == label) {
                    double iou = Overlap.iou(r.detection().box(), truth.get(g).box());
                    if (iou > bestIou) {
                        bestIou = iou;
                        best = g;
                    }
                }
            }
            if (best >= 0 && bestIou > IOU_THRESHOLD) {
                if (ignored(truth.get(best))) {
                    continue;
                }
                boolean[] seen = found.get(r.image());
                if (seen[best]) {
                    fp++;
                } else {
                    seen[best] = true;
                    tp++;
                }
            } else {
                fp++;
            }
            recall[n] = (double) tp / positives;
            precision[n] = (double) tp / (tp + fp);
            n++;
        }
        return new double[][] {Arrays.copyOf(recall, n), Arrays.copyOf(precision, n)};
    }

    /** VOC2007: the mean over recall levels 0, 0.1, ..., 1 of the best precision at that recall or above. */
    static double elevenPoint(double[] recall, double[] precision) {
        double ap = 0;
        for (int k = 0; k <= 10; k++) {
            // numpy's arange(0, 1.1, 0.1) computes k * 0.1, so 0.30000000000000004 — kept for identical results
            double level = k * 0.1;
            double best = 0;
            for (int i = 0; i < recall.length; i++) {
                if (recall[i] >= level) {
                    best = Math.max(best, precision[i]);
                }
            }
            ap += best / 11;
        }
        return ap;
    }

    /** VOC2010+: area under the precision envelope (precision made non-increasing in recall), stepwise. */
    static double areaUnderEnvelope(double[] recall, double[] precision) {
        int n = recall.length;
        double[] r = new double[n + 2];
        double[] p = new double[n + 2];
        System.arraycopy(recall, 0, r, 1, n);
        System.arraycopy(precision, 0, p, 1, n);
        r[n + 1] = 1;
        for (int i = n; i >= 0; i--) {
            p[i] = Math.max(p[i], p[i + 1]);
        }
        double ap = 0;
        for (int i = 0; i <= n; i++) {
            if (r[i + 1] != r[i]) {
                ap += (r[i + 1] - r[i]) * p[i + 1];
            }
        }
        return ap;
    }

    private static boolean ignored(Annotation object) {
        return object.difficult() || object.crowd();
    }

    static Double mean(List<Double> values) {
        double sum = 0;
        int count = 0;
        for (Double v : values) {
            if (v != null) {
                sum += v;
                count++;
            }
        }
        return count == 0 ? null : sum / count;
    }
}
