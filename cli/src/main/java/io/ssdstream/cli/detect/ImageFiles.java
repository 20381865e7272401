package io.ssdstream.cli.detect;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.Locale;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;

/**
 * Reads the image files {@code detect} is given. The pixel size comes from the file's header first, and a file
 * declaring more pixels than the limit is refused before any pixel is decoded: a few kilobytes of PNG can declare
 * 20000x20000, which ImageIO would spend 17 s and 9.5 GB on (and past about 27000x27000 fail with "Invalid scanline
 * stride"). Every refusal is an {@link IOException} whose message is one line naming the file.
 */
final class ImageFiles {

    /** 40 megapixels: above any camera or phone photo, and a decode that fits a default heap. */
    static final long DEFAULT_MAX_PIXELS = 40_000_000L;

    private ImageFiles() {
    }

    /** The image's width and height as its header declares them, checked against {@code maxPixels}. */
    static int[] size(Path path, long maxPixels) throws IOException {
        return withReader(path, maxPixels, reader -> new int[] {reader.getWidth(0), reader.getHeight(0)});
    }

    /** The decoded image, once its header has passed {@link #size}'s check. */
    static BufferedImage read(Path path, long maxPixels) throws IOException {
        return withReader(path, maxPixels, reader -> reader.read(0));
    }

    private interface ReaderUse<T> {
        T apply(ImageReader reader) throws IOException;
    }

    private static <T> T withReader(Path path, long maxPixels, ReaderUse<T> use) throws IOException {
        if (!Files.isRegularFile(path)) {
            throw new Refused(path + ": no such file");
        }
        try (ImageInputStream in = ImageIO.createImageInputStream(path.toFile())) {
            Iterator<ImageReader> readers = in == null ? null : ImageIO.getImageReaders(in);
            if (readers == null || !readers.hasNext()) {
                throw new Refused(path + ": not a readable image (JPEG, PNG, BMP or GIF)");
            }
            ImageReader reader = readers.next();
            try {
                reader.setInput(in, true, true);
                long width = reader.getWidth(0);
                long height = reader.getHeight(0);
                if (width * height > maxPixels) {
                    throw new Refused(String.format(Locale.ROOT, "%s: %dx%d = %,d pixels is above the limit of %,d"
                            + " pixels (--max-pixels)", path, width, height, width * height, maxPixels));
                }
                return use.apply(reader);
            } finally {
                reader.dispose();
            }
        } catch (Refused e) {
            throw e;
        } catch (IOException e) {
            throw new IOException(path + ": not a readable " + formatOf(path) + ": " + e.getMessage(), e);
        } catch (RuntimeException e) {
            // ImageIO's codecs report some corrupt files as unchecked exceptions
            throw new IOException(path + ": not a readable " + formatOf(path) + ": " + e, e);
        }
    }

    /** A refusal whose message this class wrote, already naming the file. */
    private static final class Refused extends IOException {
        private static final long serialVersionUID = 1L;

        Refused(String message) {
            super(message);
        }
    }

    private static String formatOf(Path path) {
        String name = path.getFileName().toString();
        int dot = name.lastIndexOf('.');
        return dot < 0 ? "image" : name.substring(dot + 1).toUpperCase(Locale.ROOT) + " image";
    }
}
