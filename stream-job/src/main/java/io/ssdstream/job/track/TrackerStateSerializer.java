package io.ssdstream.job.track;

import io.ssdstream.tracking.TrackerState;
import java.io.IOException;
import org.apache.flink.api.common.typeutils.SimpleTypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.base.TypeSerializerSingleton;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;
import org.apache.flink.util.InstantiationUtil;

/**
 * How a camera's {@link TrackerState} is written into checkpoints and savepoints: its Java serialization, length
 * first.
 *
 * <p>Chosen explicitly rather than left to Flink's type extraction, which would fall back to Kryo for this record of
 * immutable lists and records, classes Kryo cannot rebuild without registered serializers. The tracking module
 * declares {@code TrackerState} as one {@code Serializable} value (records, whose serial form is their components,
 * and {@code Track} with a fixed {@code serialVersionUID}), and keeps Flink off its class path, so its own form is
 * the contract. The state is a few kilobytes per camera and the heap state backend serializes it only at
 * checkpoints. A change to the tracking classes that alters their serial form needs a new version of this
 * serializer's snapshot and a migration; {@code ObjectTrackerTest} restores the state from a snapshot.
 */
public final class TrackerStateSerializer extends TypeSerializerSingleton<TrackerState> {

    private static final long serialVersionUID = 1L;

    public static final TrackerStateSerializer INSTANCE = new TrackerStateSerializer();

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
    public TrackerState copy(TrackerState from, TrackerState reuse) {
        return copy(from);
    }

    @Override
    public int getLength() {
        return -1;
    }

    @Override
    public void serialize(TrackerState record, DataOutputView target) throws IOException {
        byte[] bytes = InstantiationUtil.serializeObject(record);
        target.writeInt(bytes.length);
        target.write(bytes);
    }

    @Override
    public TrackerState deserialize(DataInputView source) throws IOException {
        byte[] bytes = new byte[source.readInt()];
        source.readFully(bytes);
        try {
            return InstantiationUtil.deserializeObject(bytes, Thread.currentThread().getContextClassLoader());
        } catch (ClassNotFoundException e) {
            throw new IOException("tracker state names a class this job does not have: " + e.getMessage(), e);
        }
    }

    @Override
    public TrackerState deserialize(TrackerState reuse, DataInputView source) throws IOException {
        return deserialize(source);
    }

    @Override
    public void copy(DataInputView source, DataOutputView target) throws IOException {
        int length = source.readInt();
        target.writeInt(length);
        target.write(source, length);
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
