package io.ssdstream.trainer.eval;

import io.ssdstream.scenes.PixelBox;

/** Box overlaps in double precision, as the reference evaluators compute them. */
final class Overlap {

    private Overlap() {}

    static double intersection(PixelBox a, PixelBox b) {
        double w = Math.max(0.0, Math.min((double) a.x2(), b.x2()) - Math.max((double) a.x1(), b.x1()));
        double h = Math.max(0.0, Math.min((double) a.y2(), b.y2()) - Math.max((double) a.y1(), b.y1()));
        return w * h;
    }

    static double area(PixelBox box) {
        return ((double) box.x2() - box.x1()) * ((double) box.y2() - box.y1());
    }

    /** Intersection over union; 0 when the union is empty. */
    static double iou(PixelBox a, PixelBox b) {
        double inter = intersection(a, b);
        double union = area(a) + area(b) - inter;
        return union > 0 ? inter / union : 0;
    }

    /** pycocotools' overlap with a crowd region: intersection over the detection's own area. */
    static double crowdOverlap(PixelBox detection, PixelBox crowd) {
        double own = area(detection);
        return own > 0 ? intersection(detection, crowd) / own : 0;
    }
}
