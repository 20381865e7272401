package io.ssdstream.job.track;

import io.ssdstream.job.state.FormatStateSerializer;
import io.ssdstream.job.state.FormatVersionSnapshot;
import io.ssdstream.tracking.TrackerState;
import io.ssdstream.tracking.TrackerStateFormat;
import java.io.IOException;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

/**
 * How a camera's {@link TrackerState} is written into checkpoints and savepoints: the tracking module's explicit
 * binary format, {@link TrackerStateFormat}. No Java serialization, so a value costs its data (docs/tracking.md has
 * the size of a camera with 50 objects) and a change to the tracking classes cannot silently change a savepoint.
 *
 * <p>The {@link Snapshot} records the format version. On restore, Flink accepts the version this job writes as it
 * is and the older layouts {@link TrackerStateFormat} reads as compatible after migration (read in their layout,
 * written again in the current one): a change to the layout raises {@link TrackerStateFormat#VERSION} and keeps a
 * reader for the old one. The Java-serialized state of earlier builds (never released) is refused with a message
 * that says so. {@code ObjectTrackerTest} restores the state from a snapshot.
 */
public final class TrackerStateSerializer extends FormatStateSerializer<TrackerState> {

    private static final long serialVersionUID = 1L;

    public static final TrackerStateSerializer INSTANCE = new TrackerStateSerializer(TrackerStateFormat.VERSION);

    /** The layout {@link #deserialize} reads; {@link #serialize} always writes the current one. */
    private final int readsLayout;

    private TrackerStateSerializer(int readsLayout) {
        this.readsLayout = readsLayout;
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
        return new TrackerState(from.tracks(), from.nextId(), from.lastCaptureTime(), from.unwatchedMillis());
    }

    @Override
    public void serialize(TrackerState state, DataOutputView target) throws IOException {
        TrackerStateFormat.write(state, target);
    }

    @Override
    public TrackerState deserialize(DataInputView source) throws IOException {
        return TrackerStateFormat.read(source, readsLayout);
    }

    @Override
    public TypeSerializerSnapshot<TrackerState> snapshotConfiguration() {
        return new Snapshot();
    }

    /** The format version the values were written with (see {@link FormatVersionSnapshot}). */
    public static final class Snapshot extends FormatVersionSnapshot<TrackerState> {

        /** The job's format version; on restore, Flink reads the written one into it. */
        public Snapshot() {
            super("tracker state", TrackerStateFormat.VERSION, INSTANCE);
        }

        @Override
        protected TypeSerializer<TrackerState> readerOf(int olderFormat) {
            return olderFormat >= TrackerStateFormat.OLDEST_READABLE
                    ? new TrackerStateSerializer(olderFormat) : null;
        }
    }
}
