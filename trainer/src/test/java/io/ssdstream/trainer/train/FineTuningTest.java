package io.ssdstream.trainer.train;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import io.ssdstream.ssd.detector.DeviceSpec;
import io.ssdstream.ssd.io.ModelArtifact;
import io.ssdstream.ssd.io.ModelMetadata;
import io.ssdstream.ssd.io.StateDict;
import io.ssdstream.ssd.io.WeightBinding;
import io.ssdstream.ssd.model.SsdArchitecture;
import io.ssdstream.ssd.model.SsdNetwork;
import io.ssdstream.ssd.postprocess.DetectionThresholds;
import io.ssdstream.trainer.TrainingConfig;
import io.ssdstream.trainer.data.DatasetSpec;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code --init} with a different class list and {@code --trainable-backbone-layers 3}, torchvision's recipe. */
class FineTuningTest {

    @TempDir
    Path dir;

    @Test
    void startsFromAnotherModelKeepsItsFrozenStagesAndRelearnsTheClassHead() throws Exception {
        Path pretrained = dir.resolve("pretrained");
        StateDict initial = pretrainedThreeClassModel(pretrained);
        TrainingConfig config = TrainingConfig.builder(DatasetSpec.parse("synthetic:4:1")).initFrom(pretrained.toString())
                .trainableBackboneLayers(3).widthMultiplier(0.0625).batchSize(2).epochs(1).learningRate(0.01)
                .gradientClipNorm(10).workers(1).device(DeviceSpec.CPU).build();

        new Trainer(config, dir.resolve("run"), new PrintWriter(Writer.nullWriter()), false).train();

        Checkpoint checkpoint = Checkpoint.open(dir.resolve("run"));
        StateDict tuned = checkpoint.weights();
        // stages 1 and 2 (conv1_x, conv2_x: VGG layers 0, 2, 5, 7) are frozen; conv3_1 on trains
        for (String frozen : List.of("backbone.features.0.weight", "backbone.features.7.bias")) {
            assertThat(tuned.get(frozen)).as(frozen).isEqualTo(initial.get(frozen));
        }
        assertThat(tuned.get("backbone.features.10.weight")).isNotEqualTo(initial.get("backbone.features.10.weight"));
        // the 5-class head cannot take the 3-class weights: it starts fresh and trains
        assertThat(tuned.get("head.classification_head.module_list.0.weight").shape()[0]).isEqualTo(4 * 5);
        assertThat(checkpoint.metadata().normalization()).isEqualTo(ModelArtifact.open(pretrained).metadata()
                .normalization());
        assertThat(checkpoint.metadata().provenance()).containsEntry(Trainer.INITIALISED_FROM,
                "pretrained 1 (trained on bus and car frames, initialised from torchvision ssd300_vgg16 COCO)");
    }

    private static StateDict pretrainedThreeClassModel(Path directory) throws Exception {
        SsdArchitecture architecture = SsdArchitecture.ssd300(3).withWidth(0.0625);
        try (NDManager manager = NDManager.newBaseManager()) {
            SsdNetwork network = new SsdNetwork(architecture);
            network.initialize(manager, DataType.FLOAT32, network.inputShape(1));
            StateDict weights = WeightBinding.snapshot(network, "pretrained");
            ModelArtifact.write(directory, new ModelMetadata("pretrained", "1", architecture,
                    List.of("__background__", "car", "bus"), Trainer.FROM_SCRATCH_NORMALIZATION,
                    DetectionThresholds.DEFAULTS, Map.of("trainData", "bus and car frames",
                            Trainer.INITIALISED_FROM, "torchvision ssd300_vgg16 COCO")), weights);
            return weights;
        }
    }
}
