package io.ssdstream.job.analytics;

import io.ssdstream.job.state.JavaSerializedStateSerializer;
import org.apache.flink.api.common.typeutils.SimpleTypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;

/**
 * How a camera's {@link CameraAnalyticsState} is written into checkpoints and savepoints: its Java serialization (see
 * {@link JavaSerializedStateSerializer} for why). The value is immutable (records of immutable collections; the
 * counter copies its window in and out), so the heap backend may keep it by reference. Its size grows with the
 * tracks standing in zones or near lines and the current window's distinct track ids: a few kilobytes per camera.
 */
public final class CameraAnalyticsStateSerializer extends JavaSerializedStateSerializer<CameraAnalyticsState> {

    private static final long serialVersionUID = 1L;

    public static final CameraAnalyticsStateSerializer INSTANCE = new CameraAnalyticsStateSerializer();

    private CameraAnalyticsStateSerializer() {
        super("camera analytics state");
    }

    @Override
    public boolean isImmutableType() {
        return true;
    }

    @Override
    public CameraAnalyticsState createInstance() {
        return CameraAnalyticsState.EMPTY;
    }

    @Override
    public CameraAnalyticsState copy(CameraAnalyticsState from) {
        return from;
    }

    @Override
    public TypeSerializerSnapshot<CameraAnalyticsState> snapshotConfiguration() {
        return new Snapshot();
    }

    /** Version 1: Java serialization of the zones module's state classes as of this release. */
    public static final class Snapshot extends SimpleTypeSerializerSnapshot<CameraAnalyticsState> {
        public Snapshot() {
            super(() -> INSTANCE);
        }
    }
}
