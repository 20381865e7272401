package io.ssdstream.cli;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import com.fasterxml.jackson.databind.JsonNode;
import io.ssdstream.ssd.io.ModelArtifact;
import io.ssdstream.ssd.io.SafetensorsWriter;
import io.ssdstream.ssd.io.WeightBinding;
import io.ssdstream.ssd.model.SsdArchitecture;
import io.ssdstream.ssd.model.SsdNetwork;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A checkpoint imported with {@code model import}, then used by {@code detect} on real JPEG and PNG files. */
class ImportAndDetectTest {

    @TempDir
    Path dir;

    private Path checkpoint() throws Exception {
        try (NDManager manager = NDManager.newBaseManager()) {
            SsdNetwork network = new SsdNetwork(SsdArchitecture.ssd300(3).withWidth(0.0625));
            network.initialize(manager, DataType.FLOAT32, network.inputShape(1));
            Path file = dir.resolve("lobby.safetensors");
            SafetensorsWriter.write(file, WeightBinding.snapshot(network, "test"), Map.of());
            return file;
        }
    }

    private Path image(String name, String format, int width, int height) throws Exception {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setColor(new Color(40, 60, 80));
        g.fillRect(0, 0, width, height);
        g.setColor(new Color(220, 200, 30));
        g.fillOval(width / 4, height / 4, width / 3, height / 2);
        g.dispose();
        Path file = dir.resolve(name);
        ImageIO.write(image, format, file.toFile());
        return file;
    }

    @Test
    void importsACheckpointAndDetectsOnImageFiles() throws Exception {
        Path labels = Files.writeString(dir.resolve("labels.txt"), "__background__\nperson\nbag\n");
        Path model = dir.resolve("model");
        CliRun imported = CliRun.of("model", "import", "--from", checkpoint().toString(), "--out", model.toString(),
                "--labels", labels.toString(), "--name", "lobby");
        assertThat(imported.exitCode()).as(imported.err()).isZero();
        assertThat(ModelArtifact.open(model).metadata().classes()).containsExactly("__background__", "person", "bag");
        assertThat(ModelArtifact.open(model).metadata().provenance()).containsEntry("source", "lobby.safetensors")
                .containsKey("sourceSha256");

        Path jpeg = image("door.jpg", "jpg", 640, 480);
        Path png = image("hall.png", "png", 200, 320);
        Path broken = Files.write(dir.resolve("broken.jpg"), new byte[] {(byte) 0xFF, (byte) 0xD8, 1, 2, 3});
        Path annotated = dir.resolve("annotated");
        CliRun run = CliRun.of("detect", "--model", model.toString(), "--device", "cpu", "--batch-size", "2",
                "--score-threshold", "0.2", "--annotate", annotated.toString(),
                jpeg.toString(), broken.toString(), png.toString());

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err()).contains("broken.jpg");
        List<String> lines = run.out().lines().toList();
        assertThat(lines).hasSize(2);
        JsonNode door = Json.mapper().readTree(lines.get(0));
        assertThat(door.get("image").asText()).endsWith("door.jpg");
        assertThat(door.get("width").asInt()).isEqualTo(640);
        assertThat(door.get("detections")).isNotEmpty();
        for (JsonNode d : door.get("detections")) {
            assertThat(d.get("score").asDouble()).isGreaterThan(0.2);
            assertThat(d.get("label").asText()).isIn("person", "bag");
            assertThat(d.get("xMax").asDouble()).isLessThanOrEqualTo(640.001);
            assertThat(d.get("yMax").asDouble()).isLessThanOrEqualTo(480.001);
        }
        assertThat(Json.mapper().readTree(lines.get(1)).get("image").asText()).endsWith("hall.png");

        BufferedImage drawn = ImageIO.read(annotated.resolve("door.detections.png").toFile());
        BufferedImage original = ImageIO.read(jpeg.toFile());
        JsonNode first = door.get("detections").get(0);
        int x = (int) Math.round(first.get("xMin").asDouble());
        int y = (int) Math.round((first.get("yMin").asDouble() + first.get("yMax").asDouble()) / 2);
        x = Math.min(x, drawn.getWidth() - 1);
        assertThat(drawn.getRGB(x, y)).as("the box's left edge is drawn").isNotEqualTo(original.getRGB(x, y));
        assertThat(annotated.resolve("hall.detections.png")).exists();
    }

    @Test
    void aMissingModelIsOneClearLine() {
        CliRun run = CliRun.of("detect", "--model", dir.resolve("nowhere").toString(), "x.jpg");
        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err()).contains("nowhere").contains("model artifact directory not found");
    }
}
