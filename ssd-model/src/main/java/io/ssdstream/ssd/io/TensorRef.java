package io.ssdstream.ssd.io;

import java.util.Arrays;

/**
 * A tensor as a torch.save pickle describes it: a strided view into a storage whose bytes live in a separate
 * archive entry and have not been read yet. Several views may share one storage.
 *
 * @param storage the storage the view reads from
 * @param storageOffset index of the view's first element within the storage, in elements
 * @param size the view's shape
 * @param stride per dimension, the storage elements between neighbours along that dimension
 */
record TensorRef(StorageRef storage, long storageOffset, long[] size, long[] stride) {

    /**
     * A storage as the pickle's persistent id names it.
     *
     * @param key the name of its entry under the archive's {@code data/} folder
     * @param storageClass the torch storage class, e.g. {@code FloatStorage}, which fixes the element type
     * @param elementCount how many elements the storage holds
     */
    record StorageRef(String key, String storageClass, long elementCount) {
    }

    /**
     * Builds the view from the arguments of {@code torch._utils._rebuild_tensor_v2(storage, storage_offset, size,
     * stride, requires_grad, backward_hooks[, metadata])}; gradient and hook arguments do not matter for weights.
     *
     * @throws IllegalArgumentException naming what is wrong, without printing the arguments (they may be huge)
     */
    static TensorRef fromRebuildArguments(Object[] args) {
        if (args.length < 4 || !(args[0] instanceof StorageRef storage) || !isInteger(args[1])) {
            throw new IllegalArgumentException("_rebuild_tensor_v2 expects (storage, storage_offset, size, stride, "
                    + "...), got " + args.length + " arguments of other types");
        }
        return new TensorRef(storage, ((Number) args[1]).longValue(), integers(args[2], "size"),
                integers(args[3], "stride"));
    }

    /** Whether a pickled value is an integer that fits a long; larger ones arrive as BigInteger. */
    static boolean isInteger(Object value) {
        return value instanceof Integer || value instanceof Long;
    }

    private static long[] integers(Object tuple, String what) {
        if (!(tuple instanceof Object[] items) || !Arrays.stream(items).allMatch(TensorRef::isInteger)) {
            throw new IllegalArgumentException("_rebuild_tensor_v2 expects a tuple of integers as " + what
                    + ", got " + TorchUnpickler.describe(tuple)
                    + (tuple instanceof Object[] ? " holding other values" : ""));
        }
        return Arrays.stream(items).mapToLong(item -> ((Number) item).longValue()).toArray();
    }
}
