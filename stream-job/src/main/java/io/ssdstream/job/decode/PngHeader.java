package io.ssdstream.job.decode;

import static io.ssdstream.job.decode.BigEndian.s32;
import static io.ssdstream.job.decode.BigEndian.u8;

import java.nio.ByteBuffer;

/**
 * Reads a PNG's pixel size from its IHDR chunk, which the format requires first, and checks that the stream ends with
 * IEND.
 */
final class PngHeader {

    private static final int[] SIGNATURE = {0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A};
    private static final int IHDR_LENGTH_AT = 8;
    private static final int IHDR_TYPE_AT = 12;
    private static final int WIDTH_AT = 16;
    private static final int HEIGHT_AT = 20;
    /** Signature, IHDR's length and type, then width and height: all the probe reads at the start. */
    private static final int SIZE_END = 24;
    private static final int IHDR_DATA_LENGTH = 13;
    private static final int IHDR = 0x49484452;
    private static final int IEND = 0x49454E44;
    /** IEND's CRC, fixed since the chunk carries no data. */
    private static final int IEND_CRC = 0xAE426082;
    /** IEND's length field (zero), type and CRC. */
    private static final int IEND_CHUNK_LENGTH = 12;
    /** Signature, the whole IHDR chunk with its CRC, and IEND: the shortest stream that can be complete. */
    private static final int MIN_COMPLETE_LENGTH = SIZE_END + 9 + IEND_CHUNK_LENGTH;

    private PngHeader() {
    }

    /** An {@link ImageHeader} probe outcome for {@code png}, read from its position to its limit. */
    static long probe(ByteBuffer png) {
        int start = png.position();
        if (!hasSignature(png)) {
            return ImageHeader.fault(HeaderFault.NOT_PNG);
        }
        if (png.remaining() < SIZE_END) {
            return ImageHeader.fault(HeaderFault.HEADER_CUT);
        }
        if (s32(png, start + IHDR_LENGTH_AT) != IHDR_DATA_LENGTH || s32(png, start + IHDR_TYPE_AT) != IHDR) {
            return ImageHeader.fault(HeaderFault.NO_IHDR);
        }
        // PNG sizes are unsigned 31-bit: a set top bit reads as negative and is as invalid as zero.
        int width = s32(png, start + WIDTH_AT);
        int height = s32(png, start + HEIGHT_AT);
        if (width <= 0 || height <= 0) {
            return ImageHeader.fault(HeaderFault.NO_SIZE);
        }
        if (!endsWithIend(png)) {
            return ImageHeader.fault(HeaderFault.NO_PNG_END);
        }
        return ImageHeader.size(width, height);
    }

    static boolean hasSignature(ByteBuffer bytes) {
        if (bytes.remaining() < SIGNATURE.length) {
            return false;
        }
        for (int i = 0; i < SIGNATURE.length; i++) {
            if (u8(bytes, bytes.position() + i) != SIGNATURE[i]) {
                return false;
            }
        }
        return true;
    }

    private static boolean endsWithIend(ByteBuffer png) {
        int end = ImageHeader.contentEnd(png);
        if (end - png.position() < MIN_COMPLETE_LENGTH) {
            return false;
        }
        int chunk = end - IEND_CHUNK_LENGTH;
        return s32(png, chunk) == 0 && s32(png, chunk + 4) == IEND && s32(png, chunk + 8) == IEND_CRC;
    }
}
