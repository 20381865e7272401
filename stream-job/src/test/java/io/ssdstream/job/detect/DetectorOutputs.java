package io.ssdstream.job.detect;

import io.ssdstream.job.DetectionJob;
import io.ssdstream.job.frame.DecodedFrame;
import io.ssdstream.job.frame.ShedFrame;
import io.ssdstream.schemas.DetectionEvent;
import java.util.List;
import org.apache.flink.api.common.serialization.SerializerConfigImpl;
import org.apache.flink.streaming.util.OneInputStreamOperatorTestHarness;
import org.apache.flink.types.Either;

/** A detect operator in a test harness, and what it emitted, read back. */
final class DetectorOutputs {

    private DetectorOutputs() {}

    /** A harness for the operator that serializes its output as the job does, not yet opened. */
    static OneInputStreamOperatorTestHarness<DecodedFrame, Either<DetectionEvent, ShedFrame>> harnessOf(
            DetectOperator operator) throws Exception {
        OneInputStreamOperatorTestHarness<DecodedFrame, Either<DetectionEvent, ShedFrame>> harness =
                new OneInputStreamOperatorTestHarness<>(operator);
        harness.setup(DetectionJob.DETECTED.createSerializer(new SerializerConfigImpl()));
        return harness;
    }

    /** The detection events, in order, without the shed frames. */
    static List<DetectionEvent> events(
            OneInputStreamOperatorTestHarness<DecodedFrame, Either<DetectionEvent, ShedFrame>> harness) {
        return harness.extractOutputValues().stream().filter(Either::isLeft).map(Either::left).toList();
    }

    /** Everything emitted, in order: "event SEQUENCE" or "shed CAPTURE_TIME". */
    static List<String> inOrder(
            OneInputStreamOperatorTestHarness<DecodedFrame, Either<DetectionEvent, ShedFrame>> harness) {
        return harness.extractOutputValues().stream()
                .map(e -> e.isLeft() ? "event " + e.left().getFrameSequence() : "shed " + e.right().captureTimeMillis())
                .toList();
    }
}
