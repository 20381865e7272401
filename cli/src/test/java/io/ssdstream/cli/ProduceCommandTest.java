package io.ssdstream.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ssdstream.kafka.local.LocalKafka;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code produce} publishing to a real broker, read back with {@code tail}: the two commands a user pairs. */
class ProduceCommandTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static LocalKafka kafka;

    @TempDir
    Path dir;

    @BeforeAll
    static void startKafka() throws Exception {
        kafka = LocalKafka.start();
        kafka.createTopic("synthetic-frames", 1);
        kafka.createTopic("lobby-frames", 1);
    }

    @AfterAll
    static void stopKafka() throws Exception {
        kafka.close();
    }

    @Test
    void publishesSyntheticFramesThatTailReadsBack() {
        CliRun produce = CliRun.of("produce", "synthetic:5", "--bootstrap-servers", kafka.bootstrapServers(),
                "--topic", "synthetic-frames", "--camera-id", "yard", "--fps", "25", "--max-frames", "6",
                "--first-sequence", "0", "--synthetic-size", "320x240", "--metadata", "site=north");
        assertThat(produce.exitCode()).as(produce.err()).isZero();
        assertThat(produce.out()).contains("camera yard: 6 pictures read, 0 skipped, 6 published, 6 acknowledged,"
                + " 0 failed");

        List<JsonNode> frames = tail("synthetic-frames", 6);
        for (int i = 0; i < frames.size(); i++) {
            JsonNode frame = frames.get(i);
            assertThat(frame.get("type").asText()).isEqualTo("VideoFrame");
            assertThat(frame.get("cameraId").asText()).isEqualTo("yard");
            assertThat(frame.get("frameSequence").asLong()).isEqualTo(i);
            assertThat(frame.get("encoding").asText()).isEqualTo("JPEG");
            assertThat(frame.get("width").asInt()).isEqualTo(320);
            assertThat(frame.at("/metadata/site").asText()).isEqualTo("north");
        }
    }

    @Test
    void publishesADirectoryOfImagesInNameOrderSkippingACorruptOne() throws Exception {
        picture(dir.resolve("001.png"), Color.RED);
        Files.writeString(dir.resolve("002.jpg"), "not a picture");
        picture(dir.resolve("003.png"), Color.BLUE);

        CliRun produce = CliRun.of("produce", dir.toString(), "--bootstrap-servers", kafka.bootstrapServers(),
                "--topic", "lobby-frames", "--camera-id", "lobby", "--fps", "0", "--first-sequence", "10");
        assertThat(produce.exitCode()).as(produce.err()).isZero();
        assertThat(produce.out()).contains("camera lobby: 2 pictures read, 0 skipped, 2 published, 2 acknowledged");
        assertThat(tail("lobby-frames", 2)).extracting(f -> f.get("frameSequence").asLong()).containsExactly(10L, 11L);
    }

    @Test
    void aMissingVideoFileFailsNamingIt() {
        CliRun produce = CliRun.of("produce", dir.resolve("lobby.mp4").toString(), "--bootstrap-servers",
                kafka.bootstrapServers());
        assertThat(produce.exitCode()).isEqualTo(1);
        assertThat(produce.err()).startsWith("ssd-stream produce: ").contains("lobby.mp4");
    }

    @Test
    void badSettingsFailNamingTheOption() {
        CliRun produce = CliRun.of("produce", "synthetic", "--bootstrap-servers", kafka.bootstrapServers(),
                "--jpeg-quality", "1.5");
        assertThat(produce.exitCode()).isEqualTo(1);
        assertThat(produce.err()).contains("--jpeg-quality must be in (0, 1], got 1.5");
    }

    private static List<JsonNode> tail(String topic, int count) {
        CliRun tail = CliRun.of("tail", "--bootstrap-servers", kafka.bootstrapServers(), "--topic", topic,
                "--from-beginning", "--max-messages", String.valueOf(count), "--idle-timeout-ms", "20000");
        assertThat(tail.exitCode()).as(tail.err()).isZero();
        return tail.out().lines().map(line -> {
            try {
                return JSON.readTree(line);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }).toList();
    }

    private static void picture(Path file, Color colour) throws IOException {
        BufferedImage image = new BufferedImage(160, 120, BufferedImage.TYPE_3BYTE_BGR);
        Graphics2D g = image.createGraphics();
        g.setColor(colour);
        g.fillRect(0, 0, 160, 120);
        g.dispose();
        ImageIO.write(image, "png", file.toFile());
    }
}
