package io.ssdstream.producer.publish;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageOutputStream;

/** Encodes pictures as baseline JPEG at a fixed quality. One per feed: the underlying writer is not thread-safe. */
public final class JpegEncoder implements AutoCloseable {

    private final ImageWriter writer;
    private final ImageWriteParam parameters;

    /** @param quality the JPEG quality factor, in (0, 1]; 0.85 keeps small objects intact at a fifth of PNG's size */
    public JpegEncoder(float quality) {
        if (!(quality > 0 && quality <= 1)) {
            throw new IllegalArgumentException("JPEG quality must be in (0, 1], got " + quality);
        }
        writer = ImageIO.getImageWritersByFormatName("jpeg").next();
        parameters = writer.getDefaultWriteParam();
        parameters.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
        parameters.setCompressionQuality(quality);
    }

    public byte[] encode(BufferedImage image) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(image.getWidth() * image.getHeight() / 4);
        try (ImageOutputStream out = ImageIO.createImageOutputStream(bytes)) {
            writer.setOutput(out);
            writer.write(null, new IIOImage(withoutAlpha(image), null, null), parameters);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot encode a " + image.getWidth() + "x" + image.getHeight()
                    + " picture as JPEG", e);
        }
        return bytes.toByteArray();
    }

    /** JPEG has no alpha channel; ImageIO's writer refuses pictures that have one. */
    private static BufferedImage withoutAlpha(BufferedImage image) {
        if (!image.getColorModel().hasAlpha()) {
            return image;
        }
        BufferedImage opaque = new BufferedImage(image.getWidth(), image.getHeight(), BufferedImage.TYPE_3BYTE_BGR);
        opaque.createGraphics().drawImage(image, 0, 0, null);
        return opaque;
    }

    @Override
    public void close() {
        writer.dispose();
    }
}
