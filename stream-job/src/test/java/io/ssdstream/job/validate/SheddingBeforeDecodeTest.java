package io.ssdstream.job.validate;

import static org.assertj.core.api.Assertions.assertThat;

import io.ssdstream.job.decode.DecodeLimits;
import io.ssdstream.job.frame.DeadLetters;
import io.ssdstream.job.frame.DecodedFrame;
import io.ssdstream.job.frame.IncomingFrame;
import io.ssdstream.job.frame.SourcePosition;
import io.ssdstream.job.testing.OperatorMetrics;
import io.ssdstream.schemas.CaptureTimeSource;
import io.ssdstream.schemas.FrameEncoding;
import io.ssdstream.schemas.FrameRejected;
import io.ssdstream.schemas.RejectReason;
import io.ssdstream.schemas.VideoFrame;
import io.ssdstream.schemas.WireCodec;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.flink.metrics.Counter;
import org.apache.flink.runtime.metrics.util.InterceptingOperatorMetricGroup;
import org.apache.flink.runtime.operators.testutils.MockEnvironment;
import org.apache.flink.runtime.operators.testutils.MockEnvironmentBuilder;
import org.apache.flink.streaming.api.operators.ProcessOperator;
import org.apache.flink.streaming.util.OneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.Test;

/**
 * A frame older than the max frame age is shed before it is decoded: a job far behind its cameras spends nothing on
 * the frames it drops. The frames here carry JPEG bytes that are no image, so a decode shows as UNDECODABLE. The shed
 * frame still goes on without pixels, so the tracker downstream learns the camera was sending.
 */
class SheddingBeforeDecodeTest {

    private static final Duration MAX_AGE = Duration.ofSeconds(5);
    private static final WireCodec<VideoFrame> FRAMES = WireCodec.forRecord(VideoFrame.class);

    @Test
    void aStaleFrameIsDeadLetteredAsStaleWithoutBeingDecoded() throws Exception {
        Instant captured = Instant.now().minusSeconds(60);
        Outcome outcome = validate(MAX_AGE, true, notAnImage(captured));

        assertShedBeforeDecoding(outcome.frames(), captured);
        assertThat(outcome.shed()).isEqualTo(1);
        assertThat(outcome.deadLetters()).singleElement().satisfies(deadLetter -> {
            assertThat(deadLetter.getReason()).isEqualTo(RejectReason.STALE);
            assertThat(deadLetter.getMessage()).startsWith("camera gate frame 7 was ")
                    .contains("ms old before decoding (limit 5000 ms)");
            assertThat(deadLetter.getSourceOffset()).isEqualTo(42);
        });
    }

    @Test
    void aFreshFrameIsDecoded() throws Exception {
        Outcome outcome = validate(MAX_AGE, true, notAnImage(Instant.now()));

        assertThat(outcome.deadLetters()).singleElement()
                .satisfies(deadLetter -> assertThat(deadLetter.getReason()).isEqualTo(RejectReason.UNDECODABLE));
        assertThat(outcome.shed()).isZero();
    }

    @Test
    void withoutDeadLettersAStaleFrameIsOnlyCounted() throws Exception {
        Instant captured = Instant.now().minusSeconds(60);
        Outcome outcome = validate(MAX_AGE, false, notAnImage(captured));

        assertShedBeforeDecoding(outcome.frames(), captured);
        assertThat(outcome.deadLetters()).isEmpty();
        assertThat(outcome.shed()).isEqualTo(1);
    }

    @Test
    void aZeroMaxAgeShedsNothing() throws Exception {
        Outcome outcome = validate(Duration.ZERO, true, rawPixel(Instant.EPOCH));

        assertThat(outcome.deadLetters()).isEmpty();
        assertThat(outcome.frames()).singleElement()
                .satisfies(frame -> assertThat(frame.frameSequence).isEqualTo(7));
    }

    private static void assertShedBeforeDecoding(List<DecodedFrame> frames, Instant captured) {
        assertThat(frames).singleElement().satisfies(frame -> {
            assertThat(frame.shedBeforeDecoding()).isTrue();
            assertThat(frame.cameraId).isEqualTo("gate");
            assertThat(frame.frameSequence).isEqualTo(7);
            assertThat(frame.captureTimeMillis).isEqualTo(captured.toEpochMilli());
        });
    }

    private record Outcome(List<DecodedFrame> frames, List<FrameRejected> deadLetters, long shed) {}

    private static Outcome validate(Duration maxAge, boolean toDeadLetter, VideoFrame frame) throws Exception {
        FrameValidator validator = new FrameValidator(DecodeLimits.DEFAULTS, maxAge, toDeadLetter,
                new DeadLetters(1024));
        InterceptingOperatorMetricGroup metrics = new InterceptingOperatorMetricGroup();
        MockEnvironment env = OperatorMetrics.interceptedBy(new MockEnvironmentBuilder(), metrics).build();
        try (env; var harness = new OneInputStreamOperatorTestHarness<>(new ProcessOperator<>(validator), env)) {
            harness.open();
            harness.processElement(IncomingFrame.of(frame, FRAMES.encode(frame), frame.getCameraId(),
                    new SourcePosition("frames", 3, 42), 0), 0);
            List<FrameRejected> deadLetters = new ArrayList<>();
            // null when nothing went to the side output
            var sideOutput = harness.getSideOutput(DeadLetters.TAG);
            if (sideOutput != null) {
                sideOutput.forEach(record -> deadLetters.add(record.getValue()));
            }
            return new Outcome(harness.extractOutputValues(), deadLetters,
                    ((Counter) metrics.get("framesShed")).getCount());
        }
    }

    private static VideoFrame notAnImage(Instant captured) {
        return frame(captured, FrameEncoding.JPEG, 640, 480, new byte[] {(byte) 0xFF, (byte) 0xD8, 1, 2, 3});
    }

    private static VideoFrame rawPixel(Instant captured) {
        return frame(captured, FrameEncoding.RAW_RGB24, 1, 1, new byte[3]);
    }

    private static VideoFrame frame(Instant captured, FrameEncoding encoding, int width, int height, byte[] image) {
        return VideoFrame.newBuilder().setCameraId("gate").setFrameSequence(7).setCaptureTime(captured)
                .setCaptureTimeSource(CaptureTimeSource.CAMERA).setIngestTime(captured).setWidth(width)
                .setHeight(height).setEncoding(encoding).setImage(ByteBuffer.wrap(image)).setMetadata(Map.of())
                .build();
    }
}
