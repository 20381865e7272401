package io.ssdstream.job.decode;

import io.ssdstream.schemas.FrameEncoding;
import java.nio.ByteBuffer;

/**
 * The {@code ImageHeader} probe: the real pixel size of a JPEG or PNG read from its header, whether the stream is
 * complete and, for a JPEG, whether its scans are within the limit, without decoding a pixel. A decompression bomb is
 * thus refused before anything is allocated for it.
 *
 * <p>Completeness rule (why: see {@link FrameDecoder}): a JPEG or PNG is complete when its last bytes are its end
 * marker, JPEG EOI {@code FF D9} or the PNG IEND chunk, optionally followed by zero bytes, the padding some capture
 * devices add.
 *
 * <p>A probe's outcome is a {@code long}: non-negative, it packs the width (high 32 bits) and the height (low 32
 * bits); negative, it names a {@link HeaderFault}. Packing keeps the per-frame path free of allocation.
 */
final class ImageHeader {

    private ImageHeader() {
    }

    /**
     * Probes {@code image} as {@code encoding}, which must be JPEG or PNG, reading from its position to its limit; a
     * JPEG of more than {@code maxJpegScans} scans is the fault {@link HeaderFault#TOO_MANY_SCANS}.
     */
    static long probe(FrameEncoding encoding, ByteBuffer image, int maxJpegScans) {
        return switch (encoding) {
            case JPEG -> JpegHeader.probe(image, maxJpegScans);
            case PNG -> PngHeader.probe(image);
            default -> throw new IllegalArgumentException(encoding + " images have no header to probe");
        };
    }

    static long size(int width, int height) {
        return (long) width << 32 | height;
    }

    static long fault(HeaderFault fault) {
        return -1L - fault.ordinal();
    }

    static boolean isFault(long probe) {
        return probe < 0;
    }

    static int width(long probe) {
        return (int) (probe >>> 32);
    }

    static int height(long probe) {
        return (int) probe;
    }

    static HeaderFault faultOf(long probe) {
        return HeaderFault.byOrdinal((int) (-1L - probe));
    }

    /** The index just past the image's content: its limit, less any trailing zero padding. */
    static int contentEnd(ByteBuffer image) {
        int end = image.limit();
        while (end > image.position() && image.get(end - 1) == 0) {
            end--;
        }
        return end;
    }

    /**
     * The encoding {@code image}'s first bytes suggest, for messages about mislabelled frames; {@code null} when they
     * look like neither JPEG nor PNG.
     */
    static FrameEncoding lookalike(ByteBuffer image) {
        if (JpegHeader.hasSignature(image)) {
            return FrameEncoding.JPEG;
        }
        if (PngHeader.hasSignature(image)) {
            return FrameEncoding.PNG;
        }
        return null;
    }
}
