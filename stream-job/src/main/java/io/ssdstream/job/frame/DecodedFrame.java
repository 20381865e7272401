package io.ssdstream.job.frame;

import io.ssdstream.ssd.preprocess.RgbFrame;

/**
 * A validated frame with its pixels, on its way to the detector. It keeps the Kafka record's value (a reference,
 * not a copy) so a frame shed as stale can still be dead-lettered with its original bytes.
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

    public RgbFrame image() {
        return new RgbFrame(width, height, rgb);
    }
}
