package io.ssdstream.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The trainer's commands end to end on a tiny synthetic run: train, resume, evaluate, export, then load the model. */
class TrainEvaluateExportTest {

    @TempDir
    Path dir;

    @Test
    void trainsResumesEvaluatesAndExportsALoadableModel() throws Exception {
        String run = dir.resolve("run").toString();
        CliRun first = CliRun.of("train", "--train", "synthetic:4:1", "--val", "synthetic:2:2", "--width", "0.0625",
                "--batch-size", "2", "--epochs", "2", "--lr", "0.001", "--clip-grad-norm", "10", "--augmentation", "hflip",
                "--device", "cpu",
                "--workers", "1", "--stop-after", "2", "--out", run);
        assertThat(first.exitCode()).as(first.err()).isZero();
        assertThat(Json.mapper().readTree(first.out()).get("steps").asInt()).isEqualTo(2);

        CliRun refused = CliRun.of("train", "--resume", run, "--epochs", "5", "--out", run);
        assertThat(refused.exitCode()).isEqualTo(1);
        assertThat(refused.err().strip()).startsWith("ssd-stream train: --resume continues the stored run unchanged;"
                + " drop --epochs");

        CliRun resumed = CliRun.of("train", "--resume", run, "--out", run);
        assertThat(resumed.exitCode()).as(resumed.err()).isZero();
        JsonNode summary = Json.mapper().readTree(resumed.out());
        assertThat(summary.get("steps").asInt()).isEqualTo(4);
        assertThat(summary.get("validation").get("images").asInt()).isEqualTo(2);
        assertThat(Files.exists(dir.resolve("run/training.csv"))).isTrue();
        assertThat(Files.exists(dir.resolve("run/curves.png"))).isTrue();

        CliRun evaluated = CliRun.of("evaluate", "--model", run, "--data", "synthetic:3:5", "--device", "cpu");
        assertThat(evaluated.exitCode()).as(evaluated.err()).isZero();
        JsonNode report = Json.mapper().readTree(evaluated.out());
        assertThat(report.get("images").asInt()).isEqualTo(3);
        assertThat(report.get("voc").has("mAP")).isTrue();
        assertThat(report.get("coco").has("AP75")).isTrue();
        assertThat(report.get("perClass").has("triangle")).isTrue();

        String model = dir.resolve("model").toString();
        CliRun exported = CliRun.of("export", "--checkpoint", run, "--out", model, "--name", "shapes",
                "--score-threshold", "0.2");
        assertThat(exported.exitCode()).as(exported.err()).isZero();
        assertThat(Json.mapper().readTree(exported.out()).get("steps").asInt()).isEqualTo(4);

        CliRun info = CliRun.of("model", "info", "--model", model);
        assertThat(info.exitCode()).as(info.err()).isZero();
        JsonNode described = Json.mapper().readTree(info.out());
        assertThat(described.get("name").asText()).isEqualTo("shapes");
        assertThat(described.get("classNames").get(3).asText()).isEqualTo("triangle");
    }

    @Test
    void aMissingTrainingSetIsOneClearLine() {
        CliRun run = CliRun.of("train", "--out", dir.toString());
        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err().strip()).isEqualTo("ssd-stream train: --train is required (or --resume a run)");
    }

    @Test
    void aMalformedDatasetSpecIsOneClearLine() {
        CliRun run = CliRun.of("evaluate", "--model", dir.toString(), "--data", "imagenet:/x");
        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err().strip()).startsWith("ssd-stream evaluate: ");
    }
}
