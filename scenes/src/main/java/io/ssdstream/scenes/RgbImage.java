package io.ssdstream.scenes;

import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;

/**
 * An 8-bit RGB image held on the Java heap, pixels interleaved row by row ({@code r, g, b, r, g, b, ...}), the
 * layout of a PIL "RGB" image, which is what torchvision's SSD augmentations operate on.
 *
 * <p>The pixel array is shared, not copied: transforms build new images rather than change one in place, so a
 * {@code RgbImage} handed out is never written again.
 */
public final class RgbImage {

    private final int width;
    private final int height;
    private final byte[] pixels;

    public RgbImage(int width, int height, byte[] pixels) {
        if (width <= 0 || height <= 0) {
            throw new IllegalArgumentException("image size must be positive, got " + width + "x" + height);
        }
        if (pixels.length != 3 * width * height) {
            throw new IllegalArgumentException("a " + width + "x" + height + " RGB image needs " + 3 * width * height
                    + " bytes, got " + pixels.length);
        }
        this.width = width;
        this.height = height;
        this.pixels = pixels;
    }

    /** An image of one colour. */
    public static RgbImage filled(int width, int height, int red, int green, int blue) {
        byte[] pixels = new byte[3 * width * height];
        for (int i = 0; i < pixels.length; i += 3) {
            pixels[i] = (byte) red;
            pixels[i + 1] = (byte) green;
            pixels[i + 2] = (byte) blue;
        }
        return new RgbImage(width, height, pixels);
    }

    /** The RGB content of a decoded image of any type (alpha is dropped, grey is expanded). */
    public static RgbImage of(BufferedImage image) {
        BufferedImage rgb = image;
        if (image.getType() != BufferedImage.TYPE_3BYTE_BGR) {
            rgb = new BufferedImage(image.getWidth(), image.getHeight(), BufferedImage.TYPE_3BYTE_BGR);
            rgb.createGraphics().drawImage(image, 0, 0, null);
        }
        byte[] bgr = ((DataBufferByte) rgb.getRaster().getDataBuffer()).getData();
        byte[] pixels = new byte[bgr.length];
        for (int i = 0; i < bgr.length; i += 3) {
            pixels[i] = bgr[i + 2];
            pixels[i + 1] = bgr[i + 1];
            pixels[i + 2] = bgr[i];
        }
        return new RgbImage(image.getWidth(), image.getHeight(), pixels);
    }

    /** A {@link BufferedImage} copy, for encoding and for DJL's image factory. */
    public BufferedImage toBufferedImage() {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_3BYTE_BGR);
        byte[] bgr = ((DataBufferByte) image.getRaster().getDataBuffer()).getData();
        for (int i = 0; i < pixels.length; i += 3) {
            bgr[i] = pixels[i + 2];
            bgr[i + 1] = pixels[i + 1];
            bgr[i + 2] = pixels[i];
        }
        return image;
    }

    public int width() {
        return width;
    }

    public int height() {
        return height;
    }

    /** The interleaved RGB bytes; shared, never to be written. */
    public byte[] pixels() {
        return pixels;
    }

    /** Channel {@code c} (0 red, 1 green, 2 blue) of pixel (x, y), 0-255. */
    public int channel(int x, int y, int c) {
        return pixels[3 * (y * width + x) + c] & 0xff;
    }
}
