package io.ssdstream.zones.counting;

import java.io.Serializable;

/**
 * One camera's counting state as one serializable value: the latest frame's capture time, the highest watermark
 * seen, and the window being counted (or the last emitted one, kept for frames that arrive late for it); null
 * before the first frame.
 */
public record CounterState(long lastCaptureTime, long watermark, WindowAccumulator window) implements Serializable {

    public static final CounterState EMPTY = new CounterState(Long.MIN_VALUE, Long.MIN_VALUE, null);

    public CounterState {
        window = window == null ? null : window.copy();
    }

    /** Whether a frame captured at {@code captureTime} is past the kept window, so no later frame can reach it. */
    public boolean windowEndsBy(long captureTime) {
        return window == null || window.end <= captureTime;
    }
}
