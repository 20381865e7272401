package io.ssdstream.trainer.train;

import static org.assertj.core.api.Assertions.assertThat;

import io.ssdstream.ssd.detector.DeviceSpec;
import io.ssdstream.ssd.io.HostTensor;
import io.ssdstream.ssd.io.StateDict;
import io.ssdstream.trainer.TrainingConfig;
import io.ssdstream.trainer.data.DatasetSpec;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Exact resume: a run stopped after 3 of 6 steps and resumed from its checkpoint ends with the same weights,
 * momentum and per-step losses, bit for bit, as the run that was never interrupted. Bit-exact is the right bar on
 * a CPU with a fixed thread count: the data pipeline is a pure function of (seed, step), the learning rate of the
 * step, the momentum is restored from the checkpoint, and libtorch's CPU kernels are deterministic. (On a GPU,
 * non-deterministic cuDNN kernels would make this a within-tolerance comparison.)
 */
class CheckpointResumeTest {

    private static final PrintWriter QUIET = new PrintWriter(Writer.nullWriter());

    @TempDir
    Path dir;

    private static TrainingConfig config() {
        return TrainingConfig.builder(DatasetSpec.parse("synthetic:6:4")).widthMultiplier(0.0625).batchSize(2)
                .epochs(2).learningRate(0.01).warmupIterations(2).milestones(List.of(1)).gradientClipNorm(10)
                .seed(21).workers(2).checkpointEvery(100).keepCheckpoints(2).evaluateEvery(0).device(DeviceSpec.CPU).build();
    }

    @Test
    void aResumedRunEqualsAnUninterruptedOneBitForBit() throws Exception {
        Path straight = dir.resolve("straight");
        Path interrupted = dir.resolve("interrupted");

        TrainingResult full = new Trainer(config(), straight, QUIET, false).train();
        TrainingResult half = new Trainer(config(), interrupted, QUIET, false).run(Optional.empty(), 3);
        Checkpoint midway = Checkpoint.open(interrupted);
        TrainingResult resumed = new Trainer(midway.config(), interrupted, QUIET, false).run(Optional.of(midway),
                Long.MAX_VALUE);

        assertThat(full.steps()).isEqualTo(6);
        assertThat(half.steps()).isEqualTo(3);
        assertThat(midway.step()).isEqualTo(3);
        assertThat(resumed.steps()).isEqualTo(6);
        Checkpoint a = Checkpoint.open(straight);
        Checkpoint b = Checkpoint.open(interrupted);
        assertThat(b.step()).isEqualTo(6);
        assertSameTensors(a.weights(), b.weights());
        assertSameTensors(a.optimizerState(), b.optimizerState());
        assertThat(lossColumns(interrupted)).isEqualTo(lossColumns(straight)).hasSize(6);
        assertThat(Files.exists(interrupted.resolve(CurvePlot.FILE))).isTrue();
    }

    private static void assertSameTensors(StateDict expected, StateDict actual) {
        assertThat(actual.tensors().keySet()).containsExactlyElementsOf(expected.tensors().keySet());
        for (String key : expected.tensors().keySet()) {
            HostTensor e = expected.get(key);
            HostTensor a = actual.get(key);
            assertThat(a).as(key).isEqualTo(e);
        }
    }

    /** step, epoch, learning rate, loss terms and gradient norm of every row: everything but the wall time. */
    private static List<String> lossColumns(Path run) throws Exception {
        return Files.readAllLines(run.resolve(TrainingLog.FILE), StandardCharsets.UTF_8).stream().skip(1)
                .map(line -> String.join(",", List.of(line.split(",", -1)).subList(0, 7)))
                .toList();
    }
}
