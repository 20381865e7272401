package io.ssdstream.trainer.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.withinPercentage;

import io.ssdstream.ssd.detector.DeviceSpec;
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
 * momentum and per-step losses as the run that was never interrupted. The data pipeline is a pure function of
 * (seed, step), the learning rate of the step, and the momentum is restored from the checkpoint, so the two runs
 * do the same arithmetic, and agree bit for bit; the weights and momentum may still differ by
 * {@link #SHARE_OF_THE_CHANGE} of how far steps 4 to 6 moved them, a rounding, while any resume mistake (a learning
 * rate, random stream or momentum off) moves them by a large part of that. One thing outside the trainer breaks the
 * arithmetic now and then: libtorch 2.5.1's CPU backward. On an AMD EPYC under heavy load (2026-12-02) about one step
 * in a hundred gave gradients below conv4_3 that differed between runs in one process on identical batches, weights
 * and losses (batches equal by hash; every parameter above conv4_3 had the same gradient); see docs/trainer.md.
 * So a pair of runs is tried up to {@link #ATTEMPTS} times and one agreeing pair passes: a resume mistake makes
 * every pair disagree, while the stray backward, hitting one run in twenty at worst, spoils three pairs in a row
 * about once in a thousand builds (with a single pair it failed a CI run on 2026-12-02).
 */
class CheckpointResumeTest {

    private static final PrintWriter QUIET = new PrintWriter(Writer.nullWriter());
    static final double SHARE_OF_THE_CHANGE = 1e-3;
    static final int ATTEMPTS = 3;

    @TempDir
    Path dir;

    /**
     * One loader worker: batches do not depend on the number (BatchLoaderTest), but with two, more threads compete
     * with libtorch's, and the rare differing backward passes above showed up in 2 of 4 resumes of this test
     * (20% of the change over steps 4-6, as a different set of hard negatives follows from a different gradient).
     */
    private static TrainingConfig config() {
        return TrainingConfig.builder(DatasetSpec.parse("synthetic:6:4")).widthMultiplier(0.0625).batchSize(2)
                .epochs(2).learningRate(0.01).warmupIterations(2).milestones(List.of(1)).gradientClipNorm(10)
                .seed(21).workers(1).checkpointEvery(100).keepCheckpoints(2).evaluateEvery(0).device(DeviceSpec.CPU).build();
    }

    @Test
    void aResumedRunEqualsAnUninterruptedOneBitForBit() throws Exception {
        AssertionError disagreements = new AssertionError(ATTEMPTS + " pairs of runs disagreed");
        for (int attempt = 1; attempt <= ATTEMPTS; attempt++) {
            try {
                resumeAndCompare(dir.resolve("attempt-" + attempt));
                return;
            } catch (AssertionError disagreement) {
                disagreements.addSuppressed(disagreement);
            }
        }
        throw disagreements;
    }

    private static void resumeAndCompare(Path attempt) throws Exception {
        Path straight = attempt.resolve("straight");
        Path interrupted = attempt.resolve("interrupted");

        TrainingResult full = new Trainer(config(), straight, QUIET, false).train();
        TrainingResult half = new Trainer(config(), interrupted, QUIET, false).run(Optional.empty(), 3);
        Checkpoint midway = Checkpoint.open(interrupted);
        StateDict weightsAtStep3 = midway.weights();
        StateDict momentumAtStep3 = midway.optimizerState();
        TrainingResult resumed = new Trainer(midway.config(), interrupted, QUIET, false).run(Optional.of(midway),
                Long.MAX_VALUE);

        assertThat(full.steps()).isEqualTo(6);
        assertThat(half.steps()).isEqualTo(3);
        assertThat(midway.step()).isEqualTo(3);
        assertThat(resumed.steps()).isEqualTo(6);
        Checkpoint a = Checkpoint.open(straight);
        Checkpoint b = Checkpoint.open(interrupted);
        assertThat(b.step()).isEqualTo(6);
        assertSameTensors(a.weights(), b.weights(), weightsAtStep3);
        assertSameTensors(a.optimizerState(), b.optimizerState(), momentumAtStep3);
        assertThat(lossColumns(interrupted)).hasSize(6);
        assertThat(lossColumns(interrupted).subList(0, 3)).isEqualTo(lossColumns(straight).subList(0, 3));
        for (int row = 3; row < 6; row++) {
            String[] resumedRow = lossColumns(interrupted).get(row).split(",");
            String[] straightRow = lossColumns(straight).get(row).split(",");
            // step, epoch and learning rate exactly; the losses and gradient norm to a rounding
            assertThat(List.of(resumedRow).subList(0, 3)).isEqualTo(List.of(straightRow).subList(0, 3));
            for (int column = 3; column < straightRow.length; column++) {
                double expected = Double.parseDouble(straightRow[column]);
                assertThat(Double.parseDouble(resumedRow[column])).as("row %d column %d", row + 1, column)
                        .isCloseTo(expected, withinPercentage(0.01));
            }
        }
        assertThat(Files.exists(interrupted.resolve(CurvePlot.FILE))).isTrue();
    }

    /** Each tensor of {@code actual} equals {@code expected}'s within a share of how far it moved since step 3. */
    private static void assertSameTensors(StateDict expected, StateDict actual, StateDict atStep3) {
        assertThat(actual.tensors().keySet()).containsExactlyElementsOf(expected.tensors().keySet());
        for (String key : expected.tensors().keySet()) {
            float[] e = expected.get(key).values();
            float[] a = actual.get(key).values();
            float[] before = atStep3.get(key).values();
            double moved = 0;
            double apart = 0;
            for (int i = 0; i < e.length; i++) {
                moved = Math.max(moved, Math.abs(e[i] - before[i]));
                apart = Math.max(apart, Math.abs(e[i] - a[i]));
            }
            assertThat(apart).as(key + ": apart, against %s moved by steps 4 to 6", moved)
                    .isLessThanOrEqualTo(SHARE_OF_THE_CHANGE * moved);
        }
    }

    /** step, epoch, learning rate, loss terms and gradient norm of every row: everything but the wall time. */
    private static List<String> lossColumns(Path run) throws Exception {
        return Files.readAllLines(run.resolve(TrainingLog.FILE), StandardCharsets.UTF_8).stream().skip(1)
                .map(line -> String.join(",", List.of(line.split(",", -1)).subList(0, 7)))
                .toList();
    }
}
