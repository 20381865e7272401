package io.ssdstream.trainer.probe;

import io.ssdstream.trainer.TrainingConfig;
import io.ssdstream.trainer.data.DatasetSpec;
import io.ssdstream.trainer.train.*;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class LearnProbeTest {
    @Test
    void probe() throws Exception {
        int n = Integer.getInteger("probe.images", 400);
        TrainingConfig config = TrainingConfig.builder(DatasetSpec.parse("synthetic:" + n + ":1" + System.getProperty("probe.style", "")))
                .validationData(DatasetSpec.parse("synthetic:" + Integer.getInteger("probe.val", 100) + ":" + Integer.getInteger("probe.valSeed", 2) + System.getProperty("probe.style", "")))
                .widthMultiplier(Double.parseDouble(System.getProperty("probe.width", "0.125")))
                .batchSize(Integer.getInteger("probe.batch", 8))
                .epochs(Integer.getInteger("probe.epochs", 5))
                .learningRate(Double.parseDouble(System.getProperty("probe.lr", "0.01")))
                .milestones(List.of())
                .warmupIterations(Integer.getInteger("probe.warmup", 50))
                .gradientClipNorm(Double.parseDouble(System.getProperty("probe.clip", "0")))
                .augmentation(TrainingConfig.AugmentationPolicy.valueOf(System.getProperty("probe.aug", "SSD")))
                .evaluateEvery(Integer.getInteger("probe.evalEvery", 1))
                .workers(Integer.getInteger("probe.workers", 2)).seed(7).checkpointEvery(100000).device("cpu").build();
        long t0 = System.nanoTime();
        TrainingResult r = new Trainer(config, Path.of(System.getProperty("probe.out", "/tmp/probe-run")), new java.io.PrintWriter(System.out, true), false).run(Optional.empty(), Long.getLong("probe.stop", Long.MAX_VALUE));
        System.out.println("RESULT " + r.validation().map(v -> v.toJson().toString()).orElse("none") + " seconds " + (System.nanoTime() - t0) / 1e9);
    }
}
