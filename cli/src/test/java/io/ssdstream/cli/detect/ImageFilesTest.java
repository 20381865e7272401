package io.ssdstream.cli.detect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ImageFilesTest {

    @TempDir
    Path dir;

    @Test
    void aPngDeclaringTooManyPixelsIsRefusedFromItsHeaderInOneLine() throws IOException {
        Path big = Files.write(dir.resolve("big.png"), CraftedPng.declaring(20000, 20000));

        long start = System.nanoTime();
        IOException refused = catchThrowableOfType(IOException.class,
                () -> ImageFiles.read(big, ImageFiles.DEFAULT_MAX_PIXELS));
        Duration took = Duration.ofNanos(System.nanoTime() - start);

        assertThat(refused.getMessage()).isEqualTo(big + ": 20000x20000 = 400,000,000 pixels is above the limit of"
                + " 40,000,000 pixels (--max-pixels)");
        assertThat(took).isLessThan(Duration.ofSeconds(1));
    }

    @Test
    void anImageWithinTheLimitIsReadAndOneJustAboveItIsNot() throws IOException {
        Path small = dir.resolve("small.png");
        ImageIO.write(new BufferedImage(30, 20, BufferedImage.TYPE_INT_RGB), "png", small.toFile());

        assertThat(ImageFiles.size(small, 600)).containsExactly(30, 20);
        assertThat(ImageFiles.read(small, 600).getWidth()).isEqualTo(30);
        assertThat(catchThrowableOfType(IOException.class, () -> ImageFiles.read(small, 599)).getMessage())
                .isEqualTo(small + ": 30x20 = 600 pixels is above the limit of 599 pixels (--max-pixels)");
    }

    @Test
    void missingUnknownAndCorruptFilesAreOneLineNamingTheFile() throws IOException {
        Path missing = dir.resolve("missing.jpg");
        Path text = Files.writeString(dir.resolve("notes.jpg"), "not an image");
        byte[] png = CraftedPng.declaring(64, 64);
        Path cut = Files.write(dir.resolve("cut.png"), java.util.Arrays.copyOf(png, 40));

        assertThat(message(missing)).isEqualTo(missing + ": no such file");
        assertThat(message(text)).isEqualTo(text + ": not a readable image (JPEG, PNG, BMP or GIF)");
        assertThat(message(cut)).startsWith(cut + ": not a readable PNG image: ").doesNotContain("\n");
    }

    private static String message(Path path) {
        return catchThrowableOfType(IOException.class, () -> ImageFiles.read(path, ImageFiles.DEFAULT_MAX_PIXELS))
                .getMessage();
    }
}
