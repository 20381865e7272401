package io.ssdstream.job.analytics;

import io.ssdstream.job.state.FormatStateSerializer;
import io.ssdstream.job.state.FormatVersionSnapshot;
import io.ssdstream.zones.analytics.AnalyticsState;
import io.ssdstream.zones.analytics.AnalyticsStateFormat;
import io.ssdstream.zones.counting.CounterState;
import io.ssdstream.zones.counting.CounterStateFormat;
import java.io.IOException;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

/**
 * How a camera's {@link CameraAnalyticsState} is written into checkpoints and savepoints: an explicit binary format,
 * version {@value #FORMAT_VERSION}: the zones module's {@link AnalyticsStateFormat} and {@link CounterStateFormat},
 * then the model's name and version and the class ids by label in label order. No Java serialization, so a value
 * costs its data (11.4 KB for a camera with 20 zones, 20 lines and 50 tracked objects, where Java serialization
 * took 45.7 KB; docs/benchmarks.md) and a change to the zones module's records cannot silently change a savepoint.
 *
 * <p>The {@link Snapshot} records the format version, and Flink's compatibility check on restore accepts only the
 * version this job writes: a change to the layout must raise {@link #FORMAT_VERSION} and keep a reader for the old
 * one (then answering "compatible after migration"). The value is immutable (records of immutable collections; the
 * counter copies its window in and out), so the heap backend may keep it by reference.
 */
public final class CameraAnalyticsStateSerializer extends FormatStateSerializer<CameraAnalyticsState> {

    private static final long serialVersionUID = 1L;

    /** The layout this job writes and reads. */
    static final int FORMAT_VERSION = 1;

    public static final CameraAnalyticsStateSerializer INSTANCE = new CameraAnalyticsStateSerializer();

    private CameraAnalyticsStateSerializer() {}

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
    public void serialize(CameraAnalyticsState state, DataOutputView target) throws IOException {
        AnalyticsStateFormat.write(state.analytics(), target);
        CounterStateFormat.write(state.counter(), target);
        target.writeUTF(state.modelName());
        target.writeUTF(state.modelVersion());
        target.writeInt(state.classIds().size());
        for (Map.Entry<String, Integer> e : new TreeMap<>(state.classIds()).entrySet()) {
            target.writeUTF(e.getKey());
            target.writeInt(e.getValue());
        }
    }

    @Override
    public CameraAnalyticsState deserialize(DataInputView source) throws IOException {
        AnalyticsState analytics = AnalyticsStateFormat.read(source);
        CounterState counter = CounterStateFormat.read(source);
        String modelName = source.readUTF();
        String modelVersion = source.readUTF();
        int classes = source.readInt();
        Map<String, Integer> classIds = new HashMap<>();
        for (int i = 0; i < classes; i++) {
            classIds.put(source.readUTF(), source.readInt());
        }
        return new CameraAnalyticsState(analytics, counter, modelName, modelVersion, classIds);
    }

    @Override
    public TypeSerializerSnapshot<CameraAnalyticsState> snapshotConfiguration() {
        return new Snapshot();
    }

    /** The format version the values were written with (see {@link FormatVersionSnapshot}). */
    public static final class Snapshot extends FormatVersionSnapshot<CameraAnalyticsState> {

        /** The job's format version; on restore, Flink reads the written one into it. */
        public Snapshot() {
            super("camera analytics state", FORMAT_VERSION, INSTANCE);
        }
    }
}
