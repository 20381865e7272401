package io.ssdstream.cli;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.Rectangle;
import org.openqa.selenium.WebElement;
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
        new WebDriverWait(driver, timeout).until(d -> {
            List<WebElement> figures = d.findElements(By.cssSelector("figure[data-boxes]"));
            return figures.size() == cameras
                    && figures.stream().allMatch(f -> Integer.parseInt(f.getDomAttribute("data-boxes")) > 0);
        });
        return driver.findElements(By.cssSelector("figure[data-boxes]")).stream().map(figure -> {
            Rectangle canvas = figure.findElement(By.tagName("canvas")).getRect();
            return new Tile(figure.getDomAttribute("data-camera"), canvas.getX(), canvas.getY(), canvas.getWidth(),
                    canvas.getHeight(), Integer.parseInt(figure.getDomAttribute("data-boxes")));
        }).toList();
    }

    /**
     * Waits, on the page {@link #showDetections} opened, until every camera's tile has drawn a track id on a box
     * and lists active objects. (Whether the drawn ids are among the listed ones depends on how far behind the
     * shown frame is: a frame the viewer could not pair in time stays on screen while its objects end.)
     */
    List<Tracks> showTracks(int cameras, Duration timeout) {
        new WebDriverWait(driver, timeout).until(d -> {
            List<WebElement> figures = d.findElements(By.cssSelector("figure[data-tracks]"));
            return figures.size() == cameras && figures.stream()
                    .allMatch(f -> !ids(f, "data-tracks").isEmpty() && !ids(f, "data-objects").isEmpty());
        });
        return driver.findElements(By.cssSelector("figure[data-tracks]")).stream().map(figure -> new Tracks(
                figure.getDomAttribute("data-camera"), ids(figure, "data-tracks"),
                figure.findElements(By.cssSelector("ul.objects li")).stream().map(WebElement::getText).toList()))
                .toList();
    }

    private static List<String> ids(WebElement figure, String attribute) {
        String ids = figure.getDomAttribute(attribute);
        return ids == null || ids.isBlank() ? List.of() : Arrays.asList(ids.split(" "));
    }

    byte[] screenshot() {
        return driver.getScreenshotAs(OutputType.BYTES);
    }

    @Override
    public void close() {
        driver.quit();
    }
}
