package io.ssdstream.producer.source;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The images of one directory (JPEG, PNG, BMP; not its subdirectories) in file-name order, one per request:
 * {@link Timing#ON_DEMAND}, media times are the read times since opening, and there is no camera time.
 *
 * <p>The directory is listed once, on opening. A file that cannot be read is skipped, reported once and left out
 * of later loops, so one bad file never stops a feed.
 */
public final class ImageDirectorySource implements FrameSource {

    private static final Logger LOG = LoggerFactory.getLogger(ImageDirectorySource.class);
    private static final Set<String> EXTENSIONS = Set.of("jpg", "jpeg", "png", "bmp");

    private final Path directory;
    private final boolean loop;
    private final List<Path> images;
    private final ElapsedMicros readTime = new ElapsedMicros();
    private int position;
    private int skippedFiles;

    private ImageDirectorySource(Path directory, boolean loop, List<Path> images) {
        this.directory = directory;
        this.loop = loop;
        this.images = images;
    }

    /**
     * @param loop start again with the first image after the last
     * @throws NoSuchFileException if the directory does not exist
     * @throws NotDirectoryException if it is a file
     * @throws IOException if it holds no image file, or cannot be listed
     */
    public static ImageDirectorySource open(Path directory, boolean loop) throws IOException {
        if (!Files.exists(directory)) {
            throw new NoSuchFileException(directory.toString(), null, "no such image directory");
        }
        if (!Files.isDirectory(directory)) {
            throw new NotDirectoryException(directory.toString());
        }
        List<Path> images;
        try (Stream<Path> files = Files.list(directory)) {
            images = files.filter(ImageDirectorySource::isImage).sorted()
                    .collect(Collectors.toCollection(ArrayList::new));
        }
        if (images.isEmpty()) {
            throw new IOException("image directory " + directory + " holds no images (" + String.join(", ",
                    EXTENSIONS.stream().sorted().toList()) + ")");
        }
        LOG.info("Opened image directory {}: {} images{}", directory, images.size(), loop ? ", looping" : "");
        return new ImageDirectorySource(directory, loop, images);
    }

    /**
     * @throws IOException when no image of the directory is readable: a feed would otherwise loop without pictures
     */
    @Override
    public SourceFrame next() throws IOException {
        while (!images.isEmpty()) {
            if (position == images.size()) {
                if (!loop) {
                    return null;
                }
                position = 0;
            }
            Path file = images.get(position);
            BufferedImage image = read(file);
            if (image != null) {
                position++;
                return new SourceFrame(image, readTime.next(), null);
            }
            images.remove(position);
            skippedFiles++;
        }
        throw new IOException("image directory " + directory + ": none of its " + skippedFiles
                + " images is readable");
    }

    /** How many files were skipped because they could not be read as images. */
    public int skippedFiles() {
        return skippedFiles;
    }

    @Override
    public Timing timing() {
        return Timing.ON_DEMAND;
    }

    @Override
    public String describe() {
        return directory.toString();
    }

    @Override
    public void close() {
        // nothing stays open between reads
    }

    private static BufferedImage read(Path file) {
        try {
            BufferedImage image = ImageIO.read(file.toFile());
            if (image == null) {
                LOG.warn("Skipping {}: not a readable image", file);
            }
            return image;
        } catch (IOException | RuntimeException e) {
            LOG.warn("Skipping {}: {}", file, e.getMessage());
            return null;
        }
    }

    private static boolean isImage(Path file) {
        String name = file.getFileName().toString();
        int dot = name.lastIndexOf('.');
        return dot >= 0 && EXTENSIONS.contains(name.substring(dot + 1).toLowerCase(Locale.ROOT))
                && Files.isRegularFile(file);
    }
}
