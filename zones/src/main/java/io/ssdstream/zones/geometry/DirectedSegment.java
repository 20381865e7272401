package io.ssdstream.zones.geometry;

import org.locationtech.jts.algorithm.LineIntersector;
import org.locationtech.jts.algorithm.RobustLineIntersector;
import org.locationtech.jts.geom.Coordinate;

/** A line segment with a direction, which gives it a left and a right side (see {@link Side}). */
public final class DirectedSegment {

    private final Coordinate from;
    private final Coordinate to;
    private final double dx;
    private final double dy;
    private final double length;

    public DirectedSegment(Point from, Point to) {
        this.from = new Coordinate(from.x(), from.y());
        this.to = new Coordinate(to.x(), to.y());
        this.dx = to.x() - from.x();
        this.dy = to.y() - from.y();
        this.length = Math.hypot(dx, dy);
    }

    /**
     * Distance in pixels from the line through the segment: positive on its right side, negative on its left. One
     * cross product, written here because JTS gives the side ({@code Orientation.index}) and the unsigned distance
     * ({@code Distance.pointToLinePerpendicular}) as two computations, and the hysteresis needs both per object.
     */
    public double signedDistance(double x, double y) {
        return (dx * (y - from.y) - dy * (x - from.x)) / length;
    }

    /**
     * Whether the path from one point to another meets the segment itself, not only the infinite line through it:
     * an object that walks around the end of a counting line has not crossed it. Endpoints touching count.
     */
    public boolean isCrossedBy(double x1, double y1, double x2, double y2) {
        LineIntersector intersector = new RobustLineIntersector();
        intersector.computeIntersection(new Coordinate(x1, y1), new Coordinate(x2, y2), from, to);
        return intersector.hasIntersection();
    }
}
