package io.ssdstream.zones.counting;

import java.util.List;

/**
 * A camera's counts for one window, complete as of their emission.
 *
 * @param windowStart inclusive start on the capture-time axis, epoch milliseconds
 * @param windowEnd   exclusive end
 * @param revision    0 for the first emission; each later emission of the same window (after late frames) is a
 *                    complete replacement with the next number, so a reader keeps the highest per window
 * @param frames      the camera's frames in the window
 * @param lateFrames  of those, the frames that arrived after the watermark had closed the window (passed its end
 *                    plus the allowed lateness)
 * @param classes     by label; classes not seen are absent
 */
public record WindowCounts(long windowStart, long windowEnd, int revision, long frames, long lateFrames,
                           List<ClassCounts> classes) {

    public WindowCounts {
        classes = List.copyOf(classes);
    }
}
