package io.ssdstream.cli;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * An HTTP camera as many IP cameras are: {@code multipart/x-mixed-replace} JPEGs at a steady rate, the given
 * pictures in a loop, to every client until it leaves.
 */
final class MjpegCamera implements AutoCloseable {

    private final ExecutorService clients = Executors.newCachedThreadPool();
    private final HttpServer server;

    MjpegCamera(List<byte[]> jpegs, int fps) throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setExecutor(clients);
        long intervalNanos = 1_000_000_000L / fps;
        server.createContext("/video.mjpg", exchange -> {
            exchange.getResponseHeaders().set("Content-Type", "multipart/x-mixed-replace; boundary=picture");
            exchange.sendResponseHeaders(200, 0);
            try (OutputStream body = exchange.getResponseBody()) {
                long due = System.nanoTime();
                for (int i = 0; ; i++) {
                    byte[] jpeg = jpegs.get(i % jpegs.size());
                    body.write(("--picture\r\nContent-Type: image/jpeg\r\nContent-Length: " + jpeg.length
                            + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
                    body.write(jpeg);
                    body.write("\r\n".getBytes(StandardCharsets.US_ASCII));
                    body.flush();
                    due += intervalNanos;
                    Thread.sleep(Math.max(0, (due - System.nanoTime()) / 1_000_000));
                }
            } catch (IOException | InterruptedException clientLeft) {
                // the reader closed its end, or the camera is closing: this connection is over either way
            }
        });
        server.start();
    }

    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/video.mjpg";
    }

    @Override
    public void close() {
        server.stop(0);
        clients.shutdownNow();
    }
}
