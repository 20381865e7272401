package io.ssdstream.ssd.preprocess;

/**
 * A decoded frame as packed 8-bit RGB, row-major, three bytes per pixel ({@code height * width * 3} bytes): the
 * cheapest hand-over from a video decoder to the detector. The pixel array is shared, not copied.
 *
 * @param width pixels per row
 * @param height rows
 * @param rgb the pixels, R G B for each pixel
 */
public record RgbFrame(int width, int height, byte[] rgb) {

    public RgbFrame {
        if (width <= 0 || height <= 0) {
            throw new IllegalArgumentException("image size must be positive, got " + width + "x" + height);
        }
        if (rgb.length != (long) width * height * 3) {
            throw new IllegalArgumentException("a " + width + "x" + height + " RGB image needs "
                    + (long) width * height * 3 + " bytes, got " + rgb.length);
        }
    }
}
