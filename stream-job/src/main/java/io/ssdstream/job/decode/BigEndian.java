package io.ssdstream.job.decode;

import java.nio.ByteBuffer;

/**
 * Absolute big-endian reads from a byte buffer, as JPEG and PNG headers are written. They ignore the buffer's own
 * byte order and never move its position, so probing leaves the frame's buffer exactly as it came.
 */
final class BigEndian {

    private BigEndian() {
    }

    static int u8(ByteBuffer bytes, int index) {
        return bytes.get(index) & 0xFF;
    }

    static int u16(ByteBuffer bytes, int index) {
        return u8(bytes, index) << 8 | u8(bytes, index + 1);
    }

    static int s32(ByteBuffer bytes, int index) {
        return u16(bytes, index) << 16 | u16(bytes, index + 2);
    }
}
