package io.ssdstream.job.frame;

import io.ssdstream.ssd.preprocess.RgbFrame;

/**
 * A validated frame with its pixels, on its way to the detector. It keeps the Kafka record's value (a reference,
 * not a copy) so a frame shed as stale can still be dead-lettered with its original bytes.
 *
 * <p>Or, without pixels, a frame the validator shed before decoding ({@link #shedBeforeDecoding}): it travels on in
 * the camera's order so the detector can pass it to the tracker as a {@link ShedFrame}.
 */
public final class DecodedFrame {

    public String cameraId;
    public long frameSequence;
    public long captureTimeMillis;
    public int width;
    public int height;
    /** Packed RGB, {@code width * height * 3} bytes. */
    public byte[] rgb;
    /** The record's value as read from Kafka. */
    public byte[] original;
    public SourcePosition position;

    public DecodedFrame() {}

    /** A frame shed before decoding: no pixels, nothing to detect, already counted and dead-lettered. */
    public static DecodedFrame shedBeforeDecoding(String cameraId, long frameSequence, long captureTimeMillis) {
        DecodedFrame frame = new DecodedFrame();
        frame.cameraId = cameraId;
        frame.frameSequence = frameSequence;
        frame.captureTimeMillis = captureTimeMillis;
        return frame;
    }

    /** Whether the validator shed this frame before decoding it. */
    public boolean shedBeforeDecoding() {
        return rgb == null;
    }

    public RgbFrame image() {
        return new RgbFrame(width, height, rgb);
    }
}
