package io.ssdstream.ssd.io;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/**
 * Writes pickles opcode by opcode, so a test spells out exactly the bytes a hostile file holds; every method emits
 * one opcode and its operands, as the pickle protocol defines them, and nothing else.
 */
final class HandPickle {

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();

    /** PROTO 2, as torch.save writes. */
    static HandPickle protocol2() {
        return new HandPickle().raw(0x80, 2);
    }

    HandPickle raw(int... bytes) {
        for (int b : bytes) {
            out.write(b);
        }
        return this;
    }

    /** Operand text as GLOBAL and INST spell it. */
    HandPickle ascii(String text) {
        out.writeBytes(text.getBytes(StandardCharsets.US_ASCII));
        return this;
    }

    HandPickle op(char opcode) {
        return raw(opcode);
    }

    /** BINUNICODE: 'X', a little-endian 4-byte length, UTF-8. */
    HandPickle string(String value) {
        byte[] utf8 = value.getBytes(StandardCharsets.UTF_8);
        raw('X');
        out.writeBytes(ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(utf8.length).array());
        out.writeBytes(utf8);
        return this;
    }

    /** BININT1 for 0..255, else BININT. */
    HandPickle integer(int value) {
        if (value >= 0 && value < 256) {
            return raw('K', value);
        }
        raw('J');
        out.writeBytes(ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(value).array());
        return this;
    }

    /** GLOBAL: 'c', module, newline, name, newline. */
    HandPickle global(String module, String name) {
        return raw('c').ascii(module + "\n" + name + "\n");
    }

    /** A tuple of integers: MARK, the integers, TUPLE. */
    HandPickle integers(int... values) {
        op('(');
        for (int value : values) {
            integer(value);
        }
        return op('t');
    }

    /** The persistent id of a FloatStorage, then BINPERSID. */
    HandPickle floatStorage(String key, int elements) {
        op('(').string("storage").global("torch", "FloatStorage").string(key).string("cpu").integer(elements);
        return op('t').op('Q');
    }

    /**
     * {@code _rebuild_tensor_v2(storage, offset, size, stride, False, OrderedDict())}: emits the function, MARK and
     * the storage; the caller emits offset, size and stride, then calls {@link #endRebuild}.
     */
    HandPickle beginRebuild(String storageKey, int storageElements) {
        return global("torch._utils", "_rebuild_tensor_v2").op('(').floatStorage(storageKey, storageElements);
    }

    HandPickle endRebuild() {
        raw(0x89);
        global("collections", "OrderedDict").op(')').op('R');
        return op('t').op('R');
    }

    /** A contiguous 1-d tensor of a FloatStorage of its own size. */
    HandPickle vector(String storageKey, int elements) {
        return beginRebuild(storageKey, elements).integer(0).integers(elements).integers(1).endRebuild();
    }

    byte[] stop() {
        out.write('.');
        return out.toByteArray();
    }
}
