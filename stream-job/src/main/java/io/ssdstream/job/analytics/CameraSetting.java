package io.ssdstream.job.analytics;

import io.ssdstream.schemas.CameraConfig;

/**
 * A camera's valid configuration, or its removal, as broadcast to every analytics subtask. The configuration stays
 * in its wire contract's form, so broadcast state is written with the contract's Avro schema and its evolution rules.
 */
public final class CameraSetting {

    public String cameraId;
    /** The configuration, checked by the zones module; null when the camera's configuration was deleted. */
    public CameraConfig config;

    public CameraSetting() {}

    public CameraSetting(String cameraId, CameraConfig config) {
        this.cameraId = cameraId;
        this.config = config;
    }
}
