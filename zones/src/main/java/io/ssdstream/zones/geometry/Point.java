package io.ssdstream.zones.geometry;

import java.io.Serializable;

/** A position in pixels of the camera's frame: x to the right, y down, (0, 0) the top left corner. */
public record Point(double x, double y) implements Serializable {

    public Point {
        if (!(Double.isFinite(x) && Double.isFinite(y))) {
            throw new IllegalArgumentException("point (" + x + ", " + y + ") is not finite");
        }
    }

    @Override
    public String toString() {
        return "(" + x + ", " + y + ")";
    }
}
