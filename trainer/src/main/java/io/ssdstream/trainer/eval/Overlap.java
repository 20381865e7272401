package io.ssdstream.trainer.eval;

import io.ssdstream.scenes.BoundingBox;

/** Box overlaps in double precision, as the reference evaluators compute them. */
final class Overlap {

    private Overlap() {}

    static double intersection(BoundingBox a, BoundingBox b) {
        double w = Math.max(0.0, Math.min((double) a.x2(), b.x2()) - Math.max((double) a.x1(), b.x1()));
        double h = Math.max(0.0, Math.min((double) a.y2(), b.y2()) - Math.max((double) a.y1(), b.y1()));
        return w * h;
    }

    static double area(BoundingBox box) {
        return ((double) box.x2() - box.x1()) * ((double) box.y2() - box.y1());
    }

    /** Intersection over union; 0 when the union is empty. */
    static double iou(BoundingBox a, BoundingBox b) {
        double inter = intersection(a, b);
        double union = area(a) + area(b) - inter;
        return union > 0 ? inter / union : 0;
    }

    /** pycocotools' overlap with a crowd region: intersection over the detection's own area. */
    static double crowdOverlap(BoundingBox detection, BoundingBox crowd) {
        double own = area(detection);
        return own > 0 ? intersection(detection, crowd) / own : 0;
    }
}
