package io.ssdstream.zones.config;

import io.ssdstream.tracking.Box;
import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * Which point of an object's box decides where the object is. Bottom centre by default: for people and vehicles on
 * the ground it is where they stand, so a zone drawn on the floor holds the objects standing in it.
 */
public enum ReferencePoint {
    TOP_LEFT(0, 0), TOP_CENTRE(0.5, 0), TOP_RIGHT(1, 0),
    CENTRE_LEFT(0, 0.5), CENTRE(0.5, 0.5), CENTRE_RIGHT(1, 0.5),
    BOTTOM_LEFT(0, 1), BOTTOM_CENTRE(0.5, 1), BOTTOM_RIGHT(1, 1);

    private final double fx;
    private final double fy;

    ReferencePoint(double fx, double fy) {
        this.fx = fx;
        this.fy = fy;
    }

    public double x(Box box) {
        return box.x1() + fx * box.width();
    }

    public double y(Box box) {
        return box.y1() + fy * box.height();
    }

    /** The name used in configuration files: lower case with hyphens, e.g. {@code bottom-centre}. */
    public String configName() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    public static ReferencePoint ofConfigName(String name) {
        for (ReferencePoint point : values()) {
            if (point.configName().equals(name)) {
                return point;
            }
        }
        throw new IllegalArgumentException("reference point '" + name + "' is not one of "
                + Arrays.stream(values()).map(ReferencePoint::configName).collect(Collectors.joining(", ")));
    }
}
