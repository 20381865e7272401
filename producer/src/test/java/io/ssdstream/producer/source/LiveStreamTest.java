package io.ssdstream.producer.source;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import io.ssdstream.producer.source.FrameSource.Timing;
import java.awt.Color;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A live camera over HTTP (multipart/x-mixed-replace MJPEG, as many IP cameras serve it) read by FFmpeg, dropping
 * the connection after a few pictures; and cameras that refuse or never answer.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class LiveStreamTest {

    private static final int PICTURES_PER_CONNECTION = 8;
    private static final Color[] CONNECTION_COLOURS = {Color.RED, Color.GREEN, Color.BLUE};
    private static final int TOLERANCE = 40;
    private static final VideoSource.Options LIVE = VideoSource.Options.defaults().withIoTimeout(Duration.ofSeconds(2));
    private static final ReconnectingSource.Policy FAST =
            new ReconnectingSource.Policy(Duration.ofMillis(20), Duration.ofMillis(100), 0);

    private final AtomicInteger connections = new AtomicInteger();
    private ExecutorService serverThreads;
    private HttpServer camera;
    private String url;

    @BeforeEach
    void startCamera() throws IOException {
        serverThreads = Executors.newCachedThreadPool();
        camera = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        camera.setExecutor(serverThreads);
        camera.createContext("/video.mjpg", exchange -> {
            int connection = connections.incrementAndGet();
            byte[] jpeg = jpeg(colourOfConnection(connection));
            exchange.getResponseHeaders().set("Content-Type", "multipart/x-mixed-replace; boundary=picture");
            exchange.sendResponseHeaders(200, 0);
            try (OutputStream body = exchange.getResponseBody()) {
                for (int i = 0; i < PICTURES_PER_CONNECTION; i++) {
                    body.write(("--picture\r\nContent-Type: image/jpeg\r\nContent-Length: " + jpeg.length
                            + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
                    body.write(jpeg);
                    body.write("\r\n".getBytes(StandardCharsets.US_ASCII));
                    body.flush();
                    Thread.sleep(20);
                }
            } catch (IOException | InterruptedException readerLeft) {
                // the reader closed its end: this connection is over either way
            }
        });
        camera.start();
        url = "http://127.0.0.1:" + camera.getAddress().getPort() + "/video.mjpg";
    }

    @AfterEach
    void stopCamera() {
        camera.stop(0);
        serverThreads.shutdownNow();
    }

    @Test
    void anHttpCameraIsLiveAndShowsItsPictures() throws Exception {
        try (VideoSource source = VideoSource.open(url, LIVE)) {
            assertThat(source.timing()).isEqualTo(Timing.LIVE);
            assertThat(source.describe()).isEqualTo(url);
            long previous = -1;
            for (int i = 0; i < PICTURES_PER_CONNECTION / 2; i++) {
                SourceFrame frame = source.next();
                assertThat(frame).isNotNull();
                assertThat(frame.mediaTimeMicros()).isGreaterThan(previous);
                assertThat(colourDistance(frame, Color.RED)).isLessThanOrEqualTo(TOLERANCE);
                previous = frame.mediaTimeMicros();
            }
        }
    }

    @Test
    void reconnectsWhenTheCameraDropsAndKeepsDeliveringPictures() throws Exception {
        try (ReconnectingSource source = new ReconnectingSource(VideoSource.describe(url),
                () -> VideoSource.open(url, LIVE), FAST)) {
            List<Integer> connectionsSeen = new ArrayList<>();
            while (connectionsSeen.size() < 3 * PICTURES_PER_CONNECTION && !connectionsSeen.contains(3)) {
                connectionsSeen.add(connectionOf(source.next()));
            }
            assertThat(connectionsSeen.get(0)).isEqualTo(1);
            assertThat(connectionsSeen).contains(2, 3).doesNotContain(-1);
            assertThat(connectionsSeen).isSorted();
            assertThat(source.reconnects()).isGreaterThanOrEqualTo(2);
        }
    }

    @Test
    void nothingListeningFailsQuicklyNamingTheUrl() throws Exception {
        String refused = "http://127.0.0.1:" + freePort() + "/video.mjpg";
        long start = System.nanoTime();
        // quickly: well before the I/O timeout, which a loaded build machine cannot mistake for it
        assertThatThrownBy(() -> VideoSource.open(refused, LIVE.withIoTimeout(Duration.ofSeconds(20))))
                .isInstanceOf(IOException.class)
                .hasMessageContaining(refused)
                .hasMessageContaining("refused");
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
    }

    @Test
    void aCameraThatNeverAnswersFailsAfterTheIoTimeout() throws Exception {
        try (ServerSocket silent = new ServerSocket(0, 10, InetAddress.getLoopbackAddress())) {
            List<Socket> held = new ArrayList<>();
            CompletableFuture.runAsync(() -> {
                try {
                    while (true) {
                        held.add(silent.accept());
                    }
                } catch (IOException closed) {
                    // the test is over
                }
            }, serverThreads);
            String dead = "http://127.0.0.1:" + silent.getLocalPort() + "/video.mjpg";
            long start = System.nanoTime();
            assertThatThrownBy(() -> VideoSource.open(dead, LIVE.withIoTimeout(Duration.ofMillis(300))))
                    .isInstanceOf(IOException.class)
                    .hasMessageContaining(dead)
                    .hasMessageContaining("timed out");
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
        }
    }

    @Test
    void givesUpAfterMaxAttemptsSayingHowMany() throws Exception {
        String refused = "http://user:secret@127.0.0.1:" + freePort() + "/video.mjpg";
        try (ReconnectingSource source = new ReconnectingSource(VideoSource.describe(refused),
                () -> VideoSource.open(refused, LIVE), new ReconnectingSource.Policy(
                        Duration.ofMillis(10), Duration.ofMillis(40), 3))) {
            assertThatThrownBy(source::next)
                    .isInstanceOf(IOException.class)
                    .hasMessageContaining(VideoSource.describe(refused))
                    .hasMessageContaining("gave up after 3 failed attempts")
                    .hasMessageNotContaining("secret");
        }
    }

    @Test
    void closeFromAnotherThreadEndsTheBackoffAtOnce() throws Exception {
        ReconnectingSource source = new ReconnectingSource("unreachable camera", () -> {
            throw new IOException("connection refused");
        }, new ReconnectingSource.Policy(Duration.ofSeconds(20), Duration.ofSeconds(20), 0));
        CompletableFuture<SourceFrame> reading = CompletableFuture.supplyAsync(() -> {
            try {
                return source.next();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        Thread.sleep(200);
        long start = System.nanoTime();
        source.close();
        assertThat(reading.get(2, TimeUnit.SECONDS)).isNull();
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(1));
        assertThat(source.next()).isNull();
    }

    @Test
    void interruptionEndsTheBackoff() throws Exception {
        try (ReconnectingSource source = new ReconnectingSource("unreachable camera", () -> {
            throw new IOException("connection refused");
        }, new ReconnectingSource.Policy(Duration.ofSeconds(20), Duration.ofSeconds(20), 0))) {
            Thread.currentThread().interrupt();
            assertThatThrownBy(source::next).isInstanceOf(InterruptedException.class);
        } finally {
            Thread.interrupted();
        }
    }

    @Test
    void refusesToReconnectASourceThatIsNotLive(@TempDir Path images) throws Exception {
        ImageIO.write(TestVideos.solid(Color.RED), "png", images.resolve("1.png").toFile());
        try (ReconnectingSource source = new ReconnectingSource(images.toString(),
                () -> ImageDirectorySource.open(images, false), FAST)) {
            assertThatThrownBy(source::next).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("live sources only").hasMessageContaining("ON_DEMAND");
        }
    }

    private static Color colourOfConnection(int connection) {
        return CONNECTION_COLOURS[Math.min(connection, CONNECTION_COLOURS.length) - 1];
    }

    /** Which connection served the picture (1-based, the third and later all count as 3), or -1. */
    private static int connectionOf(SourceFrame frame) {
        for (int i = 0; i < CONNECTION_COLOURS.length; i++) {
            if (colourDistance(frame, CONNECTION_COLOURS[i]) <= TOLERANCE) {
                return i + 1;
            }
        }
        return -1;
    }

    private static int colourDistance(SourceFrame frame, Color expected) {
        return TestVideos.distance(TestVideos.centreColour(frame.image()), expected);
    }

    private static byte[] jpeg(Color colour) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageIO.write(TestVideos.solid(colour), "jpg", out);
        return out.toByteArray();
    }

    private static int freePort() throws IOException {
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return probe.getLocalPort();
        }
    }
}
