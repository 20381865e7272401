package io.ssdstream.zones.counting;

import java.io.Serializable;
import java.time.Duration;

/**
 * How counts are windowed.
 *
 * @param window          length of the tumbling capture-time windows, aligned to the epoch
 * @param allowedLateness how long past a window's end the watermark must be before a quiet camera's window is
 *                        emitted; a larger value trades latency for fewer revisions of lagging cameras' windows
 */
public record CountingSettings(Duration window, Duration allowedLateness) implements Serializable {

    public static final Duration DEFAULT_WINDOW = Duration.ofMinutes(1);
    public static final Duration DEFAULT_ALLOWED_LATENESS = Duration.ZERO;

    public CountingSettings {
        if (window == null || window.toMillis() < 1) {
            throw new IllegalArgumentException("count window " + window + " must be at least 1 ms");
        }
        if (allowedLateness == null || allowedLateness.isNegative()) {
            throw new IllegalArgumentException("allowed lateness " + allowedLateness + " must be zero or positive");
        }
    }

    public static CountingSettings defaults() {
        return new CountingSettings(DEFAULT_WINDOW, DEFAULT_ALLOWED_LATENESS);
    }

    public long windowStart(long captureTime) {
        return Math.floorDiv(captureTime, window.toMillis()) * window.toMillis();
    }
}
