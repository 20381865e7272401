package io.ssdstream.trainer.data;

import io.ssdstream.scenes.RgbImage;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;

/** Decodes image files (JPEG, PNG, BMP, GIF) with {@code javax.imageio}. */
final class ImageFiles {

    private ImageFiles() {}

    static RgbImage read(Path file) throws UnreadableImageException {
        if (!Files.isRegularFile(file)) {
            throw new UnreadableImageException(file, "no such file");
        }
        BufferedImage decoded;
        try {
            decoded = ImageIO.read(file.toFile());
        } catch (IOException | RuntimeException e) {
            // ImageIO reports truncated or corrupt data as IOException, some broken headers as runtime exceptions
            throw new UnreadableImageException(file, "cannot decode: " + e.getMessage());
        }
        if (decoded == null) {
            throw new UnreadableImageException(file, "not a JPEG, PNG, BMP or GIF image");
        }
        return RgbImage.of(decoded);
    }
}
