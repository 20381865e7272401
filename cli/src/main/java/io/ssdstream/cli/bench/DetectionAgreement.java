package io.ssdstream.cli.bench;

import io.ssdstream.ssd.boxes.BoxOps;
import io.ssdstream.ssd.postprocess.DetectedObject;
import java.util.ArrayList;
import java.util.List;

/**
 * How far one device's or precision's detections agree with a reference run's on the same frames: each confident
 * detection (score at or above {@link #CONFIDENT}) of either run must have one of the same label in the other run
 * with IoU at or above {@link #SAME_BOX}; matched pairs report their largest score difference.
 *
 * @param confident      confident detections of the run with more of them, summed over the frames
 * @param matched        of them, paired with one of the other run
 * @param maxScoreDelta  the largest score difference of a matched pair
 */
record DetectionAgreement(int confident, int matched, double maxScoreDelta) {

    /** Detections below this score are not compared: a box near the threshold may come and go with a rounding. */
    static final float CONFIDENT = 0.5f;
    /** Two boxes this close are the same box computed in another precision. */
    static final double SAME_BOX = 0.95;

    /** Share of confident detections with a partner; 1 when neither run has any. */
    double matchedFraction() {
        return confident == 0 ? 1 : (double) matched / confident;
    }

    static DetectionAgreement of(List<List<DetectedObject>> reference, List<List<DetectedObject>> candidate) {
        if (reference.size() != candidate.size()) {
            throw new IllegalArgumentException(reference.size() + " reference frames, " + candidate.size()
                    + " candidate frames");
        }
        int confident = 0;
        int matched = 0;
        double maxDelta = 0;
        for (int f = 0; f < reference.size(); f++) {
            List<DetectedObject> ref = confident(reference.get(f));
            List<DetectedObject> cand = new ArrayList<>(confident(candidate.get(f)));
            confident += Math.max(ref.size(), cand.size());
            for (DetectedObject r : ref) {
                DetectedObject partner = null;
                for (DetectedObject c : cand) {
                    if (c.classId() == r.classId() && iou(r, c) >= SAME_BOX
                            && (partner == null || iou(r, c) > iou(r, partner))) {
                        partner = c;
                    }
                }
                if (partner != null) {
                    cand.remove(partner);
                    matched++;
                    maxDelta = Math.max(maxDelta, Math.abs(r.score() - partner.score()));
                }
            }
        }
        return new DetectionAgreement(confident, matched, maxDelta);
    }

    private static List<DetectedObject> confident(List<DetectedObject> detections) {
        return detections.stream().filter(d -> d.score() >= CONFIDENT).toList();
    }

    private static double iou(DetectedObject a, DetectedObject b) {
        return BoxOps.iou(corners(a), 0, corners(b), 0);
    }

    private static float[] corners(DetectedObject d) {
        return new float[] {d.xMin(), d.yMin(), d.xMax(), d.yMax()};
    }
}
