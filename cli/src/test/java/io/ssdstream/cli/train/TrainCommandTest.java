package io.ssdstream.cli.train;

import static org.assertj.core.api.Assertions.assertThat;

import io.ssdstream.ssd.detector.DeviceSpec;
import io.ssdstream.trainer.TrainingConfig;
import io.ssdstream.trainer.data.DatasetSpec;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class TrainCommandTest {

    private static TrainingConfig parse(String... args) {
        TrainCommand command = new TrainCommand();
        new CommandLine(command).parseArgs(args);
        return command.fresh();
    }

    @Test
    void optionsLeftOutAreTrainingConfigsDefaults() {
        TrainingConfig parsed = parse("--train", "synthetic:20:3", "--out", "run", "--workers", "2");
        assertThat(parsed).isEqualTo(TrainingConfig.builder(DatasetSpec.parse("synthetic:20:3")).workers(2).build());
    }

    @Test
    void givenValuesReplaceTheDefaultsRatherThanAddToThem() {
        TrainingConfig parsed = parse("--train", "synthetic:20:3", "--out", "run", "--milestones", "5,9",
                "--device", "CPU", "--augmentation", "HFLIP", "--batch-size", "16");
        assertThat(parsed.milestones()).containsExactly(5, 9);
        assertThat(parsed.device()).isEqualTo(DeviceSpec.CPU);
        assertThat(parsed.augmentation()).isEqualTo(TrainingConfig.AugmentationPolicy.HFLIP);
        // the learning rate left out still follows the batch size, as the builder scales it
        assertThat(parsed.learningRate()).isEqualTo(TrainingConfig.builder(DatasetSpec.parse("synthetic:20:3"))
                .batchSize(16).build().learningRate());
    }
}
