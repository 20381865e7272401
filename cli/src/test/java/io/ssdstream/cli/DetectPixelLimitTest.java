package io.ssdstream.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.ssdstream.cli.detect.CraftedPng;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code detect} refuses an image whose header declares too many pixels, in one line and before loading the model. */
class DetectPixelLimitTest {

    @TempDir
    static Path dir;

    private static Path model;
    private static Path big;

    @BeforeAll
    static void tinyModelAndABomb() throws Exception {
        model = dir.resolve("model");
        CliRun init = CliRun.of("model", "init", "--classes", "3", "--width", "0.0625", "--out", model.toString());
        assertThat(init.exitCode()).as(init.err()).isZero();
        big = Files.write(dir.resolve("big.png"),
                CraftedPng.declaring(20000, 20000));
    }

    @Test
    void aHugeDeclaredPngIsOneLineNamingFileSizeAndLimitWithinASecond() {
        long start = System.nanoTime();
        CliRun run = CliRun.of("detect", "--model", model.toString(), "--device", "cpu", big.toString());
        Duration took = Duration.ofNanos(System.nanoTime() - start);

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err()).isEqualTo("ssd-stream detect: " + big + ": 20000x20000 = 400,000,000 pixels is above"
                + " the limit of 40,000,000 pixels (--max-pixels)" + System.lineSeparator());
        assertThat(run.out()).isEmpty();
        assertThat(took).isLessThan(Duration.ofSeconds(1));
    }

    @Test
    void theOtherImagesStillRunAndTheLimitCanBeChanged() throws Exception {
        Path small = dir.resolve("small.png");
        ImageIO.write(new BufferedImage(64, 48, BufferedImage.TYPE_INT_RGB), "png", small.toFile());

        CliRun run = CliRun.of("detect", "--model", model.toString(), "--device", "cpu", "--max-pixels", "4000",
                small.toString(), big.toString());

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err()).contains(big + ": 20000x20000").contains("the limit of 4,000 pixels");
        assertThat(run.out()).contains("\"image\":\"" + small + "\"");
        CliRun tooSmall = CliRun.of("detect", "--model", model.toString(), "--max-pixels", "3000", small.toString());
        assertThat(tooSmall.err()).contains("64x48 = 3,072 pixels is above the limit of 3,000 pixels");
        CliRun invalid = CliRun.of("detect", "--model", model.toString(), "--max-pixels", "0", small.toString());
        assertThat(invalid.exitCode()).isNotZero();
        assertThat(invalid.err()).contains("--max-pixels must be in 1..");
    }
}
