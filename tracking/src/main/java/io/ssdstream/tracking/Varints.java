package io.ssdstream.tracking;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;

/**
 * The variable-length integers the binary state formats write (the tracker's here, the zone analytics' in module
 * zones): LEB128 for counts and indices, zigzag over it for times as distances of either sign. Hand-written because
 * {@link DataOutput} has no varints and the few lines do not justify a serialization library in Flink's state path.
 */
public final class Varints {

    private Varints() {
    }

    /** LEB128: seven bits a byte, low first; the high bit says another byte follows. */
    public static void writeUnsigned(long value, DataOutput out) throws IOException {
        long v = value;
        while ((v & ~0x7FL) != 0) {
            out.writeByte((int) ((v & 0x7F) | 0x80));
            v >>>= 7;
        }
        out.writeByte((int) v);
    }

    /** An unsigned varint that must fit an int (a count or an index). */
    public static int readUnsigned(DataInput in) throws IOException {
        return Math.toIntExact(readUnsignedLong(in));
    }

    public static long readUnsignedLong(DataInput in) throws IOException {
        long value = 0;
        for (int shift = 0; shift < 64; shift += 7) {
            int b = in.readUnsignedByte();
            value |= (long) (b & 0x7F) << shift;
            if ((b & 0x80) == 0) {
                return value;
            }
        }
        throw new IOException("a varint longer than 64 bits: the state is corrupt");
    }

    /** Zigzag: small distances of either sign take few bytes; the subtraction wraps, so any time comes back exact. */
    public static void writeSigned(long value, DataOutput out) throws IOException {
        writeUnsigned((value << 1) ^ (value >> 63), out);
    }

    public static long readSigned(DataInput in) throws IOException {
        long v = readUnsignedLong(in);
        return (v >>> 1) ^ -(v & 1);
    }
}
