package io.ssdstream.job.detect;

import static org.assertj.core.api.Assertions.assertThat;

import io.ssdstream.job.testing.TestModel;
import io.ssdstream.ssd.detector.Detector;
import io.ssdstream.ssd.detector.DetectorOptions;
import io.ssdstream.ssd.detector.DeviceSpec;
import io.ssdstream.ssd.preprocess.RgbFrame;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The per-device batcher on a real (tiny) model: how batches form across submitters, order, and shutdown. */
class DeviceBatcherTest {

    private static final Duration NEVER = Duration.ofHours(1);

    @TempDir
    static Path model;
    private static Detector detector;

    @BeforeAll
    static void loadModel() throws Exception {
        TestModel.write(model);
        detector = Detector.load(model, DetectorOptions.DEFAULTS.withDevice(DeviceSpec.CPU));
    }

    @AfterAll
    static void closeModel() {
        detector.close();
    }

    private static RgbFrame image(int width, int height) {
        return new RgbFrame(width, height, new byte[width * height * 3]);
    }

    private static CompletableFuture<DeviceBatcher.Outcome> submit(DeviceBatcher batcher) {
        return batcher.submit(image(32, 24), System.currentTimeMillis(), 0);
    }

    private static DeviceBatcher.Detected detected(CompletableFuture<DeviceBatcher.Outcome> outcome) throws Exception {
        return (DeviceBatcher.Detected) outcome.get(30, TimeUnit.SECONDS);
    }

    @Test
    void framesOfSeveralSubmittersShareOneBatchAndCompleteInSubmissionOrder() throws Exception {
        try (DeviceBatcher batcher = new DeviceBatcher(detector, 6, NEVER)) {
            List<Integer> completed = Collections.synchronizedList(new ArrayList<>());
            List<CompletableFuture<DeviceBatcher.Outcome>> outcomes = new ArrayList<>();
            for (int slot = 0; slot < 2; slot++) {
                Thread submitter = new Thread(() -> {
                    for (int i = 0; i < 3; i++) {
                        int index;
                        CompletableFuture<DeviceBatcher.Outcome> outcome;
                        synchronized (outcomes) {
                            index = outcomes.size();
                            outcome = submit(batcher);
                            outcomes.add(outcome);
                        }
                        outcome.thenRun(() -> completed.add(index));
                    }
                });
                submitter.start();
                submitter.join();
            }
            for (CompletableFuture<DeviceBatcher.Outcome> outcome : outcomes) {
                assertThat(detected(outcome).batchSize()).as("one batch across both submitters").isEqualTo(6);
            }
            assertThat(outcomes.stream().map(o -> o.join()).map(o -> ((DeviceBatcher.Detected) o).batch()).distinct())
                    .hasSize(1);
            assertThat(completed).containsExactly(0, 1, 2, 3, 4, 5);
        }
    }

    @Test
    void aFullBatchRunsAtOnceAndTheRestWaitsForTheNext() throws Exception {
        try (DeviceBatcher batcher = new DeviceBatcher(detector, 2, NEVER)) {
            var first = submit(batcher);
            var second = submit(batcher);
            var third = submit(batcher);
            assertThat(detected(first).batchSize()).isEqualTo(2);
            assertThat(detected(second).batch()).isEqualTo(detected(first).batch());
            Thread.sleep(200);
            assertThat(third).as("a lone frame waits for its batch to fill or its delay to pass").isNotDone();
            batcher.expedite();
            assertThat(detected(third).batchSize()).isEqualTo(1);
            assertThat(detected(third).batch()).isEqualTo(detected(first).batch() + 1);
        }
    }

    @Test
    void aPartialBatchRunsWhenItsOldestFrameHasWaitedTheMaxQueueDelay() throws Exception {
        try (DeviceBatcher batcher = new DeviceBatcher(detector, 8, Duration.ofMillis(150))) {
            long start = System.nanoTime();
            var only = submit(batcher);
            DeviceBatcher.Detected result = detected(only);
            assertThat(result.batchSize()).isEqualTo(1);
            assertThat(result.queuedMicros()).isGreaterThanOrEqualTo(150_000);
            assertThat(System.nanoTime() - start).isGreaterThanOrEqualTo(150_000_000L);
        }
    }

    @Test
    void framesOlderThanTheirMaxAgeAreShedNotDetected() throws Exception {
        try (DeviceBatcher batcher = new DeviceBatcher(detector, 2, NEVER)) {
            var old = batcher.submit(image(32, 24), System.currentTimeMillis() - 6_000, 5_000);
            var fresh = batcher.submit(image(32, 24), System.currentTimeMillis(), 5_000);
            assertThat(old.get(30, TimeUnit.SECONDS)).isInstanceOfSatisfying(DeviceBatcher.Stale.class,
                    stale -> assertThat(stale.ageMillis()).isGreaterThanOrEqualTo(6_000));
            assertThat(detected(fresh).batchSize()).as("the shed frame is not run").isEqualTo(1);
        }
    }

    @Test
    void aWithdrawnFrameIsLeftOutOfItsBatch() throws Exception {
        try (DeviceBatcher batcher = new DeviceBatcher(detector, 2, NEVER)) {
            var withdrawn = submit(batcher);
            withdrawn.cancel(false);
            var first = submit(batcher);
            var second = submit(batcher);
            assertThat(detected(first).batchSize()).isEqualTo(2);
            assertThat(detected(second).batch()).isEqualTo(detected(first).batch());
        }
    }

    @Test
    void closingCancelsQueuedFramesAndLaterSubmissions() throws Exception {
        DeviceBatcher batcher = new DeviceBatcher(detector, 8, NEVER);
        List<CompletableFuture<DeviceBatcher.Outcome>> queued = List.of(submit(batcher), submit(batcher), submit(batcher));
        batcher.close();
        assertThat(queued).allSatisfy(outcome -> assertThat(outcome).isCancelled());
        assertThat(submit(batcher)).isCancelled();
    }

    @Test
    void closingDuringAForwardPassLetsItFinishAndTheModelClosesAfterIt() throws Exception {
        DetectorSettings settings = TestModel.onCpu(model);
        for (int attempt = 0; attempt < 5; attempt++) {
            SharedDetectors.Lease lease = SharedDetectors.acquire(settings);
            DeviceBatcher batcher = lease.batcher(4, NEVER);
            List<CompletableFuture<DeviceBatcher.Outcome>> outcomes = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                outcomes.add(batcher.submit(image(1280, 960), System.currentTimeMillis(), 0));
            }
            Thread.sleep(attempt * 5L);
            lease.close();
            assertThat(SharedDetectors.loadedCount()).isZero();
            for (CompletableFuture<DeviceBatcher.Outcome> outcome : outcomes) {
                assertThat(outcome).as("closing returns after the pass it let finish").isDone();
                assertThat(outcome.isCompletedExceptionally() && !outcome.isCancelled())
                        .as("a pass running at close must not fail: the model waits for it").isFalse();
            }
        }
    }
}
