package io.ssdstream.trainer;

import static org.assertj.core.api.Assertions.assertThat;

import io.ssdstream.ssd.detector.DeviceSpec;
import io.ssdstream.trainer.data.DatasetSpec;
import io.ssdstream.trainer.eval.EvaluationReport;
import io.ssdstream.trainer.train.Trainer;
import io.ssdstream.trainer.train.TrainingResult;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Proof that the trainer learns: an SSD300 at width 0.125 (510,246 parameters), trained from scratch on the CPU for
 * 400 steps of 8 images on 800 simple synthetic scenes, detects the objects of 100 scenes it never saw (another
 * seed) with VOC mAP@0.5 above {@link #FLOOR}. Measured on the 2-core build machine: 0.357 (COCO AP 0.136) after
 * 162 s of training, and 0.004 at step 100; on an AMD EPYC with oneDNN held to its AVX kernels (the trainer's tests
 * run so, see the pom) and the machine shared with other builds, 0.262 (COCO AP 0.114) after 870 s. SSD's loss first sits on a plateau where the network predicts the class
 * prior everywhere (about steps 100 to 220 here) and then falls; the floor leaves room for a CPU whose
 * floating-point kernels make it leave the plateau a little later.
 */
class TrainerLearnsIT {

    static final double FLOOR = 0.15;

    @TempDir
    Path run;

    @Test
    void detectsHeldOutScenesAfterFourMinutesOfTrainingFromScratch() throws Exception {
        TrainingConfig config = TrainingConfig.builder(DatasetSpec.parse("synthetic:800:1:simple"))
                .validationData(DatasetSpec.parse("synthetic:100:2:simple"))
                .widthMultiplier(0.125).batchSize(8).epochs(4).milestones(List.of())
                .learningRate(0.01).warmupIterations(50).gradientClipNorm(10)
                .augmentation(TrainingConfig.AugmentationPolicy.NONE)
                .seed(7).workers(1).device(DeviceSpec.CPU).evaluateEvery(0).checkpointEvery(400)
                .build();

        long started = System.nanoTime();
        TrainingResult result = new Trainer(config, run, new PrintWriter(Writer.nullWriter()), false).train();
        EvaluationReport report = result.validation().orElseThrow();

        System.out.printf(Locale.ROOT, "TrainerLearnsIT: %d steps in %.0f s, held-out VOC mAP@0.5 %.3f, COCO AP %.3f%n",
                result.steps(), (System.nanoTime() - started) / 1e9, report.map50(), report.coco().ap());
        assertThat(result.steps()).isEqualTo(400);
        assertThat(report.images()).isEqualTo(100);
        assertThat(report.map50()).isGreaterThan(FLOOR);
    }
}
