package io.ssdstream.job.state;

import java.io.IOException;
import java.io.Serializable;
import org.apache.flink.api.common.typeutils.base.TypeSerializerSingleton;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;
import org.apache.flink.util.InstantiationUtil;

/**
 * Writes a Flink-free module's state value into checkpoints and savepoints as its Java serialization, length first.
 *
 * <p>Chosen explicitly rather than left to Flink's type extraction, which would fall back to Kryo for records of
 * immutable lists and maps, classes Kryo cannot rebuild without registered serializers. The module whose state this
 * writes (tracking; the zones' state has its own binary format) keeps Flink off its class path and declares its
 * state as one {@code Serializable} value (records, whose serial form is their components), so that form is the
 * contract. With the heap state backend the value is serialized only at checkpoints. A change to those classes that
 * alters their serial form needs a new version of the subclass's snapshot and a migration.
 */
public abstract class JavaSerializedStateSerializer<T extends Serializable> extends TypeSerializerSingleton<T> {

    private static final long serialVersionUID = 1L;

    private final String what;

    /** @param what the state's name for errors, e.g. "tracker state" */
    protected JavaSerializedStateSerializer(String what) {
        this.what = what;
    }

    @Override
    public T copy(T from, T reuse) {
        return copy(from);
    }

    @Override
    public int getLength() {
        return -1;
    }

    @Override
    public void serialize(T record, DataOutputView target) throws IOException {
        byte[] bytes = InstantiationUtil.serializeObject(record);
        target.writeInt(bytes.length);
        target.write(bytes);
    }

    @Override
    public T deserialize(DataInputView source) throws IOException {
        byte[] bytes = new byte[source.readInt()];
        source.readFully(bytes);
        try {
            return InstantiationUtil.deserializeObject(bytes, Thread.currentThread().getContextClassLoader());
        } catch (ClassNotFoundException e) {
            throw new IOException(what + " names a class this job does not have: " + e.getMessage(), e);
        }
    }

    @Override
    public T deserialize(T reuse, DataInputView source) throws IOException {
        return deserialize(source);
    }

    @Override
    public void copy(DataInputView source, DataOutputView target) throws IOException {
        int length = source.readInt();
        target.writeInt(length);
        target.write(source, length);
    }
}
