package io.ssdstream.job.state;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ssdstream.job.analytics.CameraAnalyticsStateSerializer;
import io.ssdstream.job.track.TrackerStateSerializer;
import io.ssdstream.tracking.TrackerState;
import java.io.IOException;
import java.util.stream.Stream;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * What a restore does with the serializer snapshots of the job's binary-format states, read from the bytes a
 * checkpoint or savepoint holds: the snapshot's class name, its version, its content (the format version).
 */
class FormatVersionSnapshotTest {

    static Stream<Arguments> states() {
        return Stream.of(Arguments.of(TrackerStateSerializer.INSTANCE, "tracker state"),
                Arguments.of(CameraAnalyticsStateSerializer.INSTANCE, "camera analytics state"));
    }

    @ParameterizedTest
    @MethodSource("states")
    <T> void theFormatVersionTheJobWritesIsCompatibleAsIs(TypeSerializer<T> serializer, String what)
            throws IOException {
        TypeSerializerSnapshot<T> current = serializer.snapshotConfiguration();
        DataOutputSerializer out = new DataOutputSerializer(64);
        TypeSerializerSnapshot.writeVersionedSnapshot(out, current);
        TypeSerializerSnapshot<T> written = read(out.getCopyOfBuffer());

        assertThat(written.restoreSerializer()).isSameAs(serializer);
        assertThat(current.resolveSchemaCompatibility(written).isCompatibleAsIs()).isTrue();
    }

    @ParameterizedTest
    @MethodSource("states")
    <T> void aNewerFormatVersionIsIncompatibleAndHasNoReader(TypeSerializer<T> serializer, String what)
            throws IOException {
        TypeSerializerSnapshot<T> current = serializer.snapshotConfiguration();
        int writes = formatVersionOf(current);
        TypeSerializerSnapshot<T> newer = read(snapshotBytes(current, 4, writes + 1));

        assertThat(current.resolveSchemaCompatibility(newer).isIncompatible()).isTrue();
        assertThatThrownBy(newer::restoreSerializer).isInstanceOf(IllegalStateException.class)
                .hasMessage(what + " format version " + (writes + 1) + " has no reader in this job (it writes version "
                        + writes + ")");
    }

    @Test
    void trackerStateOfLayoutOneIsMigratedByReadingItInThatLayout() throws IOException {
        TypeSerializerSnapshot<TrackerState> current = TrackerStateSerializer.INSTANCE.snapshotConfiguration();
        TypeSerializerSnapshot<TrackerState> layoutOne = read(snapshotBytes(current, 4, 1));
        // layout 1 of a camera with no track: next id, last capture time, no label, no track; layout 2 would also
        // hold the camera's unwatched time after the capture time, and run out of bytes
        DataOutputSerializer state = new DataOutputSerializer(16);
        state.writeByte(5);
        state.writeLong(1_000);
        state.writeByte(0);
        state.writeByte(0);

        assertThat(current.resolveSchemaCompatibility(layoutOne).isCompatibleAfterMigration()).isTrue();
        TrackerState restored = layoutOne.restoreSerializer()
                .deserialize(new DataInputDeserializer(state.getCopyOfBuffer()));
        assertThat(restored.nextId()).isEqualTo(5);
        assertThat(restored.lastCaptureTime()).isEqualTo(1_000);
        assertThat(restored.unwatchedMillis()).isZero();
        assertThat(restored.tracks()).isEmpty();
    }

    @ParameterizedTest
    @MethodSource("states")
    <T> void aSavepointOfTheJavaSerializedStateIsRefusedSayingSo(TypeSerializer<T> serializer, String what)
            throws IOException {
        // Flink's SimpleTypeSerializerSnapshot, version 3, which the Java-serialized state's serializers had: no content
        byte[] javaSerializedState = snapshotBytes(serializer.snapshotConfiguration(), 3, null);

        assertThatThrownBy(() -> read(javaSerializedState)).isInstanceOf(IOException.class)
                .hasMessage("the " + what + " was written by serializer snapshot version 3 (Java serialization, never "
                        + "released); this job reads version 4: start the job without that savepoint");
    }

    /** The format version a snapshot's content holds: what its serializer writes. */
    private static int formatVersionOf(TypeSerializerSnapshot<?> snapshot) throws IOException {
        DataOutputSerializer out = new DataOutputSerializer(8);
        snapshot.writeSnapshot(out);
        return new DataInputDeserializer(out.getCopyOfBuffer()).readInt();
    }

    /** What a checkpoint holds for a snapshot of {@code current}'s class, of that version, with that format. */
    private static byte[] snapshotBytes(TypeSerializerSnapshot<?> current, int version, Integer formatVersion)
            throws IOException {
        DataOutputSerializer out = new DataOutputSerializer(128);
        out.writeUTF(current.getClass().getName());
        out.writeInt(version);
        if (formatVersion != null) {
            out.writeInt(formatVersion);
        }
        return out.getCopyOfBuffer();
    }

    private static <T> TypeSerializerSnapshot<T> read(byte[] bytes) throws IOException {
        return TypeSerializerSnapshot.readVersionedSnapshot(new DataInputDeserializer(bytes),
                FormatVersionSnapshotTest.class.getClassLoader());
    }
}
