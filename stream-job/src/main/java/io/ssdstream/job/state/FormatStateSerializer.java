package io.ssdstream.job.state;

import java.io.IOException;
import org.apache.flink.api.common.typeutils.base.TypeSerializerSingleton;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

/**
 * A keyed-state serializer that writes its value in a binary format of its own, of variable length, whose snapshot
 * is a {@link FormatVersionSnapshot}: what every such serializer answers alike. A value is never reused when read,
 * and copying serialized bytes reads and writes the value.
 *
 * @param <T> the state value
 */
public abstract class FormatStateSerializer<T> extends TypeSerializerSingleton<T> {

    private static final long serialVersionUID = 1L;

    @Override
    public T copy(T from, T reuse) {
        return copy(from);
    }

    @Override
    public int getLength() {
        return -1;
    }

    @Override
    public T deserialize(T reuse, DataInputView source) throws IOException {
        return deserialize(source);
    }

    @Override
    public void copy(DataInputView source, DataOutputView target) throws IOException {
        serialize(deserialize(source), target);
    }
}
