package io.ssdstream.trainer.eval;

import io.ssdstream.scenes.Annotation;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * COCO's detection metrics as pycocotools' {@code COCOeval} computes them for boxes: per class and image the
 * best 100 detections are matched greedily by descending score to the highest-IoU unmatched object at each IoU
 * threshold 0.50, 0.55, ..., 0.95; crowd objects may absorb any number of detections (overlap measured over the
 * detection's area) and, like objects outside the area range, neither count as missed nor make a match a hit.
 * Precision is made non-increasing in recall and sampled at 101 recall levels; AP averages it over thresholds,
 * levels and the classes that have objects.
 *
 * <p>Areas are box areas (pycocotools uses the annotation's {@code area}, a mask area on COCO itself).
 */
public final class CocoAveragePrecision {

    /** COCO's area ranges in square pixels: all, small (below 32²), medium (32² to 96²), large (above 96²). */
    public enum AreaRange {
        ALL(0, 1e10), SMALL(0, 32 * 32), MEDIUM(32 * 32, 96 * 96), LARGE(96 * 96, 1e10);

        final double min;
        final double max;

        AreaRange(double min, double max) {
            this.min = min;
            this.max = max;
        }

        boolean excludes(double area) {
            return area < min || area > max;
        }
    }

    public static final int MAX_DETECTIONS = 100;
    private static final int THRESHOLDS = 10;
    private static final int RECALL_LEVELS = 101;

    /**
     * The summary numbers; each is null when no class has objects in its range.
     *
     * @param ap AP averaged over IoU 0.50:0.95
     * @param ap50 AP at IoU 0.50
     * @param ap75 AP at IoU 0.75
     * @param apSmall AP@[.5:.95] for objects below 32² pixels
     * @param apMedium AP@[.5:.95] for objects from 32² to 96² pixels
     * @param apLarge AP@[.5:.95] for objects above 96² pixels
     * @param perClass AP@[.5:.95] per class (index = label; null for background and classes without objects)
     */
    public record Result(Double ap, Double ap50, Double ap75, Double apSmall, Double apMedium, Double apLarge,
            List<Double> perClass) {}

    private CocoAveragePrecision() {}

    public static Result evaluate(List<EvaluationImage> images, int classes) {
        double[] thresholds = thresholds();
        // precision[area][class][threshold][recall level], null where the class has no objects in the range
        double[][][][] precision = new double[AreaRange.values().length][classes][][];
        for (AreaRange range : AreaRange.values()) {
            for (int label = 1; label < classes; label++) {
                precision[range.ordinal()][label] = precisionAtRecallLevels(images, label, range, thresholds);
            }
        }
        List<Double> perClass = new ArrayList<>();
        perClass.add(null);
        for (int label = 1; label < classes; label++) {
            double[][] p = precision[AreaRange.ALL.ordinal()][label];
            perClass.add(p == null ? null : average(List.<double[][]>of(p), 0, THRESHOLDS));
        }
        return new Result(
                summary(precision, AreaRange.ALL, 0, THRESHOLDS),
                summary(precision, AreaRange.ALL, 0, 1),
                summary(precision, AreaRange.ALL, 5, 6),
                summary(precision, AreaRange.SMALL, 0, THRESHOLDS),
                summary(precision, AreaRange.MEDIUM, 0, THRESHOLDS),
                summary(precision, AreaRange.LARGE, 0, THRESHOLDS),
                perClass);
    }

    /** numpy's {@code linspace(.5, .95, 10)}, reproduced to the last bit. */
    static double[] thresholds() {
        double[] t = new double[THRESHOLDS];
        double step = (0.95 - 0.5) / (THRESHOLDS - 1);
        for (int k = 0; k < THRESHOLDS; k++) {
            t[k] = k * step + 0.5;
        }
        t[THRESHOLDS - 1] = 0.95;
        return t;
    }

    private static Double summary(double[][][][] precision, AreaRange range, int fromThreshold, int toThreshold) {
        List<double[][]> defined = new ArrayList<>();
        for (double[][] p : precision[range.ordinal()]) {
            if (p != null) {
                defined.add(p);
            }
        }
        return defined.isEmpty() ? null : average(defined, fromThreshold, toThreshold);
    }

    private static double average(List<double[][]> perClass, int fromThreshold, int toThreshold) {
        double sum = 0;
        int count = 0;
        for (double[][] p : perClass) {
            for (int t = fromThreshold; t < toThreshold; t++) {
                for (double v : p[t]) {
                    sum += v;
                    count++;
                }
            }
        }
        return sum / count;
    }

    /** [threshold][recall level] interpolated precision for one class and area range; null without objects. */
    private static double[][] precisionAtRecallLevels(List<EvaluationImage> images, int label, AreaRange range,
            double[] thresholds) {
        int counted = 0;
        List<ImageMatches> matches = new ArrayList<>();
        for (int i = 0; i < images.size(); i++) {
            ImageMatches m = ImageMatches.of(images.get(i), i, label, range, thresholds);
            counted += m.countedObjects();
            matches.add(m);
        }
        if (counted == 0) {
            return null;
        }
        List<ImageMatches.Outcome> ranked = ImageMatches.ranked(matches);
        double[][] out = new double[thresholds.length][];
        for (int t = 0; t < thresholds.length; t++) {
            out[t] = interpolate(ranked, t, counted);
        }
        return out;
    }

    private static double[] interpolate(List<ImageMatches.Outcome> ranked, int t, int counted) {
        int n = ranked.size();
        double[] recall = new double[n];
        double[] precision = new double[n];
        int tp = 0;
        int fp = 0;
        for (int i = 0; i < n; i++) {
            ImageMatches.Outcome o = ranked.get(i);
            if (!o.ignored()[t]) {
                if (o.matched()[t]) {
                    tp++;
                } else {
                    fp++;
                }
            }
            recall[i] = (double) tp / counted;
            precision[i] = tp / (tp + fp + Math.ulp(1.0));
        }
        for (int i = n - 1; i > 0; i--) {
            precision[i - 1] = Math.max(precision[i - 1], precision[i]);
        }
        double[] atLevel = new double[RECALL_LEVELS];
        for (int level = 0; level < RECALL_LEVELS; level++) {
            // numpy's linspace(0, 1, 101): k * 0.01, with the last point exactly 1
            double wanted = level == RECALL_LEVELS - 1 ? 1.0 : level * 0.01;
            int first = firstAtLeast(recall, wanted);
            if (first == n) {
                break;
            }
            atLevel[level] = precision[first];
        }
        return atLevel;
    }

    /** numpy's {@code searchsorted(side='left')} on a non-decreasing array. */
    private static int firstAtLeast(double[] sorted, double value) {
        int low = 0;
        int high = sorted.length;
        while (low < high) {
            int mid = (low + high) >>> 1;
            if (sorted[mid] < value) {
                low = mid + 1;
            } else {
                high = mid;
            }
        }
        return low;
    }

    /** One image's detections of one class matched against its objects at every threshold. */
    private record ImageMatches(int countedObjects, List<Outcome> outcomes) {

        record Outcome(int image, int rank, float score, boolean[] matched, boolean[] ignored) {}

        static ImageMatches of(EvaluationImage image, int imageIndex, int label, AreaRange range,
                double[] thresholds) {
            // objects in range first (pycocotools sorts ignored ones last, stably)
            List<Annotation> objects = new ArrayList<>();
            List<Boolean> ignoredObject = new ArrayList<>();
            for (boolean wantIgnored : new boolean[] {false, true}) {
                for (Annotation a : image.truth()) {
                    boolean ignore = a.crowd() || range.excludes(Overlap.area(a.box()));
                    if (a.label() == label && ignore == wantIgnored) {
                        objects.add(a);
                        ignoredObject.add(ignore);
                    }
                }
            }
            int counted = (int) ignoredObject.stream().filter(i -> !i).count();
            List<RankedDetections.Ranked> detections = RankedDetections.ofImage(image, imageIndex, label, MAX_DETECTIONS);
            List<Outcome> outcomes = new ArrayList<>();
            boolean[][] taken = new boolean[thresholds.length][objects.size()];
            for (int d = 0; d < detections.size(); d++) {
                RankedDetections.Ranked det = detections.get(d);
                boolean[] matched = new boolean[thresholds.length];
                boolean[] ignored = new boolean[thresholds.length];
                for (int t = 0; t < thresholds.length; t++) {
                    int m = bestObject(det, objects, ignoredObject, taken[t], thresholds[t]);
                    if (m >= 0) {
                        taken[t][m] = true;
                        matched[t] = true;
                        ignored[t] = ignoredObject.get(m);
                    } else {
                        ignored[t] = range.excludes(Overlap.area(det.detection().box()));
                    }
                }
                outcomes.add(new Outcome(imageIndex, d, det.detection().score(), matched, ignored));
            }
            return new ImageMatches(counted, outcomes);
        }

        /** pycocotools' greedy choice: the best-overlap free object, preferring counted objects to ignored ones. */
        private static int bestObject(RankedDetections.Ranked det, List<Annotation> objects,
                List<Boolean> ignoredObject, boolean[] taken, double threshold) {
            double best = Math.min(threshold, 1 - 1e-10);
            int m = -1;
            for (int g = 0; g < objects.size(); g++) {
                Annotation object = objects.get(g);
                if (taken[g] && !object.crowd()) {
                    continue;
                }
                if (m > -1 && !ignoredObject.get(m) && ignoredObject.get(g)) {
                    break;
                }
                double overlap = object.crowd()
                        ? Overlap.crowdOverlap(det.detection().box(), object.box())
                        : Overlap.iou(det.detection().box(), object.box());
                if (overlap < best) {
                    continue;
                }
                best = overlap;
                m = g;
            }
            return m;
        }

        /** Every image's outcomes by descending score; ties keep image order, then rank within the image. */
        static List<Outcome> ranked(List<ImageMatches> images) {
            List<Outcome> all = new ArrayList<>();
            images.forEach(m -> all.addAll(m.outcomes()));
            all.sort(Comparator.comparingDouble((Outcome o) -> -o.score()));
            return all;
        }
    }
}
