package io.ssdstream.job.frame;

import io.ssdstream.schemas.RejectReason;
import io.ssdstream.schemas.VideoFrame;

/**
 * One record of the frames topic as the source read it: the decoded {@link VideoFrame}, or — when the bytes were
 * not a frame of any known schema — why not, with the raw bytes for the dead letter. Never both.
 */
public final class IncomingFrame {

    /** The frame, or null when the wire bytes did not decode. */
    public VideoFrame frame;
    /** Why the wire bytes did not decode, or null. */
    public String wireError;
    /** The dead-letter reason for wire bytes that did not decode, or null. */
    public RejectReason wireRejectReason;
    /** The record's value as read, kept for dead letters. */
    public byte[] rawValue;
    /** The record's key as text (the camera id by contract), or null. */
    public String key;
    public SourcePosition position;
    /** The Kafka record timestamp, used as event time when the frame itself did not decode. */
    public long recordTimestamp;

    public IncomingFrame() {}

    public static IncomingFrame of(VideoFrame frame, byte[] rawValue, String key, SourcePosition position,
                                   long recordTimestamp) {
        IncomingFrame incoming = new IncomingFrame();
        incoming.frame = frame;
        incoming.rawValue = rawValue;
        incoming.key = key;
        incoming.position = position;
        incoming.recordTimestamp = recordTimestamp;
        return incoming;
    }

    public static IncomingFrame undecodable(RejectReason reason, String wireError, byte[] rawValue, String key,
                                            SourcePosition position, long recordTimestamp) {
        IncomingFrame incoming = of(null, rawValue, key, position, recordTimestamp);
        incoming.wireRejectReason = reason;
        incoming.wireError = wireError;
        return incoming;
    }

    /** Event time: the capture time of a decoded frame, else the Kafka record's timestamp. */
    public long eventTime() {
        return frame != null ? frame.getCaptureTime().toEpochMilli() : recordTimestamp;
    }
}
