package io.ssdstream.job.decode;

import java.io.Serializable;

/**
 * The decode limits: how large a frame the job agrees to decode. Both guard the TaskManager's memory: the pixel limit
 * stops decompression bombs (a few kilobytes of JPEG or PNG declaring gigapixels), the byte limit stops oversized
 * messages before any parsing.
 *
 * @param maxPixels largest width * height accepted, whether declared by the frame or by the image header
 * @param maxEncodedBytes largest image byte array accepted, in any encoding
 */
public record DecodeLimits(long maxPixels, int maxEncodedBytes) implements Serializable {

    /** Largest pixel count whose packed RGB bytes still fit in one Java array. */
    public static final long MAX_PIXELS_PER_ARRAY = (Integer.MAX_VALUE - 8) / 3;

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
    }
}
