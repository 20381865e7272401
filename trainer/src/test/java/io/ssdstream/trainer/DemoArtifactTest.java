package io.ssdstream.trainer;

import static org.assertj.core.api.Assertions.assertThat;

import io.ssdstream.ssd.detector.Detector;
import io.ssdstream.ssd.detector.DetectorOptions;
import io.ssdstream.ssd.detector.DeviceSpec;
import io.ssdstream.ssd.io.ModelArtifact;
import io.ssdstream.ssd.io.ModelMetadata;
import io.ssdstream.trainer.data.DatasetSpec;
import io.ssdstream.trainer.data.SyntheticScenes;
import io.ssdstream.trainer.eval.DatasetEvaluation;
import io.ssdstream.trainer.eval.EvaluationReport;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The demo model in {@code models/demo}, which the stream job's tests and the local demo load, is the artifact
 * {@code docs/trainer.md} describes and still detects what it was trained to: simple synthetic scenes it never saw.
 */
class DemoArtifactTest {

    static final Path DEMO = Path.of("..", "models", "demo");
    /** docs/trainer.md records 0.982 on synthetic:300:3:simple; its first 50 scenes must stay above this. */
    static final double FLOOR = 0.8;

    @Test
    void isASmallTrainedArtifactThatDetectsHeldOutScenes() throws Exception {
        ModelMetadata metadata = ModelArtifact.open(DEMO).metadata();
        assertThat(metadata.classes()).isEqualTo(SyntheticScenes.classList().names());
        assertThat(metadata.architecture().widthMultiplier()).isEqualTo(0.125);
        assertThat(metadata.provenance()).containsEntry("trainedBy", "ssd-stream trainer")
                .containsEntry("trainData", "synthetic:800:1:simple+crossing:1600:1000")
                .containsEntry("initialisedFrom", "ssd300-demo-shapes 1.0.0 (trained on synthetic:10000:1:simple)");
        assertThat(Files.size(DEMO.resolve(ModelArtifact.WEIGHTS_FILE))).isLessThan(3_000_000);

        try (Detector detector = Detector.load(DEMO, DetectorOptions.DEFAULTS.withDevice(DeviceSpec.CPU))) {
            EvaluationReport report = DatasetEvaluation.run(detector,
                    DatasetSpec.parse("synthetic:50:3:simple").open(Optional.empty()), 8, 2);
            assertThat(report.map50()).isGreaterThan(FLOOR);
        }
    }
}
