package io.ssdstream.zones.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ssdstream.zones.geometry.Point;
import io.ssdstream.zones.geometry.Side;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class CameraConfigJsonTest {

    private static final Set<String> CLASSES = Set.of("person", "car");

    /** A valid document with one zone and one line whose fields are replaced per test. */
    private static String document(String units, String zone, String line) {
        return """
                {"frame": {"width": 200, "height": 100}, "units": "%s",
                 "zones": [%s],
                 "lines": [%s]}""".formatted(units, zone, line);
    }

    private static final String ZONE = """
            {"name": "bay", "points": [[10, 10], [60, 10], [60, 60], [10, 60]]}""";
    private static final String LINE = """
            {"name": "door", "from": [100, 0], "to": [100, 100], "in": "left"}""";

    @Test
    void readsZonesAndLinesInPixelsWithTheRecordsDefaults() {
        CameraConfig config = CameraConfigJson.parse(document("pixels", ZONE, LINE), CLASSES);

        assertThat(config.frameWidth()).isEqualTo(200);
        Zone zone = config.zones().get(0);
        assertThat(zone.vertices()).containsExactly(new Point(10, 10), new Point(60, 10), new Point(60, 60),
                new Point(10, 60));
        assertThat(zone.inertia()).isEqualTo(Zone.DEFAULT_INERTIA);
        assertThat(zone.loitering()).isEqualTo(Zone.DEFAULT_LOITERING);
        assertThat(zone.referencePoint()).isEqualTo(ReferencePoint.BOTTOM_CENTRE);
        assertThat(zone.classes()).isEmpty();
        CountingLine line = config.lines().get(0);
        assertThat(line.from()).isEqualTo(new Point(100, 0));
        assertThat(line.inSide()).isEqualTo(Side.LEFT);
        assertThat(line.hysteresis()).isEqualTo(CountingLine.DEFAULT_HYSTERESIS);
    }

    @Test
    void readsFractionsAsPixelsOfTheFrameAndEverySetting() {
        String zone = """
                {"name": "bay", "points": [[0.1, 0.2], [0.5, 0.2], [0.5, 1]], "classes": ["person"],
                 "inertia": 5, "loiteringSeconds": 2.5, "referencePoint": "centre"}""";
        String line = """
                {"name": "door", "from": [0.5, 0], "to": [0.5, 1], "in": "right", "classes": ["car"],
                 "hysteresis": 3, "referencePoint": "top-left"}""";

        CameraConfig config = CameraConfigJson.parse(document("fractions", zone, line), CLASSES);

        // 0.1 * 200 = 20, 0.2 * 100 = 20, 0.5 * 200 = 100
        assertThat(config.zones().get(0).vertices()).containsExactly(new Point(20, 20), new Point(100, 20),
                new Point(100, 100));
        assertThat(config.zones().get(0)).isEqualTo(new Zone("bay", config.zones().get(0).vertices(),
                Set.of("person"), 5, Duration.ofMillis(2500), ReferencePoint.CENTRE));
        assertThat(config.lines().get(0)).isEqualTo(new CountingLine("door", new Point(100, 0), new Point(100, 100),
                Side.RIGHT, Set.of("car"), 3, ReferencePoint.TOP_LEFT));
    }

    @Test
    void writesAPixelDocumentThatReadsBackEqual() {
        String zone = """
                {"name": "bay", "points": [[0.1, 0.2], [0.5, 0.2], [0.5, 1]], "classes": ["person", "car"],
                 "inertia": 5, "loiteringSeconds": 2.5, "referencePoint": "centre"}""";
        String line = """
                {"name": "door", "from": [0.5, 0], "to": [0.5, 1], "in": "left", "hysteresis": 3}""";
        CameraConfig config = CameraConfigJson.parse(document("fractions", zone, line), CLASSES);

        String written = CameraConfigJson.write(config);

        assertThat(written).contains("\"units\" : \"pixels\"", "[ 20.0, 20.0 ]", "\"in\" : \"left\"",
                "\"loiteringSeconds\" : 2.5", "\"referencePoint\" : \"centre\"");
        assertThat(CameraConfigJson.parse(written, CLASSES)).isEqualTo(config);
    }

    @Test
    void acceptsAnyClassWhenTheModelIsNotKnown() {
        CameraConfig config = CameraConfigJson.parse(
                document("pixels", ZONE.replace("}", ", \"classes\": [\"forklift\"]}"), LINE));

        assertThat(config.zones().get(0).classes()).containsExactly("forklift");
    }

    private static void assertRefused(String json, String... fragments) {
        assertThatThrownBy(() -> CameraConfigJson.parse(json, CLASSES))
                .isInstanceOf(IllegalArgumentException.class)
                .satisfies(e -> assertThat(e.getMessage()).contains(fragments));
    }

    @Test
    void refusesASelfIntersectingPolygonNamingTheZoneAndTheCrossing() {
        // a bow tie: edges (10,10)-(60,60) and (60,10)-(10,60) cross at (35, 35)
        assertRefused(document("pixels", """
                {"name": "bow", "points": [[10, 10], [60, 60], [60, 10], [10, 60]]}""", LINE),
                "zone 'bow'", "self-intersecting", "(35.0, 35.0)");
    }

    @Test
    void refusesAZoneWithFewerThanThreePoints() {
        assertRefused(document("pixels", """
                {"name": "thin", "points": [[10, 10], [60, 60]]}""", LINE), "zone 'thin' has 2 points");
    }

    @Test
    void refusesAZoneWithoutArea() {
        assertRefused(document("pixels", """
                {"name": "flat", "points": [[10, 10], [20, 20], [30, 30]]}""", LINE), "zone 'flat'");
    }

    @Test
    void refusesAZeroLengthLine() {
        assertRefused(document("pixels", ZONE, """
                {"name": "dot", "from": [50, 50], "to": [50, 50]}"""), "line 'dot' has zero length", "(50.0, 50.0)");
    }

    @Test
    void refusesPixelsOutsideTheFrameNamingThePoint() {
        assertRefused(document("pixels", """
                {"name": "bay", "points": [[10, 10], [60, 10], [260, 60]]}""", LINE),
                "zone 'bay' point 3 (260.0, 60.0) is outside the 200x100 frame");
        assertRefused(document("pixels", ZONE, """
                {"name": "door", "from": [100, 0], "to": [100, 101]}"""),
                "line 'door' end (100.0, 101.0) is outside the 200x100 frame");
        assertRefused(document("pixels", """
                {"name": "bay", "points": [[-1, 10], [60, 10], [60, 60]]}""", LINE), "zone 'bay' point 1");
    }

    @Test
    void refusesFractionsOutsideTheUnitSquareInTheDocumentsUnits() {
        assertRefused(document("fractions", """
                {"name": "bay", "points": [[0.1, 0.1], [1.2, 0.1], [0.5, 0.5]]}""",
                "{\"name\": \"d\", \"from\": [0, 0], \"to\": [1, 1]}"),
                "zone 'bay' point 2 (1.2, 0.1) is outside the frame: fractions must be within [0, 1]");
    }

    @Test
    void refusesDuplicateNamesAcrossZonesAndLines() {
        assertRefused(document("pixels", ZONE + "," + ZONE, LINE), "zone name 'bay' is used twice");
        assertRefused(document("pixels", ZONE, LINE.replace("door", "bay")), "line name 'bay' is used twice");
    }

    @Test
    void refusesAClassTheModelDoesNotDetect() {
        assertRefused(document("pixels", ZONE.replace("}", ", \"classes\": [\"persn\"]}"), LINE),
                "zone 'bay': class 'persn' is not one of the model's classes [car, person]");
        assertRefused(document("pixels", ZONE, LINE.replace("}", ", \"classes\": [\"truck\"]}")),
                "line 'door': class 'truck'");
    }

    @Test
    void refusesBadSettingsNamingTheZoneOrLine() {
        assertRefused(document("pixels", ZONE.replace("}", ", \"inertia\": 0}"), LINE),
                "zone 'bay': inertia 0 must be at least 1");
        assertRefused(document("pixels", ZONE.replace("}", ", \"loiteringSeconds\": -1}"), LINE),
                "zone 'bay': loiteringSeconds -1.0");
        assertRefused(document("pixels", ZONE.replace("}", ", \"referencePoint\": \"feet\"}"), LINE),
                "zone 'bay': reference point 'feet' is not one of", "bottom-centre");
        assertRefused(document("pixels", ZONE, LINE.replace("left", "inwards")),
                "line 'door': \"in\" 'inwards' must be 'left' or 'right'");
        assertRefused(document("pixels", ZONE, LINE.replace("}", ", \"hysteresis\": -2}")),
                "line 'door': hysteresis -2.0");
        assertRefused(document("pixels", "{\"points\": [[10, 10], [60, 10], [60, 60]]}", LINE), "a zone has no name");
    }

    @Test
    void refusesMalformedDocumentsNamingWhere() {
        assertRefused(document("pixels", ZONE.replace("points", "pionts"), LINE), "pionts", "$.zones[0]");
        assertRefused(document("metres", ZONE, LINE), "units 'metres'");
        assertRefused("{\"units\": \"pixels\"}", "\"frame\"", "missing");
        assertRefused(document("pixels", """
                {"name": "bay", "points": [[10, 10, 3], [60, 10], [60, 60]]}""", LINE),
                "zone 'bay' point 1 must be a pair [x, y]");
        assertRefused(document("pixels", ZONE, "{\"name\": \"door\", \"to\": [1, 1]}"),
                "line 'door' \"from\" is missing");
        assertRefused("{\"frame\": ", "is not JSON");
    }

    @Test
    void refusesAnEmptyFrame() {
        assertThatThrownBy(() -> new CameraConfig(0, 100, List.of(), List.of()))
                .hasMessageContaining("frame size 0x100");
    }
}
