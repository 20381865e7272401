package io.ssdstream.producer.source;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ssdstream.producer.source.FrameSource.Timing;
import java.awt.Color;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ImageDirectorySourceTest {

    private static final int TOLERANCE = 20;

    @TempDir
    Path dir;

    @Test
    void servesTheImagesInNameOrderWhateverTheirFormatAndCase() throws Exception {
        write("b.PNG", 1, "png");
        write("a.jpg", 0, "jpg");
        write("c.Bmp", 2, "bmp");
        write("d.jpeg", 3, "jpg");
        Files.writeString(dir.resolve("notes.txt"), "not an image, not even considered");
        Files.createDirectory(dir.resolve("e.png"));

        try (ImageDirectorySource source = ImageDirectorySource.open(dir, false)) {
            assertThat(source.timing()).isEqualTo(Timing.ON_DEMAND);
            assertThat(colours(source, 5)).containsExactly(0, 1, 2, 3, null);
            assertThat(source.skippedFiles()).isZero();
        }
    }

    @Test
    void loopStartsAgainWithIncreasingMediaTimes() throws Exception {
        write("1.png", 0, "png");
        write("2.png", 1, "png");
        try (ImageDirectorySource source = ImageDirectorySource.open(dir, true)) {
            long previous = -1;
            List<Integer> seen = new ArrayList<>();
            for (int i = 0; i < 5; i++) {
                SourceFrame frame = source.next();
                assertThat(frame.mediaTimeMicros()).isGreaterThan(previous);
                assertThat(frame.cameraTime()).isNull();
                previous = frame.mediaTimeMicros();
                seen.add(colourIndex(frame));
            }
            assertThat(seen).containsExactly(0, 1, 0, 1, 0);
        }
    }

    @Test
    void aCorruptFileIsSkippedAndCountedOnceAcrossLoops() throws Exception {
        write("1.png", 0, "png");
        Files.write(dir.resolve("2.jpg"), new byte[] {(byte) 0xFF, (byte) 0xD8, 1, 2, 3});
        Files.writeString(dir.resolve("3.png"), "a text file with an image name");
        write("4.png", 1, "png");
        try (ImageDirectorySource source = ImageDirectorySource.open(dir, true)) {
            assertThat(colours(source, 4)).containsExactly(0, 1, 0, 1);
            assertThat(source.skippedFiles()).isEqualTo(2);
        }
    }

    @Test
    void aDirectoryWithoutReadableImagesFailsInsteadOfSpinning() throws Exception {
        Files.writeString(dir.resolve("broken.png"), "not a png");
        try (ImageDirectorySource source = ImageDirectorySource.open(dir, true)) {
            assertThatThrownBy(source::next).isInstanceOf(IOException.class)
                    .hasMessageContaining(dir.toString()).hasMessageContaining("readable");
        }
    }

    @Test
    void aMissingOrEmptyDirectoryFailsOnOpen() throws Exception {
        Path missing = dir.resolve("missing");
        assertThatThrownBy(() -> ImageDirectorySource.open(missing, false))
                .isInstanceOf(NoSuchFileException.class).hasMessageContaining(missing.toString());
        Files.writeString(dir.resolve("readme.txt"), "no images here");
        assertThatThrownBy(() -> ImageDirectorySource.open(dir, false))
                .isInstanceOf(IOException.class).hasMessageContaining(dir.toString()).hasMessageContaining("no images");
    }

    private void write(String name, int colourIndex, String format) throws IOException {
        ImageIO.write(TestVideos.solid(TestVideos.colourOf(colourIndex * 21)), format, dir.resolve(name).toFile());
    }

    private static List<Integer> colours(ImageDirectorySource source, int frames) throws Exception {
        List<Integer> seen = new ArrayList<>();
        for (int i = 0; i < frames; i++) {
            SourceFrame frame = source.next();
            seen.add(frame == null ? null : colourIndex(frame));
        }
        return seen;
    }

    /** Which of the written colours the frame shows, or -1. */
    private static int colourIndex(SourceFrame frame) {
        Color centre = TestVideos.centreColour(frame.image());
        for (int i = 0; i < 4; i++) {
            if (TestVideos.distance(centre, TestVideos.colourOf(i * 21)) <= TOLERANCE) {
                return i;
            }
        }
        return -1;
    }
}
