package io.ssdstream.ssd.io;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The element encodings weight files use, each with its safetensors dtype code and PyTorch storage class name,
 * and how to decode one element to float32. Buffers carry the file's byte order.
 */
enum ElementType {
    F64("F64", "DoubleStorage", 8) {
        @Override
        float decode(ByteBuffer data, int byteOffset) {
            return (float) data.getDouble(byteOffset);
        }
    },
    F32("F32", "FloatStorage", 4) {
        @Override
        float decode(ByteBuffer data, int byteOffset) {
            return data.getFloat(byteOffset);
        }

        @Override
        void decodeRange(ByteBuffer data, int first, float[] target) {
            data.duplicate().order(data.order()).position(first * 4).asFloatBuffer().get(target);
        }
    },
    F16("F16", "HalfStorage", 2) {
        @Override
        float decode(ByteBuffer data, int byteOffset) {
            return halfToFloat(data.getShort(byteOffset));
        }
    },
    BF16("BF16", "BFloat16Storage", 2) {
        @Override
        float decode(ByteBuffer data, int byteOffset) {
            // bfloat16 is the upper half of a float32
            return Float.intBitsToFloat((data.getShort(byteOffset) & 0xffff) << 16);
        }
    },
    I64("I64", "LongStorage", 8) {
        @Override
        float decode(ByteBuffer data, int byteOffset) {
            return data.getLong(byteOffset);
        }
    },
    I32("I32", "IntStorage", 4) {
        @Override
        float decode(ByteBuffer data, int byteOffset) {
            return data.getInt(byteOffset);
        }
    },
    I16("I16", "ShortStorage", 2) {
        @Override
        float decode(ByteBuffer data, int byteOffset) {
            return data.getShort(byteOffset);
        }
    },
    I8("I8", "CharStorage", 1) {
        @Override
        float decode(ByteBuffer data, int byteOffset) {
            return data.get(byteOffset);
        }
    },
    U8("U8", "ByteStorage", 1) {
        @Override
        float decode(ByteBuffer data, int byteOffset) {
            return data.get(byteOffset) & 0xff;
        }
    },
    BOOL("BOOL", "BoolStorage", 1) {
        @Override
        float decode(ByteBuffer data, int byteOffset) {
            return data.get(byteOffset) != 0 ? 1f : 0f;
        }
    };

    private final String safetensorsName;
    private final String torchStorageName;
    private final int byteSize;

    ElementType(String safetensorsName, String torchStorageName, int byteSize) {
        this.safetensorsName = safetensorsName;
        this.torchStorageName = torchStorageName;
        this.byteSize = byteSize;
    }

    /** Decodes the element that starts at this byte offset. */
    abstract float decode(ByteBuffer data, int byteOffset);

    /** Decodes {@code target.length} consecutive elements starting at element index {@code first}. */
    void decodeRange(ByteBuffer data, int first, float[] target) {
        for (int i = 0; i < target.length; i++) {
            target[i] = decode(data, (first + i) * byteSize);
        }
    }

    int byteSize() {
        return byteSize;
    }

    String safetensorsName() {
        return safetensorsName;
    }

    static Optional<ElementType> ofSafetensors(String dtype) {
        return Arrays.stream(values()).filter(type -> type.safetensorsName.equals(dtype)).findFirst();
    }

    static Optional<ElementType> ofTorchStorage(String storageClassName) {
        return Arrays.stream(values()).filter(type -> type.torchStorageName.equals(storageClassName)).findFirst();
    }

    static String supportedSafetensorsNames() {
        return Arrays.stream(values()).map(type -> type.safetensorsName).collect(Collectors.joining(", "));
    }

    static String supportedTorchStorageNames() {
        return Arrays.stream(values()).map(type -> "torch." + type.torchStorageName).collect(Collectors.joining(", "));
    }

    /** IEEE 754 binary16 to binary32; exact, since every half value is representable as a float. */
    static float halfToFloat(short half) {
        int bits = half & 0xffff;
        int sign = (bits & 0x8000) << 16;
        int exponent = (bits >>> 10) & 0x1f;
        int mantissa = bits & 0x3ff;
        if (exponent == 0x1f) {
            return Float.intBitsToFloat(sign | 0x7f80_0000 | (mantissa << 13));
        }
        if (exponent == 0) {
            // zero or subnormal: mantissa * 2^-24, which a float holds exactly as a normal number
            float magnitude = mantissa * 0x1p-24f;
            return sign == 0 ? magnitude : -magnitude;
        }
        // rebias the exponent from 15 to 127
        return Float.intBitsToFloat(sign | ((exponent + 112) << 23) | (mantissa << 13));
    }
}
