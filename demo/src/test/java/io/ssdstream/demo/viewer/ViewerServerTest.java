package io.ssdstream.demo.viewer;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import io.ssdstream.schemas.CrossingDirection;
import io.ssdstream.schemas.ObjectEventKind;
import io.ssdstream.schemas.ZoneEventKind;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ViewerServerTest {

    private final HttpClient http = HttpClient.newHttpClient();
    private final LiveView view = new LiveView();
    private ViewerServer server;

    @BeforeEach
    void start() throws Exception {
        ViewerConfig config = new ViewerConfig("unused:9092", "frames", "detections", "frames-rejected", "objects",
                ViewerConfig.AnalyticsTopics.JOB_DEFAULTS, ViewerConfig.DEFAULT_BIND_ADDRESS, 0, Map.of());
        server = new ViewerServer(config, view, Map.of("Flink web UI", "http://localhost:8081/"));
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void listensOnLoopbackOnly() {
        assertThat(server.address().getHost()).isEqualTo("127.0.0.1");
    }

    @Test
    void servesThePageItsScriptAndTheStateOfEveryCamera() throws Exception {
        view.onFrame(ViewerData.frame("gate 1/north", 5, new byte[] {(byte) 0xff, (byte) 0xd8}));
        view.onDetections(ViewerData.event("gate 1/north", 5, 120), System.currentTimeMillis());

        HttpResponse<String> page = get("");
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.headers().firstValue("Content-Type")).hasValue("text/html; charset=utf-8");
        assertThat(page.body()).contains("viewer.js");
        assertThat(get("viewer.js").body()).contains("api/state");

        JsonNode state = new ObjectMapper().readTree(get("api/state").body());
        assertThat(state.get("events").asLong()).isEqualTo(1);
        assertThat(state.get("latencyP50Millis").asLong()).isEqualTo(120);
        assertThat(state.get("links").get("Flink web UI").asText()).isEqualTo("http://localhost:8081/");
        JsonNode camera = state.get("cameras").get(0);
        assertThat(camera.get("id").asText()).isEqualTo("gate 1/north");
        assertThat(camera.get("frameSequence").asLong()).isEqualTo(5);
        JsonNode detection = camera.get("detections").get(0);
        assertThat(detection.get("label").asText()).isEqualTo("disc");
        assertThat(detection.get("box").toString()).isEqualTo("[10.0,20.0,110.0,90.0]");
    }

    @Test
    void theStateCarriesTrackIdsTrailsAndActiveObjectsWithTheirAge() throws Exception {
        view.onObject(ViewerData.object("gate", 7, ObjectEventKind.NEW, 1_000, 1_200, false));
        for (long sequence = 1_000; sequence <= 3_500; sequence += 500) {
            view.onFrame(ViewerData.frame("gate", sequence, new byte[] {1}));
            view.onDetections(ViewerData.event("gate", sequence, 40, List.of(
                    ViewerData.tracked(7L, sequence / 100f, 50), ViewerData.tracked(null, 200, 200))), 0);
        }

        JsonNode camera = new ObjectMapper().readTree(get("api/state").body()).get("cameras").get(0);
        JsonNode tracked = camera.get("detections").get(0);
        assertThat(tracked.get("trackId").asLong()).isEqualTo(7);
        // six frames, boxes at x = 10, 15 ... 35 and 20 px wide: centres x = 20 ... 45, y = 60
        assertThat(tracked.get("trail").toString())
                .isEqualTo("[[20.0,60.0],[25.0,60.0],[30.0,60.0],[35.0,60.0],[40.0,60.0],[45.0,60.0]]");
        assertThat(camera.get("detections").get(1).get("trackId").isNull()).isTrue();
        assertThat(camera.get("detections").get(1).get("trail")).isEmpty();
        // first seen at capture 1_001_000 ms, shown frame captured at 1_003_500 ms: 2.5 s, whole seconds shown
        assertThat(camera.get("objects").toString())
                .isEqualTo("[{\"trackId\":7,\"label\":\"disc\",\"ageSeconds\":2,\"stationary\":false}]");
    }

    @Test
    void theStateCarriesZonesLinesWhoIsInsideAndTheLatestCounts() throws Exception {
        view.onCameraConfig("gate", ViewerData.layout("gate"));
        view.onZoneEvent(ViewerData.zoneEvent("gate", ZoneEventKind.ENTER, "dock", 7));
        view.onZoneEvent(ViewerData.zoneEvent("gate", ZoneEventKind.ENTER, "dock", 8));
        view.onZoneEvent(ViewerData.zoneEvent("gate", ZoneEventKind.EXIT, "dock", 8));
        view.onLineCrossing(ViewerData.crossing("gate", "gate", CrossingDirection.IN, 7));
        view.onLineCrossing(ViewerData.crossing("gate", "gate", CrossingDirection.IN, 9));
        view.onLineCrossing(ViewerData.crossing("gate", "gate", CrossingDirection.OUT, 7));
        view.onCounts(ViewerData.counts("gate", 1_000, 0, 3));
        view.onFrame(ViewerData.frame("gate", 1, new byte[] {1}));
        // bottom centres (20, 100) on the dock's border, (20, 121) below it, (190, 60) right of the line
        view.onDetections(ViewerData.event("gate", 1, 40, List.of(ViewerData.tracked(7L, 10, 80),
                ViewerData.tracked(8L, 10, 101), ViewerData.tracked(9L, 180, 40))), 0);

        JsonNode state = new ObjectMapper().readTree(get("api/state").body());
        assertThat(state.get("crossingsIn").asLong()).isEqualTo(2);
        assertThat(state.get("crossingsOut").asLong()).isEqualTo(1);
        assertThat(state.get("zoneEntries").asLong()).isEqualTo(2);
        JsonNode camera = state.get("cameras").get(0);
        assertThat(camera.get("zones").toString()).isEqualTo("[{\"name\":\"dock\",\"points\":[[0.0,0.0],"
                + "[100.0,0.0],[100.0,100.0],[0.0,100.0]],\"occupancy\":1}]");
        assertThat(camera.get("lines").toString()).isEqualTo("[{\"name\":\"gate\",\"from\":[160.0,0.0],"
                + "\"to\":[160.0,240.0],\"inSide\":\"RIGHT\",\"in\":2,\"out\":1}]");
        assertThat(camera.get("detections").findValuesAsText("trackId")).containsExactly("7", "8", "9");
        assertThat(camera.get("detections").get(0).get("zones").toString()).isEqualTo("[\"dock\"]");
        assertThat(camera.get("detections").get(1).get("zones")).isEmpty();
        assertThat(camera.get("detections").get(2).get("zones")).isEmpty();
        JsonNode counts = camera.get("counts");
        assertThat(counts.get("windowStart").asText()).isEqualTo("1970-01-01T00:16:40Z");
        assertThat(counts.get("windowEnd").asText()).isEqualTo("1970-01-01T00:16:50Z");
        assertThat(counts.get("classes").toString()).isEqualTo("[{\"label\":\"disc\",\"distinctObjects\":3,"
                + "\"lines\":[{\"line\":\"gate\",\"in\":1,\"out\":0}],"
                + "\"zones\":[{\"zone\":\"dock\",\"max\":1,\"mean\":0.5}]}]");
    }

    @Test
    void aCameraWithoutConfigurationHasNoZonesLinesOrCounts() throws Exception {
        view.onFrame(ViewerData.frame("gate", 1, new byte[] {1}));
        view.onDetections(ViewerData.event("gate", 1, 40), 0);

        JsonNode camera = new ObjectMapper().readTree(get("api/state").body()).get("cameras").get(0);
        assertThat(camera.get("zones")).isEmpty();
        assertThat(camera.get("lines")).isEmpty();
        assertThat(camera.get("detections").get(0).get("zones")).isEmpty();
        assertThat(camera.get("counts").isNull()).isTrue();
    }

    @Test
    void servesTheLatestFrameByCameraAndSequence() throws Exception {
        view.onFrame(ViewerData.frame("gate 1/north", 5, new byte[] {(byte) 0xff, (byte) 0xd8}));
        view.onDetections(ViewerData.event("gate 1/north", 5, 120), System.currentTimeMillis());

        HttpResponse<byte[]> jpeg = http.send(request("api/frame?camera=gate%201%2Fnorth&sequence=5"),
                HttpResponse.BodyHandlers.ofByteArray());
        assertThat(jpeg.statusCode()).isEqualTo(200);
        assertThat(jpeg.headers().firstValue("Content-Type")).hasValue("image/jpeg");
        assertThat(jpeg.body()).containsExactly(0xff, 0xd8);
        assertThat(view.servedOf("gate 1/north")).isEqualTo(1);

        assertThat(get("api/frame?camera=gate%201%2Fnorth&sequence=4").statusCode()).isEqualTo(404);
        assertThat(get("api/frame?camera=gate&sequence=x").statusCode()).isEqualTo(404);
        assertThat(get("nothing-here").statusCode()).isEqualTo(404);
    }

    @Test
    void refusesAnythingButGet() throws Exception {
        HttpResponse<String> post = http.send(HttpRequest.newBuilder(server.address().resolve("api/state"))
                .POST(HttpRequest.BodyPublishers.ofString("x")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(post.statusCode()).isEqualTo(405);
    }

    private HttpResponse<String> get(String path) throws Exception {
        return http.send(request(path), HttpResponse.BodyHandlers.ofString());
    }

    private HttpRequest request(String path) {
        return HttpRequest.newBuilder(URI.create(server.address() + path)).build();
    }
}
