package io.ssdstream.ssd.postprocess;

/** A frame's original size in pixels, to which detections are scaled back. */
public record FrameSize(int width, int height) {

    public FrameSize {
        if (width <= 0 || height <= 0) {
            throw new IllegalArgumentException("frame size must be positive, got " + width + "x" + height);
        }
    }
}
