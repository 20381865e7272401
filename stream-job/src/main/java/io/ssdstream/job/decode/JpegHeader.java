package io.ssdstream.job.decode;

import static io.ssdstream.job.decode.BigEndian.u16;
import static io.ssdstream.job.decode.BigEndian.u8;

import java.nio.ByteBuffer;

/**
 * Reads a JPEG's pixel size from its frame header (any SOFn: baseline, extended, progressive, lossless, arithmetic),
 * counts its scans and checks that it ends with EOI, by walking every marker segment from SOI to EOI. Entropy-coded
 * data is only stepped over, never decoded: the walk costs one pass over the bytes whatever the image size.
 *
 * <p>Scans are counted because each one makes a decoder pass over every block of its components again: a few
 * kilobytes of empty progressive scans can cost a minute of decoding. The walk stops as soon as the count exceeds
 * the limit it was given.
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

    /**
     * An {@link ImageHeader} probe outcome for {@code jpeg}, read from its position to its limit:
     * {@link HeaderFault#TOO_MANY_SCANS} once it holds more than {@code maxScans} scans.
     */
    static long probe(ByteBuffer jpeg, int maxScans) {
        if (!hasSignature(jpeg)) {
            return ImageHeader.fault(HeaderFault.NOT_JPEG);
        }
        int end = jpeg.limit();
        int at = jpeg.position() + 2;
        long size = ImageHeader.fault(HeaderFault.NO_FRAME_HEADER);
        int scans = 0;
        while (true) {
            if (at >= end) {
                return ImageHeader.fault(scans == 0 ? HeaderFault.HEADER_CUT : HeaderFault.NO_JPEG_END);
            }
            if (u8(jpeg, at) != MARKER_PREFIX) {
                return ImageHeader.fault(HeaderFault.BAD_MARKER);
            }
            // Any number of 0xFF fill bytes may precede a marker code.
            while (at < end && u8(jpeg, at) == MARKER_PREFIX) {
                at++;
            }
            if (at >= end) {
                return ImageHeader.fault(scans == 0 ? HeaderFault.HEADER_CUT : HeaderFault.NO_JPEG_END);
            }
            int marker = u8(jpeg, at++);
            if (marker == TEM || (marker >= RST0 && marker <= RST7)) {
                continue;
            }
            if (marker == 0 || marker == SOI) {
                return ImageHeader.fault(HeaderFault.BAD_MARKER);
            }
            if (marker == EOI) {
                if (scans == 0) {
                    return ImageHeader.fault(HeaderFault.NO_SCAN);
                }
                return at == ImageHeader.contentEnd(jpeg) ? size : ImageHeader.fault(HeaderFault.NO_JPEG_END);
            }
            if (end - at < 2) {
                return ImageHeader.fault(scans == 0 ? HeaderFault.HEADER_CUT : HeaderFault.NO_JPEG_END);
            }
            int length = u16(jpeg, at);
            if (length < 2) {
                return ImageHeader.fault(HeaderFault.BAD_MARKER);
            }
            if (length > end - at) {
                return ImageHeader.fault(scans == 0 ? HeaderFault.HEADER_CUT : HeaderFault.NO_JPEG_END);
            }
            at += length;
            if (isFrameHeader(marker)) {
                // One frame per image: a second frame header is a hierarchical JPEG, which libjpeg cannot decode.
                if (!ImageHeader.isFault(size) || length < MIN_FRAME_HEADER_LENGTH) {
                    return ImageHeader.fault(HeaderFault.BAD_MARKER);
                }
                // A zero height means "defined later by a DNL marker", which OpenCV's libjpeg cannot decode.
                int height = u16(jpeg, at - length + FRAME_HEIGHT_AT);
                int width = u16(jpeg, at - length + FRAME_WIDTH_AT);
                if (width == 0 || height == 0) {
                    return ImageHeader.fault(HeaderFault.NO_SIZE);
                }
                size = ImageHeader.size(width, height);
            } else if (marker == SOS) {
                if (ImageHeader.isFault(size)) {
                    return size;
                }
                if (++scans > maxScans) {
                    return ImageHeader.fault(HeaderFault.TOO_MANY_SCANS);
                }
                at = entropyCodedDataEnd(jpeg, at, end);
            }
        }
    }

    /**
     * The index of the marker that ends the entropy-coded data starting at {@code at}, or {@code end} when none does
     * (the stream is cut). In entropy-coded data a 0xFF byte is followed by a stuffed 00 or a restart marker; any
     * other code after it is the next marker, so a stream cut inside the data never shows an EOI.
     */
    private static int entropyCodedDataEnd(ByteBuffer jpeg, int at, int end) {
        while (at < end - 1) {
            if (u8(jpeg, at) != MARKER_PREFIX) {
                at++;
                continue;
            }
            int next = u8(jpeg, at + 1);
            if (next != 0 && (next < RST0 || next > RST7)) {
                return at;
            }
            at += 2;
        }
        return end;
    }

    static boolean hasSignature(ByteBuffer bytes) {
        return bytes.remaining() >= 2 && u8(bytes, bytes.position()) == MARKER_PREFIX
                && u8(bytes, bytes.position() + 1) == SOI;
    }

    private static boolean isFrameHeader(int marker) {
        return marker >= SOF0 && marker <= SOF15 && marker != DHT && marker != JPG && marker != DAC;
    }
}
