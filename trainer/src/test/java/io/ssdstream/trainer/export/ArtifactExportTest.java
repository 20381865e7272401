package io.ssdstream.trainer.export;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.modality.cv.ImageFactory;
import io.ssdstream.ssd.detector.Detector;
import io.ssdstream.ssd.detector.DetectorOptions;
import io.ssdstream.ssd.detector.DeviceSpec;
import io.ssdstream.ssd.io.ModelArtifact;
import io.ssdstream.ssd.io.ModelMetadata;
import io.ssdstream.ssd.postprocess.DetectionThresholds;
import io.ssdstream.trainer.TrainingConfig;
import io.ssdstream.trainer.data.DatasetSpec;
import io.ssdstream.trainer.data.SyntheticScenes;
import io.ssdstream.trainer.train.Checkpoint;
import io.ssdstream.trainer.train.Trainer;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ArtifactExportTest {

    @TempDir
    Path dir;

    @Test
    void aCheckpointBecomesAnArtifactTheDetectorLoads() throws Exception {
        TrainingConfig config = TrainingConfig.builder(DatasetSpec.parse("synthetic:4:1")).widthMultiplier(0.0625)
                .batchSize(2).epochs(1).learningRate(0.001).seed(3).workers(1).device(DeviceSpec.CPU).build();
        new Trainer(config, dir.resolve("run"), new PrintWriter(Writer.nullWriter()), false).train();
        Checkpoint checkpoint = Checkpoint.open(dir.resolve("run"));
        DetectionThresholds thresholds = DetectionThresholds.DEFAULTS.withScoreThreshold(0.3);

        ModelArtifact artifact = ArtifactExport.write(checkpoint,
                new ArtifactExport.Options("lobby-cams", "2.1.0", thresholds), dir.resolve("model"));

        ModelMetadata metadata = ModelArtifact.open(artifact.directory()).metadata();
        assertThat(metadata.name()).isEqualTo("lobby-cams");
        assertThat(metadata.version()).isEqualTo("2.1.0");
        assertThat(metadata.classes()).isEqualTo(SyntheticScenes.classList().names());
        assertThat(metadata.thresholds()).isEqualTo(thresholds);
        assertThat(metadata.normalization()).isEqualTo(checkpoint.metadata().normalization());
        assertThat(metadata.architecture().widthMultiplier()).isEqualTo(0.0625);
        assertThat(metadata.provenance()).containsEntry("seed", "3").containsEntry("steps", "2")
                .containsEntry("trainData", "synthetic:4:1").containsKeys("recipe", "exportedAt", "checkpoint");
        assertThat(Files.list(artifact.directory()).map(p -> p.getFileName().toString()))
                .containsExactlyInAnyOrder(ModelArtifact.METADATA_FILE, ModelArtifact.WEIGHTS_FILE);
        try (Detector detector = Detector.load(artifact.directory(), DetectorOptions.DEFAULTS.withDevice(DeviceSpec.CPU))) {
            var image = ImageFactory.getInstance()
                    .fromImage(new SyntheticScenes(1, 9).load(0).image().toBufferedImage());
            assertThat(detector.detect(List.of(image))).hasSize(1);
        }
    }
}
