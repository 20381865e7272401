package io.ssdstream.ssd.io;

import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;

/**
 * A file {@code torch.save} wrote, in either of its layouts ({@link TorchArchive}, {@link LegacyTorchFile}): the
 * pickled object graph, whose tensors name their storages by key, and each storage's raw bytes.
 */
interface TorchSaveFile extends Closeable {

    /** The saved object, unpickled: its tensors are {@link TensorRef}s whose bytes have not been read. */
    Object root() throws IOException;

    /**
     * How many bytes the file holds for a storage, known before they are read.
     *
     * @param key the storage's key from its persistent id
     * @param tensorName the tensor that needs it, for messages
     */
    long storageSize(String key, String tensorName) throws WeightFormatException;

    /** The raw bytes of a storage, exactly {@link #storageSize} of them, in the byte order they were written in. */
    ByteBuffer storage(String key, String tensorName) throws IOException;
}
