package io.ssdstream.job.decode;

import static io.ssdstream.job.decode.TestImages.bytes;
import static io.ssdstream.job.decode.TestImages.concat;

import java.io.ByteArrayOutputStream;

/**
 * Hand-assembled JPEGs that cost a decoder far more work than their size suggests, built marker by marker as the
 * JPEG standard (ITU T.81) lays them out, so libjpeg parses them as real images. These are the reproducers of the
 * decode-work findings: a tiny progressive stream declaring a huge frame, and thousands of empty scans.
 */
final class HostileJpegs {

    private static final int SOF2 = 0xC2;

    private HostileJpegs() {
    }

    /**
     * A one-component progressive JPEG of the given size whose only scan (DC, first pass) holds two bytes of data:
     * about 120 bytes declaring {@code width} x {@code height}. libjpeg allocates the whole coefficient buffer, reads
     * past the data as zeros, and inverse-transforms and colour-converts every block.
     */
    static byte[] progressiveWithoutData(int width, int height) {
        return concat(startOfImage(), quantisationTable(), frameHeader(SOF2, width, height), dcHuffmanTable(),
                dcFirstScan(), bytes(0x00, 0x00), endOfImage());
    }

    /**
     * The same frame followed by {@code emptyScans} DC refinement scans without data, ten bytes each. Each scan makes
     * libjpeg visit every block of the frame once more, so the cost grows with blocks times scans.
     */
    static byte[] manyEmptyScans(int width, int height, int emptyScans) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(concat(startOfImage(), quantisationTable(), frameHeader(SOF2, width, height),
                dcHuffmanTable(), dcFirstScan(), bytes(0x00, 0x00)));
        for (int i = 0; i < emptyScans; i++) {
            out.writeBytes(dcRefinementScan());
        }
        out.writeBytes(endOfImage());
        return out.toByteArray();
    }

    /**
     * The most decoding work a JPEG within the default limits can ask for, per pixel: a one-component progressive
     * frame whose DC scan codes every block (one bit each, which keeps it under the pixels-per-byte limit) followed by
     * AC refinement scans over coefficients 1..63, up to {@code scans} in all. Each refinement scan codes end-of-band
     * runs of 32767 blocks in 15 bits, yet makes libjpeg visit all 63 coefficients of every block.
     */
    static byte[] refinementScansOverEveryBlock(int width, int height, int scans) {
        int blocks = ((width + 7) / 8) * ((height + 7) / 8);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(concat(startOfImage(), quantisationTable(), frameHeader(SOF2, width, height),
                dcHuffmanTable(), acEndOfBandRunTable(), dcFirstScan()));
        // The DC table's only code is a single 0 bit, so eight blocks fill one zero byte.
        out.writeBytes(new byte[(blocks + 7) / 8]);
        for (int scan = 1; scan < scans; scan++) {
            out.writeBytes(bytes(0xFF, 0xDA, 0x00, 0x08, 0x01, 0x01, 0x00, 0x01, 0x3F, 0x10));
            out.writeBytes(endOfBandRuns(blocks));
        }
        out.writeBytes(endOfImage());
        return out.toByteArray();
    }

    private static byte[] startOfImage() {
        return bytes(0xFF, 0xD8);
    }

    private static byte[] endOfImage() {
        return bytes(0xFF, 0xD9);
    }

    /** DQT: table 0, 8-bit precision, every coefficient quantised by 1. */
    private static byte[] quantisationTable() {
        byte[] segment = new byte[2 + 2 + 1 + 64];
        segment[0] = (byte) 0xFF;
        segment[1] = (byte) 0xDB;
        segment[3] = 67;
        java.util.Arrays.fill(segment, 5, segment.length, (byte) 1);
        return segment;
    }

    /** SOFn for one 8-bit component (id 1, no subsampling, quantisation table 0). */
    private static byte[] frameHeader(int marker, int width, int height) {
        return bytes(0xFF, marker, 0x00, 0x0B, 0x08, height >> 8, height, width >> 8, width, 0x01, 0x01, 0x11, 0x00);
    }

    /** DHT: DC table 0 with one 1-bit code, for difference category 0 (no change). */
    private static byte[] dcHuffmanTable() {
        byte[] segment = new byte[2 + 2 + 1 + 16 + 1];
        segment[0] = (byte) 0xFF;
        segment[1] = (byte) 0xC4;
        segment[3] = 20;
        segment[4] = 0x00;
        segment[5] = 1;
        segment[21] = 0;
        return segment;
    }

    /** DHT: AC table 0 with one 1-bit code, for EOB14: an end-of-band run of 2^14 plus the next 14 bits. */
    private static byte[] acEndOfBandRunTable() {
        byte[] segment = new byte[2 + 2 + 1 + 16 + 1];
        segment[0] = (byte) 0xFF;
        segment[1] = (byte) 0xC4;
        segment[3] = 20;
        segment[4] = 0x10;
        segment[5] = 1;
        segment[21] = (byte) 0xE0;
        return segment;
    }

    /** Entropy-coded data of EOB14 codes covering {@code blocks} blocks, bytes 0xFF stuffed with 00 as T.81 asks. */
    private static byte[] endOfBandRuns(int blocks) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        long bits = 0;
        int count = 0;
        for (int left = blocks; left > 0; ) {
            int run = Math.min(left, 32767);
            left -= run;
            // code 0, then the run less 2^14 in 14 bits; runs below 2^14 overshoot the last block, which is harmless
            bits = bits << 15 | Math.max(0, run - 16384);
            count += 15;
            while (count >= 8) {
                count -= 8;
                writeStuffed(out, (int) (bits >>> count) & 0xFF);
            }
        }
        if (count > 0) {
            writeStuffed(out, (int) ((bits << (8 - count)) | ((1 << (8 - count)) - 1)) & 0xFF);
        }
        return out.toByteArray();
    }

    private static void writeStuffed(ByteArrayOutputStream out, int value) {
        out.write(value);
        if (value == 0xFF) {
            out.write(0);
        }
    }

    /** SOS: component 1 with tables 0/0, spectral selection 0..0, successive approximation 0/0. */
    private static byte[] dcFirstScan() {
        return bytes(0xFF, 0xDA, 0x00, 0x08, 0x01, 0x01, 0x00, 0x00, 0x00, 0x00);
    }

    /** SOS of a DC refinement pass (Ah 1, Al 0), which reads one bit per block and needs no Huffman table. */
    private static byte[] dcRefinementScan() {
        return bytes(0xFF, 0xDA, 0x00, 0x08, 0x01, 0x01, 0x00, 0x00, 0x00, 0x10);
    }
}
