package io.ssdstream.job.decode;

import java.io.Serializable;

/**
 * The decode limits: how large a frame, and how much decoding work, the job agrees to take on. All guard the
 * TaskManager: the pixel limit stops decompression bombs (a few kilobytes of JPEG or PNG declaring gigapixels), the
 * byte limit stops oversized messages before any parsing, and the two JPEG limits bound the time one frame can hold a
 * task thread (see docs/job.md, "Decode limits", for the worst case they allow).
 *
 * @param maxPixels largest width * height accepted, whether declared by the frame or by the image header
 * @param maxEncodedBytes largest image byte array accepted, in any encoding
 * @param maxJpegScans most scans (SOS markers) a JPEG may hold: a decoder passes over every block once per scan
 * @param maxJpegPixelsPerByte most pixels a JPEG may declare per byte of its encoding; a Huffman-coded JPEG spends at
 *     least one bit on every 8x8 block of each component, so a real one stays below 512
 */
public record DecodeLimits(long maxPixels, int maxEncodedBytes, int maxJpegScans, int maxJpegPixelsPerByte)
        implements Serializable {

    /** Largest pixel count whose packed RGB bytes still fit in one Java array. */
    public static final long MAX_PIXELS_PER_ARRAY = (Integer.MAX_VALUE - 8) / 3;

    /** libjpeg's own progressive script writes 10 scans; a few times that leaves room for any real encoder. */
    public static final int DEFAULT_MAX_JPEG_SCANS = 64;

    /** Twice what Huffman coding can reach (512), so only frames that cannot be real ones are refused. */
    public static final int DEFAULT_MAX_JPEG_PIXELS_PER_BYTE = 1024;

    /** 8192 x 8192 pixels and 32 MiB: above any camera's frame, far below what would hurt a TaskManager. */
    public static final DecodeLimits DEFAULTS = new DecodeLimits(8192L * 8192, 32 * 1024 * 1024);

    public DecodeLimits {
        if (maxPixels <= 0 || maxPixels > MAX_PIXELS_PER_ARRAY) {
            throw new IllegalArgumentException("maxPixels must be in 1.." + MAX_PIXELS_PER_ARRAY
                    + " so that a decoded frame fits in one byte array, got " + maxPixels);
        }
        if (maxEncodedBytes <= 0) {
            throw new IllegalArgumentException("maxEncodedBytes must be positive, got " + maxEncodedBytes);
        }
        if (maxJpegScans <= 0) {
            throw new IllegalArgumentException("maxJpegScans must be positive, got " + maxJpegScans);
        }
        if (maxJpegPixelsPerByte <= 0) {
            throw new IllegalArgumentException("maxJpegPixelsPerByte must be positive, got " + maxJpegPixelsPerByte);
        }
    }

    /** The given pixel and byte limits with the default JPEG work limits. */
    public DecodeLimits(long maxPixels, int maxEncodedBytes) {
        this(maxPixels, maxEncodedBytes, DEFAULT_MAX_JPEG_SCANS, DEFAULT_MAX_JPEG_PIXELS_PER_BYTE);
    }
}
