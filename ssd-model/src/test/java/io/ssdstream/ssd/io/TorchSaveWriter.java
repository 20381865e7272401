package io.ssdstream.ssd.io;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * Writes byte-faithful imitations of what {@code torch.save(state_dict, f)} writes with PyTorch >= 1.6: a zip of
 * STORED entries under one folder, a protocol-2 {@code data.pkl} with the opcodes and memo use of CPython's
 * pickler, one {@code data/<key>} entry per storage, {@code version} and {@code byteorder}; or, by
 * {@link #writeLegacy}, what it wrote before: five pickles in a row and the storages after them.
 *
 * <p>Knobs let tests reproduce what real checkpoints vary in (folder name, storage types, views, shared storages,
 * training-checkpoint wrappers) and what broken ones get wrong (missing entries, short storages).
 */
final class TorchSaveWriter {

    /** torch.save's legacy magic number 0x1950a86a20f9469cfc6c as CPython pickles it: LONG1, 10 bytes. */
    private static final byte[] LEGACY_MAGIC = {(byte) 0x80, 0x02, (byte) 0x8a, 0x0a, 0x6c, (byte) 0xfc, (byte) 0x9c,
        0x46, (byte) 0xf9, 0x20, 0x6a, (byte) 0xa8, 0x50, 0x19, '.'};
    private static final int LEGACY_VERSION = 1001;

    /** A storage: its torch class, raw bytes as stored, and the element count its persistent id declares. */
    record Storage(String key, String storageClass, byte[] bytes, long numel) {
    }

    private record View(Storage storage, long offset, long[] size, long[] stride) {
    }

    /** A Python object pickled the way CPython pickles an instance of a plain class, e.g. argparse.Namespace. */
    record PyObject(String module, String name, Map<String, Object> attributes) {
    }

    private String folder = "archive";
    private String byteOrder = "little";
    private final List<Storage> storages = new ArrayList<>();
    private final List<Storage> omitted = new ArrayList<>();
    private final LinkedHashMap<String, Object> stateDict = new LinkedHashMap<>();
    private String wrapperKey;
    /** Whether persistent ids take the legacy format's sixth item. */
    private boolean legacy;
    private final LinkedHashMap<String, Object> wrapperExtras = new LinkedHashMap<>();

    TorchSaveWriter folder(String name) {
        folder = name;
        return this;
    }

    /** "little", "big", or null to leave the entry out as PyTorch before 1.10 did. */
    TorchSaveWriter byteOrder(String order) {
        byteOrder = order;
        return this;
    }

    Storage floatStorage(float... values) {
        ByteBuffer bytes = ByteBuffer.allocate(values.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        for (float value : values) {
            bytes.putFloat(value);
        }
        return storage("FloatStorage", bytes.array(), values.length);
    }

    /** A HalfStorage or BFloat16Storage from the 16-bit patterns of its elements. */
    Storage sixteenBitStorage(String storageClass, int... bitPatterns) {
        ByteBuffer bytes = ByteBuffer.allocate(bitPatterns.length * 2).order(ByteOrder.LITTLE_ENDIAN);
        for (int bits : bitPatterns) {
            bytes.putShort((short) bits);
        }
        return storage(storageClass, bytes.array(), bitPatterns.length);
    }

    Storage storage(String storageClass, byte[] bytes, long numel) {
        Storage storage = new Storage(Integer.toString(storages.size()), storageClass, bytes, numel);
        storages.add(storage);
        return storage;
    }

    /** A contiguous float32 tensor with a storage of its own, as most state-dict entries are. */
    TorchSaveWriter tensor(String key, float[] values, long... shape) {
        return view(key, floatStorage(values), 0, shape, rowMajorStrides(shape));
    }

    TorchSaveWriter view(String key, Storage storage, long offset, long[] size, long[] stride) {
        stateDict.put(key, new View(storage, offset, size, stride));
        return this;
    }

    /** A state-dict entry that is not a tensor, which a well-formed state dict never has. */
    TorchSaveWriter nonTensor(String key, Object value) {
        stateDict.put(key, value);
        return this;
    }

    /** Nests the state dict as {@code {key: state_dict, **extras}}, as torchvision's training scripts do. */
    TorchSaveWriter wrapAs(String key, Map<String, Object> extras) {
        wrapperKey = key;
        wrapperExtras.putAll(extras);
        return this;
    }

    TorchSaveWriter omitEntry(Storage storage) {
        omitted.add(storage);
        return this;
    }

    void write(Path file) throws IOException {
        try (ZipOutputStream zip = new ZipOutputStream(Files.newOutputStream(file))) {
            stored(zip, "data.pkl", pickle());
            if (byteOrder != null) {
                stored(zip, "byteorder", byteOrder.getBytes(StandardCharsets.US_ASCII));
            }
            for (Storage storage : storages) {
                if (!omitted.contains(storage)) {
                    stored(zip, "data/" + storage.key(), storage.bytes());
                }
            }
            stored(zip, "version", "3\n".getBytes(StandardCharsets.US_ASCII));
            stored(zip, ".data/serialization_id", "1234567890123456789012345678901234567890".getBytes(StandardCharsets.US_ASCII));
        }
    }

    /**
     * The legacy layout: the magic-number, format-version and system-info pickles, the object pickle (persistent
     * ids with a sixth item, None), the sorted keys of the storages it names, then each of those storages as its
     * element count (int64, little-endian) and its bytes.
     */
    void writeLegacy(Path file) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(LEGACY_MAGIC);
        Pickle version = new Pickle();
        version.proto();
        version.integer(LEGACY_VERSION);
        version.stop();
        out.writeBytes(version.bytes());
        Pickle sysInfo = new Pickle();
        sysInfo.proto();
        sysInfo.emptyDict();
        sysInfo.setItems(List.of(
                () -> sysInfo.string("protocol_version"), () -> sysInfo.integer(LEGACY_VERSION),
                () -> sysInfo.string("little_endian"), sysInfo::newTrue,
                () -> sysInfo.string("type_sizes"), () -> {
                    sysInfo.emptyDict();
                    sysInfo.setItems(List.of(() -> sysInfo.string("short"), () -> sysInfo.integer(2),
                            () -> sysInfo.string("int"), () -> sysInfo.integer(4),
                            () -> sysInfo.string("long"), () -> sysInfo.integer(4)));
                }));
        sysInfo.stop();
        out.writeBytes(sysInfo.bytes());
        legacy = true;
        try {
            out.writeBytes(pickle());
        } finally {
            legacy = false;
        }
        List<Storage> named = stateDict.values().stream().filter(View.class::isInstance)
                .map(view -> ((View) view).storage()).distinct()
                .sorted(Comparator.comparing(Storage::key)).toList();
        Pickle keys = new Pickle();
        keys.proto();
        keys.list(named.stream().<Runnable>map(storage -> () -> keys.string(storage.key())).toList());
        keys.stop();
        out.writeBytes(keys.bytes());
        for (Storage storage : named) {
            if (!omitted.contains(storage)) {
                out.writeBytes(ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(storage.numel()).array());
                out.writeBytes(storage.bytes());
            }
        }
        Files.write(file, out.toByteArray());
    }

    /** An archive of a hand-made pickle and storage entries, all STORED under {@code archive/}, nothing else. */
    static void writeRaw(Path file, byte[] pickle, Map<String, byte[]> storageEntries) throws IOException {
        TorchSaveWriter writer = new TorchSaveWriter();
        try (ZipOutputStream zip = new ZipOutputStream(Files.newOutputStream(file))) {
            writer.stored(zip, "data.pkl", pickle);
            for (Map.Entry<String, byte[]> storage : storageEntries.entrySet()) {
                writer.stored(zip, "data/" + storage.getKey(), storage.getValue());
            }
        }
    }

    static long[] rowMajorStrides(long... shape) {
        long[] strides = new long[shape.length];
        long stride = 1;
        for (int d = shape.length - 1; d >= 0; d--) {
            strides[d] = stride;
            stride *= shape[d];
        }
        return strides;
    }

    private void stored(ZipOutputStream zip, String name, byte[] bytes) throws IOException {
        CRC32 crc = new CRC32();
        crc.update(bytes);
        ZipEntry entry = new ZipEntry(folder + "/" + name);
        entry.setMethod(ZipEntry.STORED);
        entry.setSize(bytes.length);
        entry.setCompressedSize(bytes.length);
        entry.setCrc(crc.getValue());
        zip.putNextEntry(entry);
        zip.write(bytes);
        zip.closeEntry();
    }

    private byte[] pickle() {
        Pickle pickle = new Pickle();
        pickle.proto();
        if (wrapperKey == null) {
            saveStateDict(pickle);
        } else {
            pickle.emptyDict();
            List<Runnable> items = new ArrayList<>();
            items.add(() -> pickle.string(wrapperKey));
            items.add(() -> saveStateDict(pickle));
            wrapperExtras.forEach((key, value) -> {
                items.add(() -> pickle.string(key));
                items.add(() -> saveValue(pickle, value));
            });
            pickle.setItems(items);
        }
        pickle.stop();
        return pickle.bytes();
    }

    /** An OrderedDict with a {@code _metadata} attribute, as {@code Module.state_dict()} returns. */
    private void saveStateDict(Pickle pickle) {
        pickle.orderedDict();
        List<Runnable> items = new ArrayList<>();
        stateDict.forEach((key, value) -> {
            items.add(() -> pickle.string(key));
            items.add(() -> saveValue(pickle, value));
        });
        pickle.setItems(items);
        pickle.emptyDict();
        pickle.setItems(List.of(() -> pickle.string("_metadata"), () -> {
            pickle.orderedDict();
            pickle.setItems(List.of(() -> pickle.string(""), () -> {
                pickle.emptyDict();
                pickle.setItems(List.of(() -> pickle.string("version"), () -> pickle.integer(1)));
            }));
        }));
        pickle.build();
    }

    private void saveValue(Pickle pickle, Object value) {
        if (value instanceof View view) {
            saveTensor(pickle, view);
        } else if (value instanceof Integer number) {
            pickle.integer(number);
        } else if (value instanceof Double number) {
            pickle.binFloat(number);
        } else if (value instanceof PyObject object) {
            pickle.global(object.module(), object.name());
            pickle.emptyTuple();
            pickle.newObj();
            pickle.emptyDict();
            List<Runnable> items = new ArrayList<>();
            object.attributes().forEach((key, attribute) -> {
                items.add(() -> pickle.string(key));
                items.add(() -> saveValue(pickle, attribute));
            });
            pickle.setItems(items);
            pickle.build();
        } else {
            throw new IllegalArgumentException("cannot pickle " + value);
        }
    }

    /** {@code torch._utils._rebuild_tensor_v2(storage, offset, size, stride, False, OrderedDict())}. */
    private void saveTensor(Pickle pickle, View view) {
        pickle.global("torch._utils", "_rebuild_tensor_v2");
        pickle.tuple(List.of(
                () -> {
                    List<Runnable> id = new ArrayList<>(List.of(
                            () -> pickle.string("storage"),
                            () -> pickle.global("torch", view.storage().storageClass()),
                            () -> pickle.string(view.storage().key()),
                            () -> pickle.string("cpu"),
                            () -> pickle.integer(view.storage().numel())));
                    if (legacy) {
                        id.add(pickle::none);
                    }
                    pickle.tuple(id);
                    pickle.binPersId();
                },
                () -> pickle.integer(view.offset()),
                () -> pickle.integers(view.size()),
                () -> pickle.integers(view.stride()),
                pickle::newFalse,
                pickle::orderedDict));
        pickle.reduce();
    }

    /**
     * Emits protocol-2 opcodes as CPython's {@code pickle._Pickler} does: tuples of up to three items as TUPLE1-3,
     * dict items in SETITEMS batches of 1000 (a single item as SETITEM), and every string, global, tuple and
     * reduced object memoized, with later references to an equal string or global as BINGET.
     */
    private static final class Pickle {

        private static final int BATCH = 1000;

        private final ByteArrayOutputStream out = new ByteArrayOutputStream();
        private final Map<String, Integer> memo = new HashMap<>();
        private int memoSize;

        void proto() {
            out.write(0x80);
            out.write(2);
        }

        void stop() {
            out.write('.');
        }

        void global(String module, String name) {
            if (!reuse("global:" + module + "." + name)) {
                out.write('c');
                out.writeBytes((module + "\n" + name + "\n").getBytes(StandardCharsets.US_ASCII));
                memoize("global:" + module + "." + name);
            }
        }

        void string(String value) {
            if (!reuse("str:" + value)) {
                byte[] utf8 = value.getBytes(StandardCharsets.UTF_8);
                out.write('X');
                writeInt32(utf8.length);
                out.writeBytes(utf8);
                memoize("str:" + value);
            }
        }

        void integer(long value) {
            if (value >= 0 && value < 0x100) {
                out.write('K');
                out.write((int) value);
            } else if (value >= 0 && value < 0x10000) {
                out.write('M');
                out.write((int) value & 0xff);
                out.write((int) (value >>> 8) & 0xff);
            } else if (value >= Integer.MIN_VALUE && value <= Integer.MAX_VALUE) {
                out.write('J');
                writeInt32((int) value);
            } else {
                // LONG1: minimal little-endian two's complement
                byte[] bigEndian = BigInteger.valueOf(value).toByteArray();
                out.write(0x8a);
                out.write(bigEndian.length);
                for (int i = bigEndian.length - 1; i >= 0; i--) {
                    out.write(bigEndian[i]);
                }
            }
        }

        void binFloat(double value) {
            out.write('G');
            out.writeBytes(ByteBuffer.allocate(8).putDouble(value).array());
        }

        void integers(long[] values) {
            List<Runnable> items = new ArrayList<>();
            for (long value : values) {
                items.add(() -> integer(value));
            }
            tuple(items);
        }

        void newFalse() {
            out.write(0x89);
        }

        void newTrue() {
            out.write(0x88);
        }

        void none() {
            out.write('N');
        }

        /** A list as CPython pickles one: EMPTY_LIST, then its items in one MARK ... APPENDS. */
        void list(List<Runnable> items) {
            out.write(']');
            memoize(null);
            if (!items.isEmpty()) {
                out.write('(');
                items.forEach(Runnable::run);
                out.write('e');
            }
        }

        void emptyTuple() {
            out.write(')');
        }

        void tuple(List<Runnable> items) {
            if (items.isEmpty()) {
                emptyTuple();
                return;
            }
            if (items.size() > 3) {
                out.write('(');
            }
            items.forEach(Runnable::run);
            out.write(switch (items.size()) {
                case 1 -> 0x85;
                case 2 -> 0x86;
                case 3 -> 0x87;
                default -> 't';
            });
            memoize(null);
        }

        void emptyDict() {
            out.write('}');
            memoize(null);
        }

        /** {@code collections.OrderedDict()} as its {@code __reduce__} has it pickled: the class called with (). */
        void orderedDict() {
            global("collections", "OrderedDict");
            emptyTuple();
            reduce();
        }

        void reduce() {
            out.write('R');
            memoize(null);
        }

        void newObj() {
            out.write(0x81);
            memoize(null);
        }

        void binPersId() {
            out.write('Q');
        }

        void build() {
            out.write('b');
        }

        /** Keys and values alternate in {@code items}. */
        void setItems(List<Runnable> items) {
            for (int start = 0; start < items.size(); start += 2 * BATCH) {
                List<Runnable> batch = items.subList(start, Math.min(items.size(), start + 2 * BATCH));
                if (batch.size() == 2) {
                    batch.forEach(Runnable::run);
                    out.write('s');
                } else {
                    out.write('(');
                    batch.forEach(Runnable::run);
                    out.write('u');
                }
            }
        }

        byte[] bytes() {
            return out.toByteArray();
        }

        private boolean reuse(String key) {
            Integer index = memo.get(key);
            if (index == null) {
                return false;
            }
            if (index < 0x100) {
                out.write('h');
                out.write(index);
            } else {
                out.write('j');
                writeInt32(index);
            }
            return true;
        }

        /** Stores the object just emitted; {@code key} names it for later reuse, null for objects never reused. */
        private void memoize(String key) {
            int index = memoSize++;
            if (key != null) {
                memo.put(key, index);
            }
            if (index < 0x100) {
                out.write('q');
                out.write(index);
            } else {
                out.write('r');
                writeInt32(index);
            }
        }

        private void writeInt32(int value) {
            out.writeBytes(ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(value).array());
        }
    }
}
