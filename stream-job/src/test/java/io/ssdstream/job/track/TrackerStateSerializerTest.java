package io.ssdstream.job.track;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ssdstream.tracking.TrackerState;
import io.ssdstream.tracking.TrackerStateFormat;
import java.io.IOException;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.junit.jupiter.api.Test;

/** What a restore does with the serializer snapshot of the tracker's state (its format: TrackerStateFormatTest). */
class TrackerStateSerializerTest {

    private static final TrackerStateSerializer SERIALIZER = TrackerStateSerializer.INSTANCE;

    @Test
    void flinksCompatibilityCheckAcceptsTheSameFormatVersionAndRefusesAnotherNamingIt() throws Exception {
        TypeSerializerSnapshot<TrackerState> written = readBack(SERIALIZER.snapshotConfiguration());

        assertThat(written.restoreSerializer()).isSameAs(SERIALIZER);
        assertThat(SERIALIZER.snapshotConfiguration().resolveSchemaCompatibility(written).isCompatibleAsIs())
                .isTrue();
        TypeSerializerSnapshot<TrackerState> other = readBack(
                new TrackerStateSerializer.Snapshot(TrackerStateFormat.VERSION + 1));
        assertThat(SERIALIZER.snapshotConfiguration().resolveSchemaCompatibility(other).isIncompatible()).isTrue();
        assertThatThrownBy(other::restoreSerializer).isInstanceOf(IllegalStateException.class)
                .hasMessage("tracker state format version 2 has no reader in this job (it reads version 1)");
    }

    @Test
    void aSavepointOfTheJavaSerializedStateIsRefusedSayingSo() throws IOException {
        // what the Java-serialized state's snapshot wrote: this class's name, then Flink's SimpleTypeSerializerSnapshot
        // version 3, which has no content
        DataOutputSerializer out = new DataOutputSerializer(128);
        out.writeUTF(TrackerStateSerializer.Snapshot.class.getName());
        out.writeInt(3);
        assertThatThrownBy(() -> TypeSerializerSnapshot.readVersionedSnapshot(
                new DataInputDeserializer(out.getCopyOfBuffer()), getClass().getClassLoader()))
                .isInstanceOf(IOException.class)
                .hasMessage("the tracker state was written by serializer snapshot version 3 (Java serialization, never "
                        + "released); this job reads version 4: start the job without that savepoint");
    }

    /** The snapshot as a checkpoint stores it and a restore reads it. */
    private static TypeSerializerSnapshot<TrackerState> readBack(TypeSerializerSnapshot<TrackerState> snapshot)
            throws Exception {
        DataOutputSerializer out = new DataOutputSerializer(64);
        TypeSerializerSnapshot.writeVersionedSnapshot(out, snapshot);
        return TypeSerializerSnapshot.readVersionedSnapshot(new DataInputDeserializer(out.getCopyOfBuffer()),
                TrackerStateSerializerTest.class.getClassLoader());
    }
}
