package io.ssdstream.zones.config;

import io.ssdstream.zones.geometry.Point;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * One camera's zones and lines, in pixels of its frame, validated as a whole: every point inside the frame, every
 * name used once. A value: it is replaced, never changed, when the operator publishes a new configuration.
 *
 * @param frameWidth  width of the camera's frame in pixels, the frame the coordinates and the object boxes refer to
 * @param frameHeight height of the camera's frame in pixels
 */
public record CameraConfig(int frameWidth, int frameHeight, List<Zone> zones, List<CountingLine> lines)
        implements Serializable {

    public CameraConfig {
        if (frameWidth < 1 || frameHeight < 1) {
            throw new IllegalArgumentException("frame size " + frameWidth + "x" + frameHeight
                    + " must be at least 1x1 pixels");
        }
        zones = List.copyOf(zones);
        lines = List.copyOf(lines);
        Set<String> names = new HashSet<>();
        for (Zone zone : zones) {
            requireUnique(names, "zone", zone.name());
            for (int i = 0; i < zone.vertices().size(); i++) {
                requireInFrame(zone.vertices().get(i), "zone '" + zone.name() + "' point " + (i + 1),
                        frameWidth, frameHeight);
            }
        }
        for (CountingLine line : lines) {
            requireUnique(names, "line", line.name());
            requireInFrame(line.from(), "line '" + line.name() + "' start", frameWidth, frameHeight);
            requireInFrame(line.to(), "line '" + line.name() + "' end", frameWidth, frameHeight);
        }
    }

    /** Refuses a zone or line that follows a class the model does not detect: it would never see an object. */
    public void requireKnownClasses(Collection<String> known) {
        Set<String> sorted = new TreeSet<>(known);
        List<String> problems = new ArrayList<>();
        for (Zone zone : zones) {
            unknown(zone.classes(), sorted).forEach(c -> problems.add("zone '" + zone.name() + "': class '" + c + "'"));
        }
        for (CountingLine line : lines) {
            unknown(line.classes(), sorted).forEach(c -> problems.add("line '" + line.name() + "': class '" + c + "'"));
        }
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException(String.join("; ", problems) + " is not one of the model's classes "
                    + sorted);
        }
    }

    private static List<String> unknown(Set<String> classes, Set<String> known) {
        return new TreeSet<>(classes).stream().filter(c -> !known.contains(c)).toList();
    }

    private static void requireUnique(Set<String> names, String kind, String name) {
        if (!names.add(name)) {
            throw new IllegalArgumentException(kind + " name '" + name
                    + "' is used twice; zone and line names must be unique within a camera");
        }
    }

    private static void requireInFrame(Point p, String what, int width, int height) {
        if (p.x() < 0 || p.x() > width || p.y() < 0 || p.y() > height) {
            throw new IllegalArgumentException(what + " " + p + " is outside the " + width + "x" + height
                    + " frame");
        }
    }
}
