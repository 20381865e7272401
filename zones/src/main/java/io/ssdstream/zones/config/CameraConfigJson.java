package io.ssdstream.zones.config;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.ssdstream.zones.geometry.Point;
import io.ssdstream.zones.geometry.Side;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Set;

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
        Document document;
        try {
            document = MAPPER.readValue(json, Document.class);
        } catch (JsonMappingException e) {
            throw new IllegalArgumentException("camera config: " + e.getOriginalMessage() + " at "
                    + pathOf(e), e);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("camera config is not JSON: " + e.getOriginalMessage(), e);
        }
        CameraConfig config = document.toConfig();
        config.requireKnownClasses(knownClasses);
        return config;
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
