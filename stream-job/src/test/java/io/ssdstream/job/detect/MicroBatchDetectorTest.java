package io.ssdstream.job.detect;

import static io.ssdstream.job.detect.DetectorOutputs.events;
import static io.ssdstream.job.detect.DetectorOutputs.harnessOf;
import static io.ssdstream.job.detect.DetectorOutputs.inOrder;
import static org.assertj.core.api.Assertions.assertThat;

import io.ssdstream.job.frame.DeadLetters;
import io.ssdstream.job.frame.DecodedFrame;
import io.ssdstream.job.testing.TestFrames;
import io.ssdstream.job.testing.TestModel;
import io.ssdstream.job.frame.ShedFrame;
import io.ssdstream.schemas.DetectionEvent;
import io.ssdstream.schemas.FrameRejected;
import io.ssdstream.schemas.RejectReason;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.OneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.BeforeAll;
import org.apache.flink.types.Either;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The micro-batcher's flush rules on Flink's own operator test harness, with a real (tiny) model. */
class MicroBatchDetectorTest {

    private static final long NOW = 1_700_000_000_000L;

    @TempDir
    static Path model;

    @BeforeAll
    static void writeModel() throws Exception {
        TestModel.write(model);
    }

    private static OneInputStreamOperatorTestHarness<DecodedFrame, Either<DetectionEvent, ShedFrame>> harness(
            int batchSize, Duration maxAge) throws Exception {
        DetectorSettings settings = TestModel.onCpu(model);
        MicroBatchDetector operator = new MicroBatchDetector(settings, batchSize, Duration.ofMillis(100), maxAge, true,
                new DeadLetters(16));
        OneInputStreamOperatorTestHarness<DecodedFrame, Either<DetectionEvent, ShedFrame>> harness =
                harnessOf(operator);
        harness.setProcessingTime(NOW);
        harness.open();
        return harness;
    }

    private static StreamRecord<DecodedFrame> frame(long sequence, long captured) {
        return TestFrames.decoded("cam", sequence, captured);
    }

    private static List<Long> sequences(
            OneInputStreamOperatorTestHarness<DecodedFrame, Either<DetectionEvent, ShedFrame>> harness) {
        return events(harness).stream().map(DetectionEvent::getFrameSequence).toList();
    }

    @Test
    void aFullBatchRunsAtOnceAndKeepsArrivalOrder() throws Exception {
        try (var harness = harness(3, Duration.ZERO)) {
            harness.processElement(frame(1, NOW));
            harness.processElement(frame(2, NOW));
            assertThat(events(harness)).isEmpty();
            harness.processElement(frame(3, NOW));
            assertThat(sequences(harness)).containsExactly(1L, 2L, 3L);
            DetectionEvent event = events(harness).get(0);
            assertThat(event.getTimings().getBatchSize()).isEqualTo(3);
            assertThat(event.getModelName()).isEqualTo("job-test");
            assertThat(event.getFrameWidth()).isEqualTo(32);
        }
    }

    @Test
    void aPartialBatchRunsWhenItsTimeoutFires() throws Exception {
        try (var harness = harness(8, Duration.ZERO)) {
            harness.processElement(frame(1, NOW));
            harness.setProcessingTime(NOW + 60);
            harness.processElement(frame(2, NOW));
            harness.setProcessingTime(NOW + 99);
            assertThat(events(harness)).isEmpty();
            harness.setProcessingTime(NOW + 100);
            assertThat(sequences(harness)).containsExactly(1L, 2L);
            assertThat(events(harness).get(0).getTimings().getQueuedMicros()).isEqualTo(100_000L);
            assertThat(events(harness).get(1).getTimings().getQueuedMicros()).isEqualTo(40_000L);
        }
    }

    @Test
    void aWatermarkWaitsForTheOpenBatchSoItsFramesAreNotLateDownstream() throws Exception {
        try (var harness = harness(8, Duration.ZERO)) {
            harness.processWatermark(NOW - 10);
            harness.processElement(frame(1, NOW));
            harness.processWatermark(NOW + 5);
            harness.processWatermark(NOW + 7);
            assertThat(harness.getOutput()).hasSize(1);
            harness.setProcessingTime(NOW + 100);
            List<Object> output = new ArrayList<>(harness.getOutput());
            assertThat(output).hasSize(3);
            assertThat(((StreamRecord<?>) output.get(1)).getTimestamp()).isEqualTo(NOW);
            assertThat(output.get(2)).isEqualTo(new Watermark(NOW + 7));
        }
    }

    @Test
    void aCheckpointBarrierFlushesTheOpenBatchAndItsStaleTimerDoesNothingLater() throws Exception {
        try (var harness = harness(8, Duration.ZERO)) {
            harness.processElement(frame(1, NOW));
            harness.prepareSnapshotPreBarrier(1);
            assertThat(sequences(harness)).containsExactly(1L);
            harness.setProcessingTime(NOW + 50);
            harness.processElement(frame(2, NOW));
            harness.setProcessingTime(NOW + 100);
            assertThat(sequences(harness)).as("the first batch's timer must not cut the second short").containsExactly(1L);
            harness.setProcessingTime(NOW + 150);
            assertThat(sequences(harness)).containsExactly(1L, 2L);
        }
    }

    @Test
    void framesOlderThanTheMaxAgeAreShedCountedAndDeadLettered() throws Exception {
        try (var harness = harness(2, Duration.ofSeconds(5))) {
            harness.processElement(frame(1, NOW - 6_000));
            harness.processElement(frame(2, NOW - 1_000));
            assertThat(sequences(harness)).containsExactly(2L);
            List<FrameRejected> stale = harness.getSideOutput(DeadLetters.TAG).stream().map(StreamRecord::getValue).toList();
            assertThat(stale).singleElement().satisfies(rejected -> {
                assertThat(rejected.getReason()).isEqualTo(RejectReason.STALE);
                assertThat(rejected.getFrameSequence()).isEqualTo(1L);
                assertThat(rejected.getMessage()).contains("6000 ms old").contains("limit 5000 ms");
                assertThat(rejected.getOriginalSize()).isEqualTo(40);
                assertThat(rejected.getOriginalBytes().remaining()).isEqualTo(16);
            });
        }
    }

    @Test
    void shedFramesLeaveInArrivalOrderWithoutTakingAPlaceInTheBatch() throws Exception {
        try (var harness = harness(2, Duration.ofSeconds(5))) {
            harness.processElement(new StreamRecord<>(DecodedFrame.shedBeforeDecoding("cam", 1, NOW - 9_000)));
            assertThat(inOrder(harness)).as("no batch open: passed on at once").hasSize(1);
            harness.processElement(frame(2, NOW - 6_000));
            harness.processElement(new StreamRecord<>(DecodedFrame.shedBeforeDecoding("cam", 3, NOW - 5_500)));
            harness.processElement(frame(4, NOW - 1_000));
            assertThat(inOrder(harness)).containsExactly("shed " + (NOW - 9_000), "shed " + (NOW - 6_000),
                    "shed " + (NOW - 5_500), "event 4");
            assertThat(harness.getSideOutput(DeadLetters.TAG)).as("only the frame shed here").hasSize(1);
        }
    }

    @Test
    void theEndOfABoundedInputFlushes() throws Exception {
        try (var harness = harness(8, Duration.ZERO)) {
            harness.processElement(frame(1, NOW));
            harness.endInput();
            assertThat(sequences(harness)).containsExactly(1L);
        }
    }

    @Test
    void slotsShareOneLoadedModel() throws Exception {
        try (var first = harness(4, Duration.ZERO); var second = harness(4, Duration.ZERO)) {
            assertThat(SharedDetectors.loadedCount()).isEqualTo(1);
        }
        assertThat(SharedDetectors.loadedCount()).isZero();
    }
}
