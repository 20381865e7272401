package io.ssdstream.zones.config;

import io.ssdstream.zones.geometry.Point;
import io.ssdstream.zones.geometry.Side;
import java.io.Serializable;
import java.util.Objects;
import java.util.Set;

/**
 * A named line segment across which objects are counted in each direction.
 *
 * @param name           unique among the camera's zones and lines
 * @param from           start of the segment, in pixels
 * @param to             end of the segment, in pixels; not equal to the start
 * @param inSide         the side (looking from {@code from} towards {@code to}) an object is on after crossing IN
 * @param classes        labels of the objects counted; empty for every class
 * @param hysteresis     pixels beyond the line an object's reference point must reach for it to be on a side, so
 *                       that a box jittering on the line never counts twice
 * @param referencePoint the point of the object's box that crosses
 */
public record CountingLine(
        String name,
        Point from,
        Point to,
        Side inSide,
        Set<String> classes,
        double hysteresis,
        ReferencePoint referencePoint) implements Serializable {

    public static final Side DEFAULT_IN_SIDE = Side.RIGHT;
    public static final double DEFAULT_HYSTERESIS = 5.0;
    public static final ReferencePoint DEFAULT_REFERENCE_POINT = ReferencePoint.BOTTOM_CENTRE;

    public CountingLine {
        ConfigNames.require("line", name);
        Objects.requireNonNull(from, "line '" + name + "': start point");
        Objects.requireNonNull(to, "line '" + name + "': end point");
        Objects.requireNonNull(inSide, "line '" + name + "': in side");
        Objects.requireNonNull(referencePoint, "line '" + name + "': reference point");
        classes = Set.copyOf(classes);
        if (from.equals(to)) {
            throw new IllegalArgumentException("line '" + name + "' has zero length: it starts and ends at " + from);
        }
        if (!(hysteresis >= 0 && Double.isFinite(hysteresis))) {
            throw new IllegalArgumentException("line '" + name + "': hysteresis " + hysteresis
                    + " must be zero or more pixels");
        }
    }

    /** A line with the default hysteresis and the bottom-centre reference point. */
    public static CountingLine of(String name, Point from, Point to, Side inSide, Set<String> classes) {
        return new CountingLine(name, from, to, inSide, classes, DEFAULT_HYSTERESIS, DEFAULT_REFERENCE_POINT);
    }

    public boolean counts(String label) {
        return classes.isEmpty() || classes.contains(label);
    }
}
