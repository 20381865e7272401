package io.ssdstream.trainer.data;

import io.ssdstream.scenes.Annotation;
import io.ssdstream.scenes.RgbImage;
import io.ssdstream.scenes.Sample;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;

/**
 * What an annotation format opens into: image files on disk, each with the objects its annotations name, read and
 * validated up front. Pixels are decoded on {@link #load} with {@code javax.imageio} (JPEG, PNG, BMP, GIF).
 */
final class ImageFileDataset implements DetectionDataset {

    /** One image: the dataset's name for it, its file and its labelled objects. */
    record Entry(String id, Path image, List<Annotation> objects) {}

    private final String description;
    private final ClassList classes;
    private final List<Entry> entries;

    ImageFileDataset(String description, ClassList classes, List<Entry> entries) {
        this.description = description;
        this.classes = classes;
        this.entries = List.copyOf(entries);
    }

    @Override
    public String description() {
        return description;
    }

    @Override
    public ClassList classes() {
        return classes;
    }

    @Override
    public int size() {
        return entries.size();
    }

    @Override
    public Sample load(int index) throws UnreadableImageException {
        Entry entry = entries.get(index);
        return new Sample(entry.id(), read(entry.image()), entry.objects());
    }

    private static RgbImage read(Path file) throws UnreadableImageException {
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
