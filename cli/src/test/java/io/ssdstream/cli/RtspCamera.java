package io.ssdstream.cli;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A real RTSP camera on loopback: {@code scripts/rtsp-camera.py}, GStreamer's RTSP server streaming H.264, as a
 * process of its own that a test can kill and start again on the same port.
 */
final class RtspCamera implements AutoCloseable {

    private static final Path SCRIPT = Path.of("..", "scripts", "rtsp-camera.py");
    /** GStreamer loads its plugin registry on a first start, which takes seconds on a loaded machine. */
    private static final long READY_TIMEOUT_SECONDS = 30;

    private final List<String> command;
    private final String url;
    private Process server;

    private RtspCamera(List<String> command, String url) {
        this.command = command;
        this.url = url;
    }

    /** Whether the script finds GStreamer's RTSP server and elements; if not, stderr says what is missing. */
    static boolean available() throws InterruptedException {
        try {
            Process check = new ProcessBuilder(SCRIPT.toString(), "--check")
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .redirectError(ProcessBuilder.Redirect.INHERIT)
                    .start();
            return check.waitFor(READY_TIMEOUT_SECONDS, TimeUnit.SECONDS) && check.exitValue() == 0;
        } catch (IOException noPython) {
            System.err.println("RtspCamera: cannot run " + SCRIPT + ": " + noPython.getMessage());
            return false;
        }
    }

    /** Serves {@code pictures} (frame-NNNNN.jpg, looped) as rtsp://127.0.0.1:PORT/PATH at {@code fps}. */
    static RtspCamera start(int port, String path, Path pictures, int fps) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(SCRIPT.toString(), "--port", String.valueOf(port),
                "--path", path, "--pictures", pictures.toAbsolutePath().toString(), "--fps", String.valueOf(fps),
                "--stop-with-stdin"));
        RtspCamera camera = new RtspCamera(command, "rtsp://127.0.0.1:" + port + "/" + path);
        camera.restart();
        return camera;
    }

    String url() {
        return url;
    }

    /** Kills the server as a power cut would: no RTSP TEARDOWN, the TCP connections just end. */
    void kill() throws InterruptedException {
        server.destroyForcibly();
        server.waitFor();
    }

    /** Starts the server (again) on the same port; returns once it accepts connections. */
    void restart() throws IOException, InterruptedException {
        server = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        BufferedReader out = new BufferedReader(new InputStreamReader(server.getInputStream(),
                StandardCharsets.UTF_8));
        String ready;
        try {
            ready = CompletableFuture.supplyAsync(() -> {
                try {
                    return out.readLine();
                } catch (IOException e) {
                    return null;
                }
            }).get(READY_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (ExecutionException | TimeoutException e) {
            ready = null;
        }
        if (ready == null || !ready.equals("ready " + url)) {
            kill();
            throw new IllegalStateException("the RTSP camera did not start (" + command + "): " + ready);
        }
    }

    @Override
    public void close() throws InterruptedException {
        kill();
    }
}
