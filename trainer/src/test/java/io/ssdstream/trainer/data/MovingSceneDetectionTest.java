package io.ssdstream.trainer.data;

import static org.assertj.core.api.Assertions.assertThat;

import io.ssdstream.scenes.MovingScene;
import io.ssdstream.scenes.Sample;
import io.ssdstream.scenes.SceneStyle;
import io.ssdstream.ssd.detector.Detector;
import io.ssdstream.ssd.detector.DetectorOptions;
import io.ssdstream.ssd.detector.DeviceSpec;
import io.ssdstream.trainer.eval.DatasetEvaluation;
import io.ssdstream.trainer.eval.EvaluationReport;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class MovingSceneDetectionTest {

    private static final Path DEMO_MODEL = Path.of("..", "models", "demo");

    /** The local demo films these scenes with the shipped model: it must find what moves in them. */
    @Test
    void theDemoModelDetectsTheMovingObjects() throws Exception {
        DetectionDataset frames = new DetectionDataset() {
            @Override
            public String description() {
                return "moving scenes";
            }

            @Override
            public ClassList classes() {
                return SyntheticScenes.classList();
            }

            @Override
            public int size() {
                return 40;
            }

            @Override
            public Sample load(int index) {
                return new MovingScene("cam-" + index % 4, 384, 288, 3, SceneStyle.SIMPLE, index % 4)
                        .frame(index * 0.77);
            }
        };
        try (Detector detector = Detector.load(DEMO_MODEL, DetectorOptions.DEFAULTS.withDevice(DeviceSpec.CPU))) {
            EvaluationReport report = DatasetEvaluation.run(detector, frames, 8, 2);
            assertThat(report.map50()).isGreaterThan(0.7);
        }
    }
}
