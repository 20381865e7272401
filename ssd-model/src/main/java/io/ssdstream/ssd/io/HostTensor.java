package io.ssdstream.ssd.io;

import java.util.Arrays;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * A tensor held on the Java heap: row-major float32 values and the shape that lays them out.
 *
 * <p>Weight readers widen or narrow every floating-point dtype to float32 on read, so the rest of the product
 * deals with one element type. The shape is copied; the {@code values} array is shared, not copied, because weight
 * tensors run to tens of megabytes: whoever hands an array to a {@code HostTensor} gives up writing to it.
 * {@link #equals} and {@link #hashCode} compare shape and values element by element (floats bit for bit, so
 * {@code NaN} equals {@code NaN}).
 *
 * @param shape the extent of each dimension, outermost first; empty for a scalar
 * @param values the elements in row-major order, exactly as many as the shape holds
 */
public record HostTensor(long[] shape, float[] values) {

    public HostTensor {
        Objects.requireNonNull(shape, "shape");
        Objects.requireNonNull(values, "values");
        shape = shape.clone();
        long count = 1;
        for (long extent : shape) {
            if (extent < 0) {
                throw new IllegalArgumentException("negative extent in shape " + format(shape));
            }
            count = Math.multiplyExact(count, extent);
        }
        if (count != values.length) {
            throw new IllegalArgumentException(
                    "shape " + format(shape) + " holds " + count + " elements but " + values.length + " values were given");
        }
    }

    /** The shape; a copy, so callers may keep or change it freely. */
    @Override
    public long[] shape() {
        return shape.clone();
    }

    public long elementCount() {
        return values.length;
    }

    /** The shape as error messages print it, e.g. {@code (512, 3, 3, 3)}; a scalar prints as {@code ()}. */
    public String shapeString() {
        return format(shape);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof HostTensor that
                && Arrays.equals(shape, that.shape)
                && Arrays.equals(values, that.values);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(shape) + Arrays.hashCode(values);
    }

    @Override
    public String toString() {
        return "HostTensor" + shapeString();
    }

    static String format(long[] extents) {
        return Arrays.stream(extents).mapToObj(Long::toString).collect(Collectors.joining(", ", "(", ")"));
    }
}
