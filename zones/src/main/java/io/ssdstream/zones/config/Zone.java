package io.ssdstream.zones.config;

import io.ssdstream.zones.geometry.Point;
import io.ssdstream.zones.geometry.Polygons;
import java.io.Serializable;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * A named polygon of the frame in which objects are followed.
 *
 * @param name           unique among the camera's zones and lines
 * @param vertices       at least 3, in pixels, in order around the polygon (either direction), not self-intersecting
 * @param classes        labels of the objects this zone follows; empty for every class
 * @param inertia        consecutive frames an object must be seen inside before it has entered, and outside before
 *                       it has left, so that a box jittering on the border neither enters nor leaves
 * @param loitering      time inside after which a LOITERING event is raised once per visit; zero for never
 * @param referencePoint the point of the object's box that must be inside
 */
public record Zone(
        String name,
        List<Point> vertices,
        Set<String> classes,
        int inertia,
        Duration loitering,
        ReferencePoint referencePoint) implements Serializable {

    public static final int DEFAULT_INERTIA = 3;
    public static final Duration DEFAULT_LOITERING = Duration.ZERO;
    public static final ReferencePoint DEFAULT_REFERENCE_POINT = ReferencePoint.BOTTOM_CENTRE;

    public Zone {
        ConfigNames.require("zone", name);
        vertices = List.copyOf(vertices);
        classes = Set.copyOf(classes);
        Objects.requireNonNull(referencePoint, "zone '" + name + "': reference point");
        if (vertices.size() < 3) {
            throw new IllegalArgumentException("zone '" + name + "' has " + vertices.size()
                    + " points; a zone needs at least 3");
        }
        String fault = Polygons.problem(vertices).orElse(null);
        if (fault != null) {
            throw new IllegalArgumentException("zone '" + name + "' " + fault);
        }
        if (inertia < 1) {
            throw new IllegalArgumentException("zone '" + name + "': inertia " + inertia + " must be at least 1 frame");
        }
        if (loitering == null || loitering.isNegative()) {
            throw new IllegalArgumentException("zone '" + name + "': loitering time " + loitering
                    + " must be zero (off) or positive");
        }
    }

    /** A zone with the default inertia, no loitering events and the bottom-centre reference point. */
    public static Zone of(String name, List<Point> vertices, Set<String> classes) {
        return new Zone(name, vertices, classes, DEFAULT_INERTIA, DEFAULT_LOITERING, DEFAULT_REFERENCE_POINT);
    }

    public boolean follows(String label) {
        return classes.isEmpty() || classes.contains(label);
    }
}
