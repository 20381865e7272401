package io.ssdstream.tracking.lifecycle;

import java.io.Serializable;

/**
 * Where an object went, in a few numbers: its first and last seen centres, the distance its centre travelled between
 * observations (pixels) and how many frames it was seen in.
 */
public record PathSummary(double firstX, double firstY, double lastX, double lastY, double travelled, int observations)
        implements Serializable {

    public static PathSummary start(double x, double y) {
        return new PathSummary(x, y, x, y, 0, 1);
    }

    public PathSummary then(double x, double y) {
        return new PathSummary(firstX, firstY, x, y, travelled + Math.hypot(x - lastX, y - lastY), observations + 1);
    }
}
