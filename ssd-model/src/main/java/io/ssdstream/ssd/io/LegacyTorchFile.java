package io.ssdstream.ssd.io;

import io.ssdstream.ssd.io.TensorRef.StorageRef;
import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What {@code torch.save} wrote before PyTorch 1.6 (and since with {@code _use_new_zipfile_serialization=False}):
 * one stream of five protocol-2 pickles followed by the storages. The pickles are the magic number, the format
 * version (1001), a dict describing the writing machine, the saved object (its tensors name their storages through
 * persistent ids {@code ('storage', torch.<Type>Storage, key, location, numel, None)}), and the list of storage
 * keys; then, in that list's order, each storage as its element count (int64) and its raw elements. PyTorch writes
 * both little-endian whatever the machine.
 *
 * <p>Bounded as {@link TorchArchive} is: the pickles are read from at most {@link TorchArchive#MAX_PICKLE_BYTES}
 * bytes at the file's start (1 MiB first, four times more while they do not fit), and before any storage is read
 * every storage's count is checked against its persistent id and its extent against the file's length, so a
 * storage is only ever allocated at a size the file holds.
 */
final class LegacyTorchFile implements TorchSaveFile {

    /** The first pickle: protocol 2, LONG1 of 10 bytes 0x1950a86a20f9469cfc6c, STOP. */
    static final byte[] MAGIC = {
            (byte) 0x80, 0x02, (byte) 0x8a, 0x0a,
            0x6c, (byte) 0xfc, (byte) 0x9c, 0x46, (byte) 0xf9, 0x20, 0x6a, (byte) 0xa8, 0x50, 0x19, '.'};
    private static final long FORMAT_VERSION = 1001;
    private static final long FIRST_WINDOW = 1 << 20;

    /** Where a storage's elements lie in the file. */
    private record Extent(long offset, long bytes) {
    }

    private final Path file;
    private final FileChannel channel;
    private final Object root;
    private final Map<String, Extent> extents;

    private LegacyTorchFile(Path file, FileChannel channel, Object root, Map<String, Extent> extents) {
        this.file = file;
        this.channel = channel;
        this.root = root;
        this.extents = extents;
    }

    /** Whether the file starts as the legacy format does. */
    static boolean recognises(byte[] head) {
        return head.length >= MAGIC.length && Arrays.equals(head, 0, MAGIC.length, MAGIC, 0, MAGIC.length);
    }

    static LegacyTorchFile open(Path file) throws IOException {
        FileChannel channel = FileChannel.open(file, StandardOpenOption.READ);
        try {
            long limit = Math.min(channel.size(), TorchArchive.MAX_PICKLE_BYTES);
            Pickles pickles = null;
            // a state dict's pickles are a few KB ahead of MBs of storages: read a window that grows only as needed
            for (long window = Math.min(limit, FIRST_WINDOW); pickles == null; window = Math.min(limit, 4 * window)) {
                try {
                    pickles = pickles(file, channel, window);
                } catch (WeightFormatException e) {
                    if (window == limit) {
                        throw e;
                    }
                }
            }
            return new LegacyTorchFile(file, channel, pickles.root(),
                    extents(file, channel, pickles.end(), pickles.keys(), pickles.storages()));
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
    }

    /** The four pickles after the magic number, as far as they matter, and the byte after the last. */
    private record Pickles(Object root, List<String> keys, Map<String, StorageRef> storages, long end) {
    }

    /** Reads the pickles from the file's first {@code window} bytes. */
    private static Pickles pickles(Path file, FileChannel channel, long window) throws IOException {
        ByteBuffer head = ByteBuffer.allocate((int) window);
        readFully(channel, head, 0);
        head.flip();
        if (!recognises(Arrays.copyOf(head.array(), Math.min(head.limit(), MAGIC.length)))) {
            throw new WeightFormatException(file, "does not start with the legacy torch.save magic number");
        }
        head.position(MAGIC.length);
        Map<String, StorageRef> storages = new LinkedHashMap<>();
        Object version = TorchUnpickler.loadNext(file, "format version pickle", head, storages);
        if (!Long.valueOf(FORMAT_VERSION).equals(version)) {
            throw new WeightFormatException(file, "legacy torch.save format version "
                    + TorchUnpickler.describe(version) + "; only " + FORMAT_VERSION + " exists");
        }
        if (!(TorchUnpickler.loadNext(file, "system info pickle", head, storages) instanceof Map<?, ?>)) {
            throw new WeightFormatException(file, "the system info pickle is not a dict");
        }
        Object root = TorchUnpickler.loadNext(file, "object pickle", head, storages);
        List<String> keys = storageKeys(file, TorchUnpickler.loadNext(file, "storage keys pickle", head,
                new HashMap<>()), storages);
        return new Pickles(root, keys, storages, head.position());
    }

    private static List<String> storageKeys(Path file, Object value, Map<String, StorageRef> storages)
            throws WeightFormatException {
        if (!(value instanceof List<?> list) || !list.stream().allMatch(String.class::isInstance)) {
            throw new WeightFormatException(file, "the storage keys pickle holds " + TorchUnpickler.describe(value)
                    + ", not a list of strings");
        }
        Set<Object> seen = new HashSet<>();
        for (Object key : list) {
            if (!seen.add(key)) {
                throw new WeightFormatException(file, "storage '" + key + "' is listed twice among the storage keys");
            }
            if (!storages.containsKey(key)) {
                throw new WeightFormatException(file, "storage '" + key + "' is listed among the storage keys, but no"
                        + " persistent id in the object pickle names it");
            }
        }
        return list.stream().map(String.class::cast).toList();
    }

    /**
     * Walks the storage records that follow the pickles, reading only their counts: each must be the one its
     * persistent id declares, and its elements must lie within the file.
     */
    private static Map<String, Extent> extents(Path file, FileChannel channel, long start, List<String> keys,
            Map<String, StorageRef> storages) throws IOException {
        long size = channel.size();
        Map<String, Extent> extents = new HashMap<>();
        long position = start;
        ByteBuffer count = ByteBuffer.allocate(Long.BYTES).order(ByteOrder.LITTLE_ENDIAN);
        for (String key : keys) {
            StorageRef storage = storages.get(key);
            String where = "storage '" + key + "' at byte " + position;
            if (size - position < Long.BYTES) {
                throw new WeightFormatException(file, where + ": the file ends before its element count (truncated)");
            }
            count.clear();
            readFully(channel, count, position);
            long elements = count.flip().getLong();
            if (elements != storage.elementCount()) {
                throw new WeightFormatException(file, where + " holds " + Long.toUnsignedString(elements)
                        + " elements, but its persistent id declares " + storage.elementCount());
            }
            int elementSize = ElementType.ofTorchStorage(storage.storageClass()).map(ElementType::byteSize)
                    .orElseThrow(() -> new WeightFormatException(file, where + " is a torch." + storage.storageClass()
                            + ", whose element size this reader does not know (it knows "
                            + ElementType.supportedTorchStorageNames() + ")"));
            position += Long.BYTES;
            if (elements > (size - position) / elementSize) {
                throw new WeightFormatException(file, where + " declares " + elements + " elements of "
                        + elementSize + " bytes, but only " + (size - position) + " bytes follow (truncated)");
            }
            extents.put(key, new Extent(position, elements * elementSize));
            position += elements * elementSize;
        }
        if (position != size) {
            throw new WeightFormatException(file, (size - position) + " bytes follow the last storage, which ends at"
                    + " byte " + position);
        }
        return extents;
    }

    @Override
    public Object root() {
        return root;
    }

    @Override
    public long storageSize(String key, String tensorName) throws WeightFormatException {
        return extent(key, tensorName).bytes();
    }

    @Override
    public ByteBuffer storage(String key, String tensorName) throws IOException {
        Extent extent = extent(key, tensorName);
        if (extent.bytes() > Integer.MAX_VALUE) {
            throw new WeightFormatException(file, "tensor '" + tensorName + "': storage '" + key + "' holds "
                    + extent.bytes() + " bytes, more than one read can hold (2 GiB)");
        }
        ByteBuffer bytes = ByteBuffer.allocate((int) extent.bytes());
        readFully(channel, bytes, extent.offset());
        return bytes.flip().order(ByteOrder.LITTLE_ENDIAN);
    }

    private Extent extent(String key, String tensorName) throws WeightFormatException {
        Extent extent = extents.get(key);
        if (extent == null) {
            throw new WeightFormatException(file, "tensor '" + tensorName + "': storage '" + key
                    + "' is not among the storages the file lists");
        }
        return extent;
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }

    private static void readFully(FileChannel channel, ByteBuffer into, long position) throws IOException {
        long at = position;
        while (into.hasRemaining()) {
            int read = channel.read(into, at);
            if (read < 0) {
                throw new EOFException("the file ended at byte " + at);
            }
            at += read;
        }
    }
}
