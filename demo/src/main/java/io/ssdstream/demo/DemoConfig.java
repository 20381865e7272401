package io.ssdstream.demo;

import io.ssdstream.job.config.DeliveryGuarantee;
import java.nio.file.Path;
import java.time.Duration;

/**
 * The local demo's settings; {@link #DEFAULTS} holds every default.
 *
 * @param model the model artifact the job loads (the shipped {@code models/demo} by default)
 * @param cameras how many synthetic cameras publish
 * @param fps frames per second per camera
 * @param frameWidth camera picture width in pixels
 * @param frameHeight camera picture height in pixels
 * @param objectsPerCamera objects moving in each camera's scene
 * @param duration how long the demo runs before it stops by itself; zero runs until Ctrl-C
 * @param viewerPort the viewer's port; 0 for any free port
 * @param webUiPort Flink's web UI port; 0 for no web UI
 * @param bindAddress the interface the broker, Flink and the viewer listen on: loopback by default, since the
 *        topics and the viewer show camera pictures to anyone who can reach them; {@code 0.0.0.0} exposes them
 * @param summaryInterval how often the console prints a summary line
 * @param scoreThreshold detections below this score are not shown (the artifact keeps 0.01 for evaluation)
 * @param delivery the job's delivery guarantee; at-least-once by default, so that what the viewer shows is
 *        inference latency rather than the checkpoint interval that exactly-once output waits for
 * @param checkpointInterval how often the job checkpoints
 * @param countWindow the job's count window: shorter than the job's default minute, so that the viewer shows a
 *        camera's counts per class within seconds of the start
 */
public record DemoConfig(Path model, int cameras, double fps, int frameWidth, int frameHeight, int objectsPerCamera,
        Duration duration, int viewerPort, int webUiPort, String bindAddress, Duration summaryInterval,
        double scoreThreshold,
        DeliveryGuarantee delivery, Duration checkpointInterval, Duration countWindow) {

    public static final int MAX_CAMERAS = 16;

    public DemoConfig {
        if (model == null) {
            throw new IllegalArgumentException("--model must name a model directory");
        }
        if (cameras < 1 || cameras > MAX_CAMERAS) {
            throw new IllegalArgumentException("--cameras must be 1 to " + MAX_CAMERAS + ", got " + cameras);
        }
        if (!(fps > 0 && fps <= 60)) {
            throw new IllegalArgumentException("--fps must be in (0, 60], got " + fps);
        }
        if (frameWidth < 160 || frameHeight < 160 || frameWidth > 1920 || frameHeight > 1080) {
            throw new IllegalArgumentException("--frame-size must be between 160x160 and 1920x1080, got "
                    + frameWidth + "x" + frameHeight);
        }
        if (objectsPerCamera < 1 || objectsPerCamera > 8) {
            throw new IllegalArgumentException("--objects must be 1 to 8, got " + objectsPerCamera);
        }
        if (duration.isNegative()) {
            throw new IllegalArgumentException("--duration must not be negative, got " + duration);
        }
        for (int port : new int[] {viewerPort, webUiPort}) {
            if (port < 0 || port > 65535) {
                throw new IllegalArgumentException("ports must be 0 to 65535, got " + port);
            }
        }
        if (bindAddress == null || bindAddress.isBlank()) {
            throw new IllegalArgumentException("--bind-address must name an interface address, e.g. 127.0.0.1");
        }
        if (summaryInterval.compareTo(Duration.ofMillis(100)) < 0) {
            throw new IllegalArgumentException("--summary-interval must be at least 100 ms, got " + summaryInterval);
        }
        if (!(scoreThreshold >= 0 && scoreThreshold < 1)) {
            throw new IllegalArgumentException("--score-threshold must be in [0, 1), got " + scoreThreshold);
        }
        if (countWindow.compareTo(Duration.ofSeconds(1)) < 0) {
            throw new IllegalArgumentException("--count-window must be at least 1 s, got " + countWindow);
        }
    }

    /**
     * The shipped demo model, three cameras at 5 fps, 384x288, the viewer on 8090 and Flink's web UI on 8081,
     * everything on loopback, until Ctrl-C; counts per 10 s window.
     */
    public static final DemoConfig DEFAULTS = new DemoConfig(Path.of("models", "demo"), 3, 5, 384, 288, 3,
            Duration.ZERO, 8090, 8081, "127.0.0.1", Duration.ofSeconds(5), 0.5, DeliveryGuarantee.AT_LEAST_ONCE,
            Duration.ofSeconds(5), Duration.ofSeconds(10));
}
