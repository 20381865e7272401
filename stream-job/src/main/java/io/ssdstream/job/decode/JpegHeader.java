package io.ssdstream.job.decode;

import static io.ssdstream.job.decode.BigEndian.u16;
import static io.ssdstream.job.decode.BigEndian.u8;

import java.nio.ByteBuffer;

/**
 * Reads a JPEG's pixel size from its frame header (any SOFn: baseline, extended, progressive, lossless, arithmetic)
 * by walking the marker segments from SOI to the first scan (SOS), and checks that the stream ends with EOI. The
 * entropy-coded data is never read, so the cost is a few segment hops whatever the image size.
 */
final class JpegHeader {

    private static final int MARKER_PREFIX = 0xFF;
    private static final int SOI = 0xD8;
    private static final int EOI = 0xD9;
    private static final int SOS = 0xDA;
    private static final int TEM = 0x01;
    private static final int RST0 = 0xD0;
    private static final int RST7 = 0xD7;
    private static final int SOF0 = 0xC0;
    private static final int SOF15 = 0xCF;
    /** In the SOFn range but not frame headers: huffman tables, the reserved JPG extension, arithmetic conditioning. */
    private static final int DHT = 0xC4;
    private static final int JPG = 0xC8;
    private static final int DAC = 0xCC;
    /** Offsets in a frame header from its length field: the length (2), precision (1), height (2), width (2). */
    private static final int FRAME_HEIGHT_AT = 3;
    private static final int FRAME_WIDTH_AT = 5;
    /** Length field, precision, height, width and component count. */
    private static final int MIN_FRAME_HEADER_LENGTH = 8;

    private JpegHeader() {
    }

    /** An {@link ImageHeader} probe outcome for {@code jpeg}, read from its position to its limit. */
    static long probe(ByteBuffer jpeg) {
        if (!hasSignature(jpeg)) {
            return ImageHeader.fault(HeaderFault.NOT_JPEG);
        }
        int end = jpeg.limit();
        int at = jpeg.position() + 2;
        long size = ImageHeader.fault(HeaderFault.NO_FRAME_HEADER);
        while (true) {
            if (at >= end) {
                return ImageHeader.fault(HeaderFault.HEADER_CUT);
            }
            if (u8(jpeg, at) != MARKER_PREFIX) {
                return ImageHeader.fault(HeaderFault.BAD_MARKER);
            }
            // Any number of 0xFF fill bytes may precede a marker code.
            while (at < end && u8(jpeg, at) == MARKER_PREFIX) {
                at++;
            }
            if (at >= end) {
                return ImageHeader.fault(HeaderFault.HEADER_CUT);
            }
            int marker = u8(jpeg, at++);
            if (marker == TEM || (marker >= RST0 && marker <= RST7)) {
                continue;
            }
            if (marker == 0 || marker == SOI) {
                return ImageHeader.fault(HeaderFault.BAD_MARKER);
            }
            if (marker == EOI) {
                return ImageHeader.fault(HeaderFault.NO_SCAN);
            }
            if (end - at < 2) {
                return ImageHeader.fault(HeaderFault.HEADER_CUT);
            }
            int length = u16(jpeg, at);
            if (length < 2) {
                return ImageHeader.fault(HeaderFault.BAD_MARKER);
            }
            if (length > end - at) {
                return ImageHeader.fault(HeaderFault.HEADER_CUT);
            }
            if (isFrameHeader(marker)) {
                if (!ImageHeader.isFault(size) || length < MIN_FRAME_HEADER_LENGTH) {
                    return ImageHeader.fault(HeaderFault.BAD_MARKER);
                }
                // A zero height means "defined later by a DNL marker", which OpenCV's libjpeg cannot decode.
                int height = u16(jpeg, at + FRAME_HEIGHT_AT);
                int width = u16(jpeg, at + FRAME_WIDTH_AT);
                if (width == 0 || height == 0) {
                    return ImageHeader.fault(HeaderFault.NO_SIZE);
                }
                size = ImageHeader.size(width, height);
            } else if (marker == SOS) {
                if (ImageHeader.isFault(size)) {
                    return size;
                }
                return endsWithEoi(jpeg, at + length) ? size : ImageHeader.fault(HeaderFault.NO_JPEG_END);
            }
            at += length;
        }
    }

    static boolean hasSignature(ByteBuffer bytes) {
        return bytes.remaining() >= 2 && u8(bytes, bytes.position()) == MARKER_PREFIX
                && u8(bytes, bytes.position() + 1) == SOI;
    }

    private static boolean isFrameHeader(int marker) {
        return marker >= SOF0 && marker <= SOF15 && marker != DHT && marker != JPG && marker != DAC;
    }

    /**
     * Whether the content ends with EOI after the scan header. Entropy-coded data never holds {@code FF D9} (a data
     * 0xFF is always followed by 00 or a restart code), so a stream cut inside its entropy-coded data fails this
     * check.
     */
    private static boolean endsWithEoi(ByteBuffer jpeg, int scanDataStart) {
        int end = ImageHeader.contentEnd(jpeg);
        return end - scanDataStart >= 2 && u8(jpeg, end - 2) == MARKER_PREFIX && u8(jpeg, end - 1) == EOI;
    }
}
