package io.ssdstream.zones.geometry;

import java.util.List;
import org.locationtech.jts.algorithm.locate.IndexedPointInAreaLocator;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.Envelope;
import org.locationtech.jts.geom.Location;
import org.locationtech.jts.geom.Polygon;

/**
 * A zone's polygon ready for many point queries: JTS's indexed locator answers each in logarithmic time in the
 * number of edges. A point on the border counts as inside.
 */
public final class ZoneShape {

    private final Envelope bounds;
    private final IndexedPointInAreaLocator locator;

    public ZoneShape(List<Point> vertices) {
        Polygon polygon = Polygons.of(vertices);
        this.bounds = polygon.getEnvelopeInternal();
        this.locator = new IndexedPointInAreaLocator(polygon);
    }

    /** Most objects are far from most zones: the bounding box answers for them without touching the index. */
    public boolean contains(double x, double y) {
        return bounds.intersects(x, y) && locator.locate(new Coordinate(x, y)) != Location.EXTERIOR;
    }
}
