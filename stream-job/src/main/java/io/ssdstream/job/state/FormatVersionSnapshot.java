package io.ssdstream.job.state;

import java.io.IOException;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.common.typeutils.TypeSerializerSchemaCompatibility;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

/**
 * The configuration, in a checkpoint or savepoint, of a serializer that writes its state in a versioned binary
 * format of its own: the format version the values were written with. Flink's compatibility check on restore accepts
 * the version the job writes as it is, and an older one the subclass has a reader for ({@link #readerOf}) as
 * "compatible after migration": Flink reads the values with that reader and writes them in the current format.
 *
 * <p>Snapshot version {@value #SNAPSHOT_VERSION}: the subclasses' versions 3 and earlier (Flink's
 * {@code SimpleTypeSerializerSnapshot} under the same class name) stood for the Java serialization of the state,
 * which no release wrote (the project has had none); a savepoint holding it is refused with a message that says so.
 *
 * @param <T> the state value
 */
public abstract class FormatVersionSnapshot<T> implements TypeSerializerSnapshot<T> {

    private static final int SNAPSHOT_VERSION = 4;

    private final String what;
    private final int currentFormat;
    private final TypeSerializer<T> serializer;
    private int formatVersion;

    /**
     * A snapshot of values written in {@code currentFormat}; on restore, Flink reads the written version into it.
     *
     * @param what          the state's name for errors, e.g. "tracker state"
     * @param currentFormat the format version the job writes and reads
     * @param serializer    the serializer for that version
     */
    protected FormatVersionSnapshot(String what, int currentFormat, TypeSerializer<T> serializer) {
        this.what = what;
        this.currentFormat = currentFormat;
        this.serializer = serializer;
        this.formatVersion = currentFormat;
    }

    @Override
    public int getCurrentVersion() {
        return SNAPSHOT_VERSION;
    }

    @Override
    public void writeSnapshot(DataOutputView out) throws IOException {
        out.writeInt(formatVersion);
    }

    @Override
    public void readSnapshot(int readVersion, DataInputView in, ClassLoader classLoader) throws IOException {
        if (readVersion != SNAPSHOT_VERSION) {
            throw new IOException("the " + what + " was written by serializer snapshot version " + readVersion
                    + " (Java serialization, never released); this job reads version " + SNAPSHOT_VERSION
                    + ": start the job without that savepoint");
        }
        formatVersion = in.readInt();
    }

    /**
     * A serializer that reads values written in an older format version (and writes the current one), or null when
     * this job has none: the default, for a format that has had one version.
     */
    protected TypeSerializer<T> readerOf(int olderFormat) {
        return null;
    }

    @Override
    public TypeSerializer<T> restoreSerializer() {
        if (formatVersion == currentFormat) {
            return serializer;
        }
        TypeSerializer<T> reader = formatVersion < currentFormat ? readerOf(formatVersion) : null;
        if (reader == null) {
            throw new IllegalStateException(what + " format version " + formatVersion
                    + " has no reader in this job (it writes version " + currentFormat + ")");
        }
        return reader;
    }

    @Override
    public TypeSerializerSchemaCompatibility<T> resolveSchemaCompatibility(TypeSerializerSnapshot<T> oldSnapshot) {
        if (oldSnapshot.getClass() != getClass()) {
            return TypeSerializerSchemaCompatibility.incompatible();
        }
        int written = ((FormatVersionSnapshot<T>) oldSnapshot).formatVersion;
        if (written == formatVersion) {
            return TypeSerializerSchemaCompatibility.compatibleAsIs();
        }
        if (written < formatVersion && readerOf(written) != null) {
            return TypeSerializerSchemaCompatibility.compatibleAfterMigration();
        }
        return TypeSerializerSchemaCompatibility.incompatible();
    }
}
