package io.ssdstream.cli.model;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A real HTTP server on loopback serving one file the way download.pytorch.org does (Content-Length, byte ranges
 * with 206 and Content-Range), that can be told to cut its next responses off halfway or to stall before answering.
 */
final class WeightsServer implements AutoCloseable {

    /** One request as the server saw it. */
    record Seen(String host, String path, String range) {}

    private static final Pattern RANGE = Pattern.compile("bytes=(\\d+)-");

    private final HttpServer server;
    private final String path;
    private final byte[] file;
    private final List<Seen> seen = new CopyOnWriteArrayList<>();
    private final AtomicInteger dropsLeft = new AtomicInteger();
    private final CountDownLatch closing = new CountDownLatch(1);
    private volatile long stallMillis;
    private volatile long stallHalfwayMillis;

    WeightsServer(String path, byte[] file) throws IOException {
        this.path = path;
        this.file = file;
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", this::handle);
        server.start();
    }

    URI url() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + path);
    }

    /** The next {@code count} responses announce the whole body but send half of it, then close the connection. */
    void dropHalfway(int count) {
        dropsLeft.set(count);
    }

    void stall(long millis) {
        stallMillis = millis;
    }

    /** Responses send half the body, then nothing for {@code millis}, then the rest. */
    void stallHalfway(long millis) {
        stallHalfwayMillis = millis;
    }

    List<Seen> seen() {
        return List.copyOf(seen);
    }

    private void handle(HttpExchange exchange) throws IOException {
        String range = exchange.getRequestHeaders().getFirst("Range");
        seen.add(new Seen(exchange.getRequestHeaders().getFirst("Host"), exchange.getRequestURI().getPath(), range));
        try (exchange) {
            if (stallMillis > 0) {
                sleep(stallMillis);
            }
            if (!exchange.getRequestURI().getPath().equals(path)) {
                exchange.sendResponseHeaders(404, -1);
                return;
            }
            int start = 0;
            Matcher matcher = range == null ? null : RANGE.matcher(range);
            if (matcher != null && matcher.matches()) {
                start = Integer.parseInt(matcher.group(1));
                if (start >= file.length) {
                    exchange.getResponseHeaders().set("Content-Range", "bytes */" + file.length);
                    exchange.sendResponseHeaders(416, -1);
                    return;
                }
                exchange.getResponseHeaders().set("Content-Range",
                        "bytes " + start + "-" + (file.length - 1) + "/" + file.length);
                exchange.sendResponseHeaders(206, file.length - start);
            } else {
                exchange.sendResponseHeaders(200, file.length);
            }
            OutputStream body = exchange.getResponseBody();
            if (dropsLeft.getAndDecrement() > 0) {
                body.write(file, start, (file.length - start) / 2);
                body.flush();
                // closing with bytes missing makes the server close the connection: the client sees it cut off
                return;
            }
            int half = (file.length - start) / 2;
            if (stallHalfwayMillis > 0) {
                body.write(file, start, half);
                body.flush();
                sleep(stallHalfwayMillis);
                body.write(file, start + half, file.length - start - half);
                return;
            }
            body.write(file, start, file.length - start);
        }
    }

    /** Waits, but no longer than until the server closes: stop() waits for the handler to return. */
    private void sleep(long millis) {
        try {
            closing.await(millis, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        closing.countDown();
        server.stop(0);
    }
}
