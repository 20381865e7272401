package io.ssdstream.zones.geometry;

import java.util.List;
import org.locationtech.jts.algorithm.locate.IndexedPointInAreaLocator;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.Location;

/**
 * A zone's polygon ready for many point queries: JTS's indexed locator answers each in logarithmic time in the
 * number of edges. A point on the border counts as inside.
 */
public final class ZoneShape {

    private final IndexedPointInAreaLocator locator;

    public ZoneShape(List<Point> vertices) {
        this.locator = new IndexedPointInAreaLocator(Polygons.of(vertices));
    }

    public boolean contains(double x, double y) {
        return locator.locate(new Coordinate(x, y)) != Location.EXTERIOR;
    }
}
