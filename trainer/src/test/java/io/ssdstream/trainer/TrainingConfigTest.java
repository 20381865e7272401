package io.ssdstream.trainer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ssdstream.ssd.detector.DeviceSpec;
import io.ssdstream.trainer.data.DatasetSpec;
import java.util.List;
import org.junit.jupiter.api.Test;

class TrainingConfigTest {

    private static final DatasetSpec DATA = DatasetSpec.parse("synthetic:100:1");

    @Test
    void defaultsAreTorchvisionsRecipeWithTheLearningRateScaledToTheBatch() {
        TrainingConfig config = TrainingConfig.builder(DATA).build();

        assertThat(config.architecture()).isEqualTo("ssd300");
        assertThat(config.batchSize()).isEqualTo(8);
        assertThat(config.learningRate()).isEqualTo(0.002 * 8 / 32);
        assertThat(config.momentum()).isEqualTo(0.9);
        assertThat(config.weightDecay()).isEqualTo(5e-4);
        assertThat(config.epochs()).isEqualTo(120);
        assertThat(config.milestones()).containsExactly(80, 110);
        assertThat(config.gamma()).isEqualTo(0.1);
        assertThat(config.warmupFactor()).isEqualTo(0.001);
        assertThat(config.warmupFor(50)).isEqualTo(49);
        assertThat(config.warmupFor(5000)).isEqualTo(1000);
        assertThat(config.gradientClipNorm()).isZero();
        assertThat(config.trainableBackboneLayers()).isEqualTo(5);
        assertThat(config.augmentation()).isEqualTo(TrainingConfig.AugmentationPolicy.SSD);
    }

    @Test
    void pretrainedRunsFreezeTheFirstStageByDefault() {
        assertThat(TrainingConfig.builder(DATA).initFrom("models/coco").build().trainableBackboneLayers()).isEqualTo(4);
    }

    @Test
    void rejectsInvalidSettingsWithTheReason() {
        assertThatThrownBy(() -> TrainingConfig.builder(DATA).trainableBackboneLayers(3).build())
                .hasMessageContaining("needs pretrained weights");
        assertThatThrownBy(() -> TrainingConfig.builder(DATA).widthMultiplier(0).build())
                .hasMessageContaining("width multiplier");
        assertThatThrownBy(() -> TrainingConfig.builder(DATA).milestones(List.of(10, 5)).build())
                .hasMessageContaining("increasing");
        assertThatThrownBy(() -> TrainingConfig.builder(DATA).batchSize(0).build())
                .hasMessageContaining("batch size");
        assertThatThrownBy(() -> TrainingConfig.builder(DATA).momentum(1).build()).hasMessageContaining("momentum");
        assertThatThrownBy(() -> TrainingConfig.builder(DATA).architecture("yolo").build())
                .hasMessageContaining("ssd300 or ssd512");
    }

    @Test
    void survivesAJsonRoundTrip() {
        TrainingConfig config = TrainingConfig.builder(DATA).validationData(DatasetSpec.parse("synthetic:10:2"))
                .widthMultiplier(0.125).batchSize(4).epochs(3).learningRate(0.01).milestones(List.of(2))
                .warmupIterations(7).gradientClipNorm(10).augmentation(TrainingConfig.AugmentationPolicy.HFLIP)
                .seed(99).checkpointEvery(5).keepCheckpoints(2).evaluateEvery(1).device(DeviceSpec.CPU).workers(3).build();

        assertThat(TrainingConfig.fromJson(config.toJson())).isEqualTo(config);
        TrainingConfig minimal = TrainingConfig.builder(DATA).build();
        assertThat(minimal.toJson().has("validationData")).isFalse();
        assertThat(TrainingConfig.fromJson(minimal.toJson())).isEqualTo(minimal);
    }

    /** Checkpoints written before the configuration was bound with Jackson must still resume. */
    @Test
    void readsTheConfigurationOfAnEarlierCheckpoint() throws Exception {
        String stored = """
                {"trainData":"synthetic:100:1","architecture":"ssd300","widthMultiplier":0.125,"batchSize":4,
                 "epochs":3,"learningRate":0.01,"momentum":0.9,"weightDecay":5.0E-4,"milestones":[2],"gamma":0.1,
                 "warmupFactor":0.001,"gradientClipNorm":10.0,"trainableBackboneLayers":5,"augmentation":"HFLIP",
                 "device":"gpu","workers":3,"seed":99,"checkpointEvery":5,"keepCheckpoints":2,"evaluateEvery":1}
                """;
        TrainingConfig config = TrainingConfig.fromJson(new ObjectMapper().readTree(stored));
        assertThat(config.trainData()).isEqualTo(DATA);
        assertThat(config.validationData()).isEmpty();
        assertThat(config.warmupIterations()).isEmpty();
        assertThat(config.device()).isEqualTo(DeviceSpec.gpu(0));
        assertThat(config.augmentation()).isEqualTo(TrainingConfig.AugmentationPolicy.HFLIP);
    }

    @Test
    void aStoredConfigurationWithABadValueIsRefusedWithTheReason() throws Exception {
        ObjectNode stored = TrainingConfig.builder(DATA).build().toJson();
        assertThatThrownBy(() -> TrainingConfig.fromJson(stored.deepCopy().put("device", "tpu")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("device 'tpu'");
        assertThatThrownBy(() -> TrainingConfig.fromJson(stored.deepCopy().put("momentum", 1.5)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("momentum must be in [0, 1)");
        assertThatThrownBy(() -> TrainingConfig.fromJson(stored.deepCopy().put("learningRat", 0.1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("learningRat");
    }
}
