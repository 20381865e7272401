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
import java.util.stream.LongStream;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.runtime.tasks.mailbox.TaskMailbox;
import org.apache.flink.streaming.util.OneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.BeforeAll;
import org.apache.flink.types.Either;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The detect operator that hands frames to the device's batcher, on Flink's operator test harness (one harness per
 * slot, each with its own task mailbox) with a real (tiny) model: what a barrier waits for, order, watermarks,
 * shedding, and batches formed across slots.
 */
class DeviceBatchedDetectorTest {

    /** A batch never runs for its delay in these tests: only when full, or when a slot must see its frames done. */
    private static final Duration NEVER = Duration.ofHours(1);

    @TempDir
    static Path model;

    @BeforeAll
    static void writeModel() throws Exception {
        TestModel.write(model);
    }

    private static OneInputStreamOperatorTestHarness<DecodedFrame, Either<DetectionEvent, ShedFrame>> slot(
            int batchSize, Duration maxAge) throws Exception {
        DetectorSettings settings = TestModel.onCpu(model);
        OneInputStreamOperatorTestHarness<DecodedFrame, Either<DetectionEvent, ShedFrame>> harness =
                harnessOf(
                        new DeviceBatchedDetector(settings, batchSize, NEVER, maxAge, true, new DeadLetters(16)));
        harness.open();
        return harness;
    }

    private static StreamRecord<DecodedFrame> frame(String camera, long sequence, long captured) {
        return TestFrames.decoded(camera, sequence, captured);
    }

    private static StreamRecord<DecodedFrame> frame(long sequence) {
        return frame("cam", sequence, System.currentTimeMillis());
    }

    private static List<Long> sequences(
            OneInputStreamOperatorTestHarness<DecodedFrame, Either<DetectionEvent, ShedFrame>> harness) {
        return events(harness).stream().map(DetectionEvent::getFrameSequence).toList();
    }

    /** Runs the slot's mails (the batcher's completions) until {@code count} events are out. */
    private static void awaitEvents(
            OneInputStreamOperatorTestHarness<DecodedFrame, Either<DetectionEvent, ShedFrame>> harness, int count)
            throws Exception {
        while (events(harness).size() < count) {
            harness.getTaskMailbox().take(TaskMailbox.MIN_PRIORITY).run();
        }
    }

    @Test
    void aBarrierWaitsUntilEveryFrameHandedOverIsEmittedInArrivalOrder() throws Exception {
        try (var harness = slot(3, Duration.ZERO)) {
            for (long sequence = 1; sequence <= 20; sequence++) {
                harness.processElement(frame(sequence));
            }
            harness.prepareSnapshotPreBarrier(1);
            assertThat(sequences(harness)).containsExactlyElementsOf(LongStream.rangeClosed(1, 20).boxed().toList());
            assertThat(events(harness)).allSatisfy(event -> {
                assertThat(event.getModelName()).isEqualTo("job-test");
                assertThat(event.getFrameWidth()).isEqualTo(32);
                assertThat(event.getTimings().getBatchSize()).isBetween(1, 3);
            });
        }
    }

    @Test
    void aFullBatchRunsWithoutABarrierAndTheTaskThreadEmitsIt() throws Exception {
        try (var harness = slot(2, Duration.ZERO)) {
            harness.processElement(frame(1));
            harness.processElement(frame(2));
            awaitEvents(harness, 2);
            assertThat(sequences(harness)).containsExactly(1L, 2L);
            assertThat(events(harness).get(0).getTimings().getBatchSize()).isEqualTo(2);
        }
    }

    @Test
    void slotsOfOneTaskManagerShareOneModelAndFillOneBatch() throws Exception {
        try (var first = slot(4, Duration.ZERO); var second = slot(4, Duration.ZERO)) {
            assertThat(SharedDetectors.loadedCount()).isEqualTo(1);
            first.processElement(frame("a", 1, System.currentTimeMillis()));
            first.processElement(frame("a", 2, System.currentTimeMillis()));
            second.processElement(frame("b", 1, System.currentTimeMillis()));
            second.processElement(frame("b", 2, System.currentTimeMillis()));
            first.prepareSnapshotPreBarrier(1);
            second.prepareSnapshotPreBarrier(1);
            assertThat(sequences(first)).containsExactly(1L, 2L);
            assertThat(sequences(second)).containsExactly(1L, 2L);
            List<DetectionEvent> all = new ArrayList<>(events(first));
            all.addAll(events(second));
            assertThat(all).allSatisfy(event -> assertThat(event.getTimings().getBatchSize())
                    .as("four frames from two slots in one forward pass").isEqualTo(4));
        }
        assertThat(SharedDetectors.loadedCount()).isZero();
    }

    @Test
    void aWatermarkWaitsBehindTheFramesThatArrivedBeforeIt() throws Exception {
        try (var harness = slot(8, Duration.ZERO)) {
            long now = System.currentTimeMillis();
            harness.processWatermark(now - 10);
            harness.processElement(frame("cam", 1, now));
            harness.processWatermark(now + 5);
            harness.processWatermark(now + 7);
            assertThat(harness.getOutput()).hasSize(1);
            harness.prepareSnapshotPreBarrier(1);
            List<Object> output = new ArrayList<>(harness.getOutput());
            assertThat(output).hasSize(4);
            assertThat(((StreamRecord<?>) output.get(1)).getTimestamp()).isEqualTo(now);
            assertThat(output.subList(2, 4)).containsExactly(new Watermark(now + 5), new Watermark(now + 7));
        }
    }

    @Test
    void framesOlderThanTheMaxAgeAreShedCountedAndDeadLettered() throws Exception {
        try (var harness = slot(2, Duration.ofSeconds(5))) {
            long now = System.currentTimeMillis();
            harness.processElement(frame("cam", 1, now - 6_000));
            harness.processElement(frame("cam", 2, now - 1_000));
            harness.prepareSnapshotPreBarrier(1);
            assertThat(sequences(harness)).containsExactly(2L);
            List<FrameRejected> stale = harness.getSideOutput(DeadLetters.TAG).stream().map(StreamRecord::getValue).toList();
            assertThat(stale).singleElement().satisfies(rejected -> {
                assertThat(rejected.getReason()).isEqualTo(RejectReason.STALE);
                assertThat(rejected.getFrameSequence()).isEqualTo(1L);
                assertThat(rejected.getMessage()).contains("limit 5000 ms");
                assertThat(rejected.getOriginalBytes().remaining()).isEqualTo(16);
            });
        }
    }

    @Test
    void shedFramesLeaveInArrivalOrderBetweenTheDetectedOnes() throws Exception {
        try (var harness = slot(8, Duration.ofSeconds(5))) {
            long now = System.currentTimeMillis();
            harness.processElement(new StreamRecord<>(DecodedFrame.shedBeforeDecoding("cam", 1, now - 9_000)));
            assertThat(inOrder(harness)).as("nothing in flight: passed on at once").hasSize(1);
            harness.processElement(frame("cam", 2, now - 6_000));
            harness.processElement(new StreamRecord<>(DecodedFrame.shedBeforeDecoding("cam", 3, now - 5_500)));
            harness.processElement(frame("cam", 4, now - 1_000));
            harness.prepareSnapshotPreBarrier(1);
            assertThat(inOrder(harness)).containsExactly("shed " + (now - 9_000), "shed " + (now - 6_000),
                    "shed " + (now - 5_500), "event 4");
            assertThat(harness.getSideOutput(DeadLetters.TAG)).as("only the frame shed here").hasSize(1);
        }
    }

    @Test
    void theEndOfABoundedInputWaitsForTheQueuedFrames() throws Exception {
        try (var harness = slot(8, Duration.ZERO)) {
            harness.processElement(frame(1));
            harness.endInput();
            assertThat(sequences(harness)).containsExactly(1L);
        }
    }
}
