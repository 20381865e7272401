package io.ssdstream.job.analytics;

import io.ssdstream.job.frame.SourcePosition;

/**
 * One record of the camera-configs topic as read, before it is decoded: the camera id (the key), the value (null for
 * a tombstone) and where it was read, for the dead letter of a configuration the job refuses.
 */
public final class ConfigMessage {

    /** The record key; null when the record has none (refused). */
    public String cameraId;
    /** The Avro {@code CameraConfig} in single-object encoding; null for a tombstone. */
    public byte[] value;
    public SourcePosition position;

    public ConfigMessage() {}

    public ConfigMessage(String cameraId, byte[] value, SourcePosition position) {
        this.cameraId = cameraId;
        this.value = value;
        this.position = position;
    }
}
