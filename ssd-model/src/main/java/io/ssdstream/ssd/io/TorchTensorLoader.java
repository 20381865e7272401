package io.ssdstream.ssd.io;

import io.ssdstream.ssd.io.TensorRef.StorageRef;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Turns the {@link TensorRef}s of a torch.save file into row-major float32 {@link HostTensor}s. Each storage
 * entry is read once however many views share it, and dropped as soon as its last view is done, so the heap holds
 * the loaded tensors plus at most the storages still in use.
 *
 * <p>Views may share and repeat storage elements (tied weights, broadcast buffers), but no view may have more
 * elements than its storage, and all views together at most {@value #MAX_VIEW_EXPANSION} times the elements their
 * storages hold (or {@value #MIN_ELEMENT_ALLOWANCE}, for tiny files): so a small file cannot demand huge tensors.
 */
final class TorchTensorLoader {

    static final int MAX_VIEW_EXPANSION = 4;
    static final long MIN_ELEMENT_ALLOWANCE = 1 << 16;
    private static final long STORED_CAP = Long.MAX_VALUE / MAX_VIEW_EXPANSION;

    private final Path file;
    private final TorchSaveFile saved;
    private final Map<String, Integer> remainingViews = new HashMap<>();
    private final Map<String, ByteBuffer> storages = new HashMap<>();

    private TorchTensorLoader(Path file, TorchSaveFile saved) {
        this.file = file;
        this.saved = saved;
    }

    static LinkedHashMap<String, HostTensor> load(Path file, TorchSaveFile saved, Map<String, TensorRef> views)
            throws IOException {
        TorchTensorLoader loader = new TorchTensorLoader(file, saved);
        loader.checkTotals(views);
        views.values().forEach(view -> loader.remainingViews.merge(view.storage().key(), 1, Integer::sum));
        LinkedHashMap<String, HostTensor> tensors = new LinkedHashMap<>();
        for (Map.Entry<String, TensorRef> named : views.entrySet()) {
            tensors.put(named.getKey(), loader.loadTensor(named.getKey(), named.getValue()));
        }
        return tensors;
    }

    /** Before anything is read: one storage per key, and the views' elements bounded by the storages'. */
    private void checkTotals(Map<String, TensorRef> views) throws WeightFormatException {
        Map<String, StorageRef> storageByKey = new HashMap<>();
        long viewElements = 0;
        for (Map.Entry<String, TensorRef> named : views.entrySet()) {
            StorageRef storage = named.getValue().storage();
            StorageRef first = storageByKey.putIfAbsent(storage.key(), storage);
            if (first != null && !first.equals(storage)) {
                throw new WeightFormatException(file, "tensor '" + named.getKey() + "': storage '" + storage.key()
                        + "' is declared as " + storage.elementCount() + " elements of torch." + storage.storageClass()
                        + " here and as " + first.elementCount() + " of torch." + first.storageClass() + " before");
            }
            viewElements += checkView(named.getKey(), named.getValue());
        }
        // each storage's count is checked against its entry's size before it is read; here it may still be a lie
        long stored = storageByKey.values().stream().mapToLong(StorageRef::elementCount)
                .reduce(0, (a, b) -> b > STORED_CAP - a ? STORED_CAP : a + b);
        long allowed = Math.max(MIN_ELEMENT_ALLOWANCE, MAX_VIEW_EXPANSION * stored);
        if (viewElements > allowed) {
            throw new WeightFormatException(file, "its tensors hold " + viewElements + " elements in all, more than "
                    + MAX_VIEW_EXPANSION + " times the " + stored + " their storages hold: views repeat storage "
                    + "elements implausibly often");
        }
    }

    private HostTensor loadTensor(String name, TensorRef view) throws IOException {
        StorageRef storage = view.storage();
        ElementType type = ElementType.ofTorchStorage(storage.storageClass())
                .orElseThrow(() -> new WeightFormatException(file, "tensor '" + name + "' is stored as torch."
                        + storage.storageClass() + ", which cannot be converted to float32 (supported: "
                        + ElementType.supportedTorchStorageNames() + ")"));
        int count = checkView(name, view);
        ByteBuffer bytes = storageBytes(name, storage, type);
        HostTensor tensor = new HostTensor(view.size(), gather(type, bytes, view, count));
        if (remainingViews.merge(storage.key(), -1, Integer::sum) == 0) {
            storages.remove(storage.key());
        }
        return tensor;
    }

    /** The storage's bytes, their size in the file checked against its persistent id before reading. */
    private ByteBuffer storageBytes(String name, StorageRef storage, ElementType type) throws IOException {
        ByteBuffer bytes = storages.get(storage.key());
        if (bytes == null) {
            long declared = saved.storageSize(storage.key(), name);
            if (declared % type.byteSize() != 0 || declared / type.byteSize() != storage.elementCount()) {
                throw new WeightFormatException(file, "tensor '" + name + "': storage '" + storage.key() + "' holds "
                        + declared + " bytes, but its persistent id declares " + storage.elementCount()
                        + " elements of torch." + storage.storageClass() + " (" + type.byteSize() + " bytes each)");
            }
            bytes = saved.storage(storage.key(), name);
            storages.put(storage.key(), bytes);
        }
        return bytes;
    }

    /** Validates the view against its storage and returns its element count. */
    private int checkView(String name, TensorRef view) throws WeightFormatException {
        long[] size = view.size();
        long[] stride = view.stride();
        String described = "tensor '" + name + "' (size " + HostTensor.format(size) + ", stride "
                + HostTensor.format(stride) + ", storage offset " + view.storageOffset() + ")";
        if (size.length != stride.length || view.storageOffset() < 0) {
            throw new WeightFormatException(file, described + " is not a valid view");
        }
        long count = 1;
        long lastElement = view.storageOffset();
        try {
            for (int d = 0; d < size.length; d++) {
                if (size[d] < 0 || stride[d] < 0) {
                    throw new WeightFormatException(file, described + " has a negative size or stride");
                }
                count = Math.multiplyExact(count, size[d]);
                lastElement = Math.addExact(lastElement, Math.multiplyExact(Math.max(size[d] - 1, 0), stride[d]));
            }
        } catch (ArithmeticException e) {
            throw new WeightFormatException(file, described + " overflows 64-bit indexing", e);
        }
        if (count > 0 && lastElement >= view.storage().elementCount()) {
            throw new WeightFormatException(file, described + " reaches element " + lastElement + " of storage '"
                    + view.storage().key() + "', which holds only " + view.storage().elementCount());
        }
        if (count > Integer.MAX_VALUE) {
            throw new WeightFormatException(file, described + " has more elements than a Java array holds");
        }
        if (count > view.storage().elementCount()) {
            throw new WeightFormatException(file, described + " has " + count + " elements, more than the "
                    + view.storage().elementCount() + " of its storage '" + view.storage().key() + "'");
        }
        return (int) count;
    }

    /** Copies the view's elements into row-major order; checkView has proven every index in range. */
    private static float[] gather(ElementType type, ByteBuffer bytes, TensorRef view, int count) {
        float[] values = new float[count];
        if (count == 0) {
            return values;
        }
        if (isRowMajor(view)) {
            type.decodeRange(bytes, (int) view.storageOffset(), values);
            return values;
        }
        long[] size = view.size();
        long[] stride = view.stride();
        long[] position = new long[size.length];
        long element = view.storageOffset();
        for (int i = 0; i < count; i++) {
            values[i] = type.decode(bytes, (int) element * type.byteSize());
            for (int d = size.length - 1; d >= 0; d--) {
                if (++position[d] < size[d]) {
                    element += stride[d];
                    break;
                }
                position[d] = 0;
                element -= stride[d] * (size[d] - 1);
            }
        }
        return values;
    }

    private static boolean isRowMajor(TensorRef view) {
        long expected = 1;
        for (int d = view.size().length - 1; d >= 0; d--) {
            // a dimension of extent 1 is never stepped along, so its stride is arbitrary
            if (view.size()[d] != 1 && view.stride()[d] != expected) {
                return false;
            }
            expected *= view.size()[d];
        }
        return true;
    }
}
