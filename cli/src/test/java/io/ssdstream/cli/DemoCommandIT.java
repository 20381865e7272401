package io.ssdstream.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.ConnectException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code ssd-stream demo} for a short duration, as a newcomer runs it: every camera's frames come out of the job as
 * detection events with track ids, the viewer serves them to a real browser that draws the boxes with their ids and
 * lists the active objects, draws each camera's zone and counting line and counts crossings, Flink's web UI shows the
 * job, and the demo stops by itself, counts the objects, crossings and zone entries it saw, accounts for every frame
 * and removes what it created.
 */
class DemoCommandIT {

    private static final int CAMERAS = 3;
    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @TempDir
    Path scratch;

    @Test
    void everyCameraIsDetectedShownInTheBrowserAndTheDemoCleansUp() throws Exception {
        int viewerPort = freePort();
        int webUiPort = freePort();
        CompletableFuture<CliRun> demo = CompletableFuture.supplyAsync(() -> CliRun.of("demo",
                "--model", Path.of("..", "models", "demo").toString(), "--cameras", String.valueOf(CAMERAS),
                "--fps", "4", "--duration", "50s", "--summary-interval", "2s",
                "--viewer-port", String.valueOf(viewerPort), "--web-ui-port", String.valueOf(webUiPort)));
        URI viewer = URI.create("http://127.0.0.1:" + viewerPort + "/");

        JsonNode state = awaitEveryCamera(viewer, demo);
        for (JsonNode camera : state.get("cameras")) {
            assertThat(camera.get("events").asLong()).as(camera.get("id").asText()).isPositive();
            assertThat(camera.get("width").asInt()).isEqualTo(384);
        }
        String jobs = get(URI.create("http://localhost:" + webUiPort + "/jobs/overview"));
        assertThat(jobs).contains("ssd-stream detection").contains("RUNNING");
        awaitTrackedObjects(viewer, demo);

        if (ViewerBrowser.available()) {
            try (ViewerBrowser browser = ViewerBrowser.open(scratch.resolve("chromium-profile"))) {
                List<ViewerBrowser.Tile> tiles = browser.showDetections(viewer, CAMERAS, Duration.ofSeconds(30));
                byte[] screenshot = browser.screenshot();
                Files.createDirectories(Path.of("target"));
                Files.write(Path.of("target", "viewer-screenshot.png"), screenshot);
                BufferedImage picture = ImageIO.read(new ByteArrayInputStream(screenshot));
                for (ViewerBrowser.Tile tile : tiles) {
                    assertThat(tile.boxes()).as(tile.camera()).isPositive();
                    assertThat(boxPixels(picture, tile)).as("box pixels drawn over " + tile.camera())
                            .isGreaterThan(150);
                }
                for (ViewerBrowser.Tracks tracks : browser.showTracks(CAMERAS, Duration.ofSeconds(30))) {
                    assertThat(tracks.drawn()).as(tracks.camera()).allMatch(id -> id.matches("[1-9][0-9]*"));
                    assertThat(tracks.listed()).as(tracks.camera()).isNotEmpty()
                            .allMatch(line -> line.matches("#[1-9][0-9]* .+ · \\d+ s( · stationary)?"));
                }
                // the demo placed each camera's line where its objects walk in the first half minute
                List<ViewerBrowser.Overlay> overlays = browser.showCrossings(CAMERAS, Duration.ofSeconds(40));
                BufferedImage drawn = ImageIO.read(new ByteArrayInputStream(browser.screenshot()));
                for (ViewerBrowser.Overlay overlay : overlays) {
                    assertThat(overlay.zones()).as(overlay.camera()).containsExactly("zone-1");
                    assertThat(overlay.lines()).as(overlay.camera()).containsExactly("line-1");
                    assertThat(overlay.crossings()).as(overlay.camera()).singleElement().asString()
                            .matches("line-1:\\d+:\\d+");
                    assertThat(pixels(drawn, overlay.x(), overlay.y(), overlay.width(), overlay.height(),
                            DemoCommandIT::isZoneOrange)).as("zone outline drawn over " + overlay.camera())
                            .isGreaterThan(150);
                    assertThat(pixels(drawn, overlay.x(), overlay.y(), overlay.width(), overlay.height(),
                            DemoCommandIT::isLineGreen)).as("counting line drawn over " + overlay.camera())
                            .isGreaterThan(100);
                }
            }
            JsonNode served = JSON.readTree(get(viewer.resolve("api/state")));
            for (JsonNode camera : served.get("cameras")) {
                assertThat(camera.get("served").asLong()).as("frames the browser loaded").isPositive();
            }
        } else {
            System.err.println("DemoCommandIT: no /usr/bin/chromium and /usr/bin/chromedriver; the browser check"
                    + " is skipped (.ci/run installs them)");
        }

        CliRun run = demo.get(3, TimeUnit.MINUTES);
        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).contains("synthetic cameras", "live viewer at " + viewer);
        // a machine too slow for the cameras sheds frames as stale rather than fall behind; none is a bad frame
        Matcher accounted = Pattern.compile(
                "all (\\d+) frames accounted for: (\\d+) detection events, (\\d+) shed as stale, 0 rejected")
                .matcher(run.out());
        assertThat(accounted.find()).as(run.out()).isTrue();
        assertThat(Long.parseLong(accounted.group(1))).isGreaterThanOrEqualTo(CAMERAS * 4 * 20L);
        assertThat(Long.parseLong(accounted.group(2))).as("detected, even on a loaded machine")
                .isGreaterThanOrEqualTo(CAMERAS * 4 * 10L);
        Matcher objects = Pattern.compile("objects (\\d+) new, (\\d+) ended").matcher(run.out());
        assertThat(objects.results().reduce((first, last) -> last)).as(run.out()).hasValueSatisfying(last -> {
            // every camera films several moving objects for 50 s, so each confirms at least one
            assertThat(Long.parseLong(last.group(1))).isGreaterThanOrEqualTo(CAMERAS);
            assertThat(Long.parseLong(last.group(2))).isLessThanOrEqualTo(Long.parseLong(last.group(1)));
        });
        Matcher crossings = Pattern.compile("line crossings (\\d+) in, (\\d+) out, zone entries (\\d+)")
                .matcher(run.out());
        assertThat(crossings.results().reduce((first, last) -> last)).as(run.out()).hasValueSatisfying(last ->
                assertThat(Long.parseLong(last.group(1)) + Long.parseLong(last.group(2))).isPositive());
        Matcher tally = Pattern.compile("demo: line crossings (\\d+) in, (\\d+) out \\(lines of (\\d+) of "
                + CAMERAS + " cameras crossed\\), zone entries (\\d+)").matcher(run.out());
        assertThat(tally.find()).as(run.out()).isTrue();
        assertThat(Long.parseLong(tally.group(1)) + Long.parseLong(tally.group(2))).as(tally.group())
                .isPositive();
        assertThat(Long.parseLong(tally.group(3))).as(tally.group()).isPositive();
        assertThat(Long.parseLong(tally.group(4))).as(tally.group()).isPositive();
        Matcher removed = Pattern.compile("stopped; removed (\\S+)").matcher(run.out());
        assertThat(removed.find()).as(run.out()).isTrue();
        assertThat(Path.of(removed.group(1))).doesNotExist();
        assertThat(refusesConnections(viewer)).as("viewer stopped").isTrue();
    }

    /** The viewer's state once every camera has a detected frame; fails early if the demo ended. */
    private JsonNode awaitEveryCamera(URI viewer, CompletableFuture<CliRun> demo) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        JsonNode state = null;
        while (System.nanoTime() < deadline) {
            if (demo.isDone()) {
                CliRun run = demo.get();
                throw new AssertionError("the demo ended early (exit " + run.exitCode() + "): " + run.err());
            }
            try {
                state = JSON.readTree(get(viewer.resolve("api/state")));
                if (state.get("cameras").size() == CAMERAS) {
                    return state;
                }
            } catch (ConnectException notYetListening) {
                // the viewer starts after the broker
            }
            Thread.sleep(500);
        }
        throw new AssertionError("not every camera was detected within 2 minutes; last state: " + state);
    }

    /**
     * Waits until every camera's latest detections carry a track id and the viewer lists active objects for it: the
     * tracker's ids reach the viewer through both the detections and the objects topic. Fails early if the demo
     * ended.
     */
    private void awaitTrackedObjects(URI viewer, CompletableFuture<CliRun> demo) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        JsonNode state = null;
        while (System.nanoTime() < deadline && !demo.isDone()) {
            state = JSON.readTree(get(viewer.resolve("api/state")));
            boolean everyCameraTracked = state.get("cameras").size() == CAMERAS;
            for (JsonNode camera : state.get("cameras")) {
                everyCameraTracked &= !camera.get("objects").isEmpty() && camera.get("detections")
                        .findValues("trackId").stream().anyMatch(id -> !id.isNull());
            }
            if (everyCameraTracked) {
                return;
            }
            Thread.sleep(500);
        }
        throw new AssertionError("not every camera showed a tracked object while the demo ran (60 s at most);"
                + " last state: " + state);
    }

    /** Magenta pixels (the viewer's box colour) inside a tile's canvas. */
    private static int boxPixels(BufferedImage picture, ViewerBrowser.Tile tile) {
        return pixels(picture, tile.x(), tile.y(), tile.width(), tile.height(),
                (r, g, b) -> r > 200 && g < 90 && b > 200);
    }

    /** The viewer's zone orange (255, 140, 0): no scene class has it (their red has g 40, their yellow g 200). */
    private static boolean isZoneOrange(int r, int g, int b) {
        return r > 230 && g > 110 && g < 170 && b < 60;
    }

    /** The viewer's line green (0, 255, 128): the scenes' green class is (40, 180, 60). */
    private static boolean isLineGreen(int r, int g, int b) {
        return r < 60 && g > 225 && b > 90 && b < 170;
    }

    private interface Colour {
        boolean matches(int r, int g, int b);
    }

    /** Pixels of {@code colour} inside a rectangle of the screenshot. */
    private static int pixels(BufferedImage picture, int left, int top, int width, int height, Colour colour) {
        int count = 0;
        for (int y = Math.max(0, top); y < Math.min(picture.getHeight(), top + height); y++) {
            for (int x = Math.max(0, left); x < Math.min(picture.getWidth(), left + width); x++) {
                int rgb = picture.getRGB(x, y);
                if (colour.matches((rgb >> 16) & 0xff, (rgb >> 8) & 0xff, rgb & 0xff)) {
                    count++;
                }
            }
        }
        return count;
    }

    private String get(URI uri) throws IOException, InterruptedException {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(uri.toString()).isEqualTo(200);
        return response.body();
    }

    private boolean refusesConnections(URI uri) throws InterruptedException {
        try {
            get(uri);
            return false;
        } catch (IOException e) {
            return true;
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
