package io.ssdstream.zones.counting;

import io.ssdstream.zones.analytics.FrameAnalytics;
import io.ssdstream.zones.analytics.TrackedFrame;
import java.util.List;
import java.util.Objects;

/**
 * One camera's counts per tumbling capture-time window.
 *
 * <p>A camera's frames come in capture order (the tracker and the analytics refuse anything else), so a frame of a
 * later window proves the current one complete: it is emitted then. A camera that goes quiet is closed by the
 * watermark instead, once it passes the window's last millisecond plus the allowed lateness. A frame that still
 * arrives for a window the watermark already closed (its camera lagged behind the others) is never dropped: the
 * window is reopened, counts it, and is emitted again, complete, with the next revision (at the next frame of a
 * later window or the next watermark advance). Every frame that arrives after the watermark closed its window is
 * counted in {@code lateFrames}.
 * Only the latest window is kept, because in-order frames can never reach an earlier one.
 *
 * <p>Hand-written rather than Flink's window operators: this module must run without Flink, and the job keeps this
 * counter in the same keyed state as the analytics whose per-frame occupancy it samples.
 */
public final class WindowCounter {

    private final CountingSettings settings;
    private long lastCaptureTime;
    private long watermark;
    private WindowAccumulator window;

    public WindowCounter(CountingSettings settings, CounterState state) {
        this.settings = Objects.requireNonNull(settings, "counting settings");
        this.lastCaptureTime = state.lastCaptureTime();
        this.watermark = state.watermark();
        this.window = state.window() == null ? null : state.window().copy();
    }

    public CounterState state() {
        return new CounterState(lastCaptureTime, watermark, window);
    }

    /** Counts a frame; returns the window it completed, if any. */
    public List<WindowCounts> add(TrackedFrame frame, FrameAnalytics analytics) {
        long time = frame.captureTime();
        if (lastCaptureTime != Long.MIN_VALUE && time <= lastCaptureTime) {
            throw new IllegalArgumentException("frame capture time " + time + " is not after the previous frame's "
                    + lastCaptureTime + ": frames must arrive in capture order");
        }
        lastCaptureTime = time;
        long start = settings.windowStart(time);
        List<WindowCounts> completed = List.of();
        if (window != null && start > window.start) {
            if (!window.emitted) {
                completed = List.of(window.counts());
            }
            window = null;
        }
        if (window == null) {
            window = new WindowAccumulator(start, start + settings.window().toMillis());
        } else if (window.emitted) {
            window.emitted = false;
            window.revision++;
        }
        window.add(frame, analytics, closedByWatermark(window));
        return completed;
    }

    /**
     * Advances the watermark (frames up to this capture time are expected to have arrived; lower values are
     * ignored) and returns the window it closes, if any.
     */
    public List<WindowCounts> advanceWatermark(long newWatermark) {
        watermark = Math.max(watermark, newWatermark);
        if (window == null || window.emitted || !closedByWatermark(window)) {
            return List.of();
        }
        window.emitted = true;
        return List.of(window.counts());
    }

    /**
     * Emits the window being counted as it stands, when the camera's configuration is deleted. The window stays in
     * the state, emitted: frames for it under a new configuration reopen it, and it is emitted again, complete, with
     * the next revision, so a window's revisions keep increasing through a deletion.
     */
    public List<WindowCounts> closeWindow() {
        if (window == null || window.emitted) {
            return List.of();
        }
        window.emitted = true;
        return List.of(window.counts());
    }

    private boolean closedByWatermark(WindowAccumulator counted) {
        return watermark >= counted.end - 1 + settings.allowedLateness().toMillis();
    }
}
