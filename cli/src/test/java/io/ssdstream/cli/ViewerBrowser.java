package io.ssdstream.cli;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

/** Debian's headless Chromium driven through its ChromeDriver, looking at the live viewer. */
final class ViewerBrowser implements AutoCloseable {

    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");

    /** Where a camera's canvas sits on the page, in screenshot pixels, and how many boxes it drew. */
    record Tile(String camera, int x, int y, int width, int height, int boxes) {}

    /** The track ids a camera's tile drew on its boxes, and the lines of its list of active objects. */
    record Tracks(String camera, List<String> drawn, List<String> listed) {}

    /**
     * A camera's zones and lines as its tile drew them, where its canvas sits, and its crossings per line as
     * {@code name:in:out}.
     */
    record Overlay(String camera, int x, int y, int width, int height, List<String> zones, List<String> lines,
            List<String> crossings) {

        long crossed() {
            return crossings.stream().map(c -> c.split(":"))
                    .mapToLong(c -> Long.parseLong(c[c.length - 2]) + Long.parseLong(c[c.length - 1])).sum();
        }
    }

    private final ChromeDriver driver;

    private ViewerBrowser(ChromeDriver driver) {
        this.driver = driver;
    }

    static boolean available() {
        return Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER);
    }

    /** A fresh browser with its own empty profile; flags keep it off the network this machine does not have. */
    static ViewerBrowser open(Path profile) {
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--disable-dev-shm-usage", "--user-data-dir=" + profile, "--window-size=1400,1000",
                "--force-device-scale-factor=1");
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(CHROMEDRIVER.toFile()).usingAnyFreePort().build();
        return new ViewerBrowser(new ChromeDriver(service, options));
    }

    /** Opens the viewer and waits until every camera's tile has drawn a frame with boxes. */
    List<Tile> showDetections(URI viewer, int cameras, Duration timeout) {
        driver.get(viewer.toString());
        return new WebDriverWait(driver, timeout).until(d -> {
            List<Figure> figures = figures();
            if (figures.size() != cameras || !figures.stream().allMatch(f -> f.boxes() > 0)) {
                return null;
            }
            return figures.stream().map(f -> new Tile(f.camera(), f.x(), f.y(), f.width(), f.height(), f.boxes()))
                    .toList();
        });
    }

    /**
     * Waits, on the page {@link #showDetections} opened, until every camera's tile has drawn a track id on a box
     * and lists active objects. (Whether the drawn ids are among the listed ones depends on how far behind the
     * shown frame is: a frame the viewer could not pair in time stays on screen while its objects end.)
     */
    List<Tracks> showTracks(int cameras, Duration timeout) {
        return new WebDriverWait(driver, timeout).until(d -> {
            List<Figure> figures = figures();
            if (figures.size() != cameras
                    || !figures.stream().allMatch(f -> !f.tracks().isEmpty() && !f.objects().isEmpty())) {
                return null;
            }
            return figures.stream().map(f -> new Tracks(f.camera(), f.tracks(), f.listed())).toList();
        });
    }

    /**
     * Waits, on the page {@link #showDetections} opened, until every camera's tile has drawn its zones and lines and
     * at least one camera has counted a line crossing.
     */
    List<Overlay> showCrossings(int cameras, Duration timeout) {
        return new WebDriverWait(driver, timeout).until(d -> {
            List<Overlay> overlays = figures().stream().map(f -> new Overlay(f.camera(), f.x(), f.y(), f.width(),
                    f.height(), f.zones(), f.lines(), f.crossings())).toList();
            if (overlays.size() != cameras
                    || !overlays.stream().allMatch(o -> !o.zones().isEmpty() && !o.lines().isEmpty())
                    || overlays.stream().noneMatch(o -> o.crossed() > 0)) {
                return null;
            }
            return overlays;
        });
    }

    /** One camera tile as the page showed it at a single instant. */
    private record Figure(String camera, int x, int y, int width, int height, int boxes, List<String> tracks,
            List<String> objects, List<String> listed, List<String> zones, List<String> lines,
            List<String> crossings) {}

    /**
     * Every camera tile read in one script run: the page redraws its tiles several times a second, so reading
     * them element by element meets elements the page has already replaced.
     */
    @SuppressWarnings("unchecked")
    private List<Figure> figures() {
        List<Map<String, Object>> tiles = (List<Map<String, Object>>) driver.executeScript("""
                return Array.from(document.querySelectorAll('figure[data-camera]')).map(f => {
                  const canvas = f.querySelector('canvas');
                  const r = canvas ? canvas.getBoundingClientRect() : {left: 0, top: 0, width: 0, height: 0};
                  return {camera: f.dataset.camera, x: Math.round(r.left + window.scrollX),
                      y: Math.round(r.top + window.scrollY), width: Math.round(r.width),
                      height: Math.round(r.height), boxes: f.dataset.boxes || '0',
                      tracks: f.dataset.tracks || '', objects: f.dataset.objects || '',
                      listed: Array.from(f.querySelectorAll('ul.objects li')).map(li => li.innerText),
                      zones: f.dataset.zones || '', lines: f.dataset.lines || '',
                      crossings: f.dataset.crossings || ''};
                });""");
        return tiles.stream().map(t -> new Figure((String) t.get("camera"), number(t, "x"), number(t, "y"),
                number(t, "width"), number(t, "height"), Integer.parseInt((String) t.get("boxes")),
                ids((String) t.get("tracks")), ids((String) t.get("objects")), (List<String>) t.get("listed"),
                ids((String) t.get("zones")), ids((String) t.get("lines")), ids((String) t.get("crossings"))))
                .toList();
    }

    private static int number(Map<String, Object> tile, String key) {
        return ((Number) tile.get(key)).intValue();
    }

    private static List<String> ids(String ids) {
        return ids.isBlank() ? List.of() : Arrays.asList(ids.split(" "));
    }

    byte[] screenshot() {
        return driver.getScreenshotAs(OutputType.BYTES);
    }

    @Override
    public void close() {
        driver.quit();
    }
}
