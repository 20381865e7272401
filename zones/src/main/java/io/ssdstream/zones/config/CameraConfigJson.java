package io.ssdstream.zones.config;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ssdstream.zones.geometry.Point;
import io.ssdstream.zones.geometry.Side;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;

/**
 * Reads a camera's configuration from JSON (the format in docs/zones.md) and validates it completely, so an
 * operator's mistake is refused with one message naming the zone or line and the point, before anything runs with it.
 * Unknown keys are refused too: a misspelt {@code "inertia"} must not silently fall back to the default.
 */
public final class CameraConfigJson {

    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();

    private CameraConfigJson() {
    }

    /**
     * @param json         the configuration document
     * @param knownClasses the labels the model detects; a zone or line naming another class is refused
     * @throws IllegalArgumentException naming what is wrong and where
     */
    public static CameraConfig parse(String json, Collection<String> knownClasses) {
        CameraConfig config = parse(json);
        config.requireKnownClasses(knownClasses);
        return config;
    }

    /**
     * Like {@link #parse(String, Collection)} but accepts any class name: for tools that do not know the model,
     * which must then say so.
     */
    public static CameraConfig parse(String json) {
        Document document;
        try {
            document = MAPPER.readValue(json, Document.class);
        } catch (JsonMappingException e) {
            throw new IllegalArgumentException("camera config: " + e.getOriginalMessage() + " at "
                    + pathOf(e), e);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("camera config is not JSON: " + e.getOriginalMessage(), e);
        }
        return document.toConfig();
    }

    /**
     * The configuration as a document in pixels, which {@link #parse} reads back to an equal configuration: what an
     * operator gets to edit and publish again.
     */
    public static String write(CameraConfig config) {
        ObjectNode root = MAPPER.createObjectNode();
        root.putObject("frame").put("width", config.frameWidth()).put("height", config.frameHeight());
        root.put("units", Units.PIXELS.name().toLowerCase(Locale.ROOT));
        ArrayNode zones = root.putArray("zones");
        for (Zone zone : config.zones()) {
            ObjectNode node = zones.addObject().put("name", zone.name());
            ArrayNode points = node.putArray("points");
            zone.vertices().forEach(p -> points.addArray().add(p.x()).add(p.y()));
            new TreeSet<>(zone.classes()).forEach(node.putArray("classes")::add);
            node.put("inertia", zone.inertia())
                    .put("loiteringSeconds", zone.loitering().toMillis() / 1000.0)
                    .put("referencePoint", zone.referencePoint().configName());
        }
        ArrayNode lines = root.putArray("lines");
        for (CountingLine line : config.lines()) {
            ObjectNode node = lines.addObject().put("name", line.name());
            node.putArray("from").add(line.from().x()).add(line.from().y());
            node.putArray("to").add(line.to().x()).add(line.to().y());
            node.put("in", line.inSide().name().toLowerCase(Locale.ROOT));
            new TreeSet<>(line.classes()).forEach(node.putArray("classes")::add);
            node.put("hysteresis", line.hysteresis()).put("referencePoint", line.referencePoint().configName());
        }
        try {
            return MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(root);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a JSON tree of numbers and strings always serializes", e);
        }
    }

    private static String pathOf(JsonMappingException e) {
        StringBuilder path = new StringBuilder("$");
        for (JsonMappingException.Reference ref : e.getPath()) {
            path.append(ref.getFieldName() != null ? "." + ref.getFieldName() : "[" + ref.getIndex() + "]");
        }
        return path.toString();
    }

    private static <T> T required(T value, String what) {
        if (value == null) {
            throw new IllegalArgumentException("camera config: " + what + " is missing");
        }
        return value;
    }

    /** How the document's coordinates are given. */
    private enum Units {
        PIXELS, FRACTIONS;

        static Units of(String name) {
            for (Units units : values()) {
                if (units.name().toLowerCase(Locale.ROOT).equals(name)) {
                    return units;
                }
            }
            throw new IllegalArgumentException("camera config: units '" + name + "' must be 'pixels' or 'fractions'");
        }
    }

    private record Document(
            @JsonProperty("frame") FrameSize frame,
            @JsonProperty("units") String units,
            @JsonProperty("zones") List<ZoneJson> zones,
            @JsonProperty("lines") List<LineJson> lines) {

        CameraConfig toConfig() {
            FrameSize size = required(frame, "\"frame\" (the camera's frame size in pixels)");
            required(size.width, "\"frame.width\"");
            required(size.height, "\"frame.height\"");
            Units unit = Units.of(required(units, "\"units\" ('pixels' or 'fractions')"));
            Scale scale = new Scale(unit, size.width, size.height);
            List<Zone> zoneList = new ArrayList<>();
            for (ZoneJson zone : zones == null ? List.<ZoneJson>of() : zones) {
                zoneList.add(zone.toZone(scale));
            }
            List<CountingLine> lineList = new ArrayList<>();
            for (LineJson line : lines == null ? List.<LineJson>of() : lines) {
                lineList.add(line.toLine(scale));
            }
            return new CameraConfig(size.width, size.height, zoneList, lineList);
        }
    }

    private record FrameSize(@JsonProperty("width") Integer width, @JsonProperty("height") Integer height) {
    }

    /** Turns a document coordinate into pixels, refusing fractions outside the frame in the document's own units. */
    private record Scale(Units units, int width, int height) {

        Point point(double[] xy, String what) {
            if (xy == null || xy.length != 2) {
                throw new IllegalArgumentException(what + " must be a pair [x, y]");
            }
            if (units == Units.PIXELS) {
                return new Point(xy[0], xy[1]);
            }
            if (!(xy[0] >= 0 && xy[0] <= 1 && xy[1] >= 0 && xy[1] <= 1)) {
                throw new IllegalArgumentException(what + " (" + xy[0] + ", " + xy[1]
                        + ") is outside the frame: fractions must be within [0, 1]");
            }
            return new Point(xy[0] * width, xy[1] * height);
        }
    }

    private record ZoneJson(
            @JsonProperty("name") String name,
            @JsonProperty("points") List<double[]> points,
            @JsonProperty("classes") Set<String> classes,
            @JsonProperty("inertia") Integer inertia,
            @JsonProperty("loiteringSeconds") Double loiteringSeconds,
            @JsonProperty("referencePoint") String referencePoint) {

        Zone toZone(Scale scale) {
            String label = "zone '" + name + "'";
            List<Point> vertices = new ArrayList<>();
            for (int i = 0; points != null && i < points.size(); i++) {
                vertices.add(scale.point(points.get(i), label + " point " + (i + 1)));
            }
            return new Zone(name, vertices, classes == null ? Set.of() : classes,
                    inertia == null ? Zone.DEFAULT_INERTIA : inertia,
                    loiteringSeconds == null ? Zone.DEFAULT_LOITERING : seconds(loiteringSeconds, label),
                    referencePoint == null ? Zone.DEFAULT_REFERENCE_POINT : reference(referencePoint, label));
        }
    }

    private record LineJson(
            @JsonProperty("name") String name,
            @JsonProperty("from") double[] from,
            @JsonProperty("to") double[] to,
            @JsonProperty("in") String in,
            @JsonProperty("classes") Set<String> classes,
            @JsonProperty("hysteresis") Double hysteresis,
            @JsonProperty("referencePoint") String referencePoint) {

        CountingLine toLine(Scale scale) {
            String label = "line '" + name + "'";
            return new CountingLine(name,
                    scale.point(required(from, label + " \"from\""), label + " start"),
                    scale.point(required(to, label + " \"to\""), label + " end"),
                    in == null ? CountingLine.DEFAULT_IN_SIDE : side(in, label),
                    classes == null ? Set.of() : classes,
                    hysteresis == null ? CountingLine.DEFAULT_HYSTERESIS : hysteresis,
                    referencePoint == null ? CountingLine.DEFAULT_REFERENCE_POINT : reference(referencePoint, label));
        }
    }

    private static Duration seconds(double seconds, String label) {
        if (!(seconds >= 0 && Double.isFinite(seconds))) {
            throw new IllegalArgumentException(label + ": loiteringSeconds " + seconds + " must be zero (off) or more");
        }
        return Duration.ofMillis(Math.round(seconds * 1000));
    }

    private static Side side(String in, String label) {
        return switch (in) {
            case "left" -> Side.LEFT;
            case "right" -> Side.RIGHT;
            default -> throw new IllegalArgumentException(label + ": \"in\" '" + in + "' must be 'left' or 'right'");
        };
    }

    private static ReferencePoint reference(String name, String label) {
        try {
            return ReferencePoint.ofConfigName(name);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(label + ": " + e.getMessage(), e);
        }
    }
}
