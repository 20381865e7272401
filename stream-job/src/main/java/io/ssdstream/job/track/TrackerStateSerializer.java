package io.ssdstream.job.track;

import io.ssdstream.job.state.JavaSerializedStateSerializer;
import io.ssdstream.tracking.TrackerState;
import org.apache.flink.api.common.typeutils.SimpleTypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;

/**
 * How a camera's {@link TrackerState} is written into checkpoints and savepoints: its Java serialization (see
 * {@link JavaSerializedStateSerializer} for why). The tracking module declares {@code TrackerState} as one
 * {@code Serializable} value (records and {@code Track} with a fixed {@code serialVersionUID}); the state is a few
 * kilobytes per camera. {@code ObjectTrackerTest} restores the state from a snapshot.
 */
public final class TrackerStateSerializer extends JavaSerializedStateSerializer<TrackerState> {

    private static final long serialVersionUID = 1L;

    public static final TrackerStateSerializer INSTANCE = new TrackerStateSerializer();

    private TrackerStateSerializer() {
        super("tracker state");
    }

    @Override
    public boolean isImmutableType() {
        // TrackerState hands out its Track objects, which are mutable; copy() copies them
        return false;
    }

    @Override
    public TrackerState createInstance() {
        return TrackerState.EMPTY;
    }

    @Override
    public TrackerState copy(TrackerState from) {
        // the canonical constructor copies every track
        return new TrackerState(from.tracks(), from.nextId(), from.lastCaptureTime());
    }

    @Override
    public TypeSerializerSnapshot<TrackerState> snapshotConfiguration() {
        return new Snapshot();
    }

    /** Version 1: Java serialization of the tracking module's classes as of this release. */
    public static final class Snapshot extends SimpleTypeSerializerSnapshot<TrackerState> {
        public Snapshot() {
            super(() -> INSTANCE);
        }
    }
}
