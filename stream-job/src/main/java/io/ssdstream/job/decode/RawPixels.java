package io.ssdstream.job.decode;

import java.nio.ByteBuffer;

/** Packed 8-bit raw frames ({@code RAW_RGB24}, {@code RAW_BGR24}) copied into the detector's RGB order. */
final class RawPixels {

    private RawPixels() {
    }

    /** A copy of {@code raw} from its position to its limit, leaving the buffer untouched. */
    static byte[] copyRgb(ByteBuffer raw) {
        byte[] pixels = new byte[raw.remaining()];
        raw.get(raw.position(), pixels);
        return pixels;
    }

    /** A copy of the BGR pixels in {@code raw} with blue and red swapped in place in the copy. */
    static byte[] copyBgrAsRgb(ByteBuffer raw) {
        byte[] pixels = copyRgb(raw);
        for (int i = 0; i + 2 < pixels.length; i += 3) {
            byte blue = pixels[i];
            pixels[i] = pixels[i + 2];
            pixels[i + 2] = blue;
        }
        return pixels;
    }
}
