package io.ssdstream.zones.geometry;

import java.util.List;
import java.util.Optional;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.GeometryFactory;
import org.locationtech.jts.geom.Polygon;
import org.locationtech.jts.operation.valid.IsValidOp;
import org.locationtech.jts.operation.valid.TopologyValidationError;

/** Builds JTS polygons from a zone's vertices and says what, if anything, makes one unusable as a zone. */
public final class Polygons {

    private static final GeometryFactory FACTORY = new GeometryFactory();

    private Polygons() {
    }

    /** The polygon through the vertices in order, closed back to the first. */
    public static Polygon of(List<Point> vertices) {
        Coordinate[] ring = new Coordinate[vertices.size() + 1];
        for (int i = 0; i < vertices.size(); i++) {
            ring[i] = new Coordinate(vertices.get(i).x(), vertices.get(i).y());
        }
        ring[vertices.size()] = ring[0].copy();
        return FACTORY.createPolygon(ring);
    }

    /**
     * Why the vertices (at least three) do not bound a simple polygon with an area, naming the point where JTS
     * found the fault (a crossing or touching of its edges); empty when they do.
     */
    public static Optional<String> problem(List<Point> vertices) {
        Polygon polygon = of(vertices);
        TopologyValidationError error = new IsValidOp(polygon).getValidationError();
        if (error != null) {
            Coordinate at = error.getCoordinate();
            String where = at == null ? "" : " at " + new Point(at.x, at.y);
            return Optional.of(switch (error.getErrorType()) {
                case TopologyValidationError.SELF_INTERSECTION, TopologyValidationError.RING_SELF_INTERSECTION ->
                        "is self-intersecting: its edges cross or touch" + where;
                case TopologyValidationError.TOO_FEW_POINTS -> "has fewer than 3 distinct points";
                default -> "is not a valid polygon (" + error.getMessage() + where + ")";
            });
        }
        if (polygon.getArea() == 0) {
            return Optional.of("has no area: its points are on one line");
        }
        return Optional.empty();
    }
}
