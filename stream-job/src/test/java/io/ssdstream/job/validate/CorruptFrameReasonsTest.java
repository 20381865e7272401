package io.ssdstream.job.validate;

import static org.assertj.core.api.Assertions.assertThat;

import io.ssdstream.job.decode.DecodeLimits;
import io.ssdstream.job.frame.DeadLetters;
import io.ssdstream.job.frame.IncomingFrame;
import io.ssdstream.job.kafka.FrameDeserializer;
import io.ssdstream.schemas.CaptureTimeSource;
import io.ssdstream.schemas.FrameEncoding;
import io.ssdstream.schemas.FrameRejected;
import io.ssdstream.schemas.RejectReason;
import io.ssdstream.schemas.SingleObjectHeader;
import io.ssdstream.schemas.VideoFrame;
import io.ssdstream.schemas.WireCodec;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.avro.Schema;
import org.apache.avro.SchemaNormalization;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;
import org.apache.flink.streaming.util.OneInputStreamOperatorTestHarness;
import org.apache.flink.streaming.util.ProcessFunctionTestHarnesses;
import org.apache.flink.util.Collector;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Each class of corrupt frames-topic record, from the Kafka record through the deserializer and the validator to its
 * dead letter, against the reason docs/contracts.md gives it: UNDECODABLE for bytes that are no well-formed message,
 * SCHEMA_MISMATCH only for a well-formed message of a writer schema the job cannot read. (The other such case, a
 * known but incompatible writer, cannot reach the job: it reads only released versions, all compatible by policy;
 * {@code ContractsDocTest} holds its mapping to the table.)
 */
class CorruptFrameReasonsTest {

    private static final WireCodec<VideoFrame> FRAMES = WireCodec.forRecord(VideoFrame.class);

    static Stream<Arguments> corruptRecords() throws Exception {
        byte[] good = FRAMES.encode(frame());
        return Stream.of(
                Arguments.of("tombstone", null, RejectReason.UNDECODABLE, "[EMPTY"),
                Arguments.of("empty value", new byte[0], RejectReason.UNDECODABLE, "[EMPTY"),
                Arguments.of("bad magic", "definitely not avro".getBytes(StandardCharsets.UTF_8),
                        RejectReason.UNDECODABLE, "[BAD_MAGIC"),
                Arguments.of("cut in the header", Arrays.copyOf(good, 6), RejectReason.UNDECODABLE, "[TRUNCATED"),
                Arguments.of("truncated datum", Arrays.copyOf(good, good.length - 5), RejectReason.UNDECODABLE,
                        "[TRUNCATED"),
                Arguments.of("trailing bytes", concat(good, new byte[] {1, 2, 3}), RejectReason.UNDECODABLE,
                        "[TRAILING_BYTES"),
                Arguments.of("enum index out of range", withEncodingIndex(99), RejectReason.UNDECODABLE,
                        "[MALFORMED_DATUM"),
                Arguments.of("unknown writer schema", WireCodec.forRecord(FrameRejected.class).encode(rejection()),
                        RejectReason.SCHEMA_MISMATCH, "[UNKNOWN_FINGERPRINT"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("corruptRecords")
    void eachCorruptRecordIsDeadLetteredWithTheContractsReason(String what, byte[] value, RejectReason expected,
            String wireReason) throws Exception {
        IncomingFrame incoming = deserialize(value);
        FrameRejected deadLetter = validate(incoming);

        assertThat(deadLetter.getReason()).as(what).isEqualTo(expected);
        assertThat(deadLetter.getMessage()).startsWith("record value is not a readable VideoFrame: ")
                .contains(wireReason);
        assertThat(deadLetter.getCameraId()).isEqualTo("cam-key");
        assertThat(deadLetter.getSourceOffset()).isEqualTo(42);
        assertThat(deadLetter.getOriginalSize()).isEqualTo(value == null ? 0 : value.length);
    }

    private static IncomingFrame deserialize(byte[] value) throws Exception {
        FrameDeserializer deserializer = new FrameDeserializer();
        deserializer.open(null);
        List<IncomingFrame> out = new ArrayList<>();
        deserializer.deserialize(new ConsumerRecord<>("frames", 3, 42, "cam-key".getBytes(StandardCharsets.UTF_8),
                value), new Collector<>() {
                    @Override
                    public void collect(IncomingFrame record) {
                        out.add(record);
                    }

                    @Override
                    public void close() {
                    }
                });
        assertThat(out).hasSize(1);
        return out.get(0);
    }

    private static FrameRejected validate(IncomingFrame incoming) throws Exception {
        FrameValidator validator = new FrameValidator(DecodeLimits.DEFAULTS, Duration.ZERO, true,
                new DeadLetters(1024));
        OneInputStreamOperatorTestHarness<IncomingFrame, ?> harness =
                ProcessFunctionTestHarnesses.forProcessFunction(validator);
        try {
            harness.processElement(incoming, 0);
            assertThat(harness.extractOutputValues()).isEmpty();
            List<FrameRejected> deadLetters = new ArrayList<>();
            harness.getSideOutput(DeadLetters.TAG).forEach(record -> deadLetters.add(record.getValue()));
            assertThat(deadLetters).hasSize(1);
            return deadLetters.get(0);
        } finally {
            harness.close();
        }
    }

    private static VideoFrame frame() {
        return VideoFrame.newBuilder().setCameraId("cam-key").setFrameSequence(1).setCaptureTime(Instant.EPOCH)
                .setCaptureTimeSource(CaptureTimeSource.CAMERA).setIngestTime(Instant.EPOCH).setWidth(1).setHeight(1)
                .setEncoding(FrameEncoding.RAW_RGB24).setImage(ByteBuffer.wrap(new byte[3])).setMetadata(Map.of())
                .build();
    }

    private static FrameRejected rejection() {
        return FrameRejected.newBuilder().setSourceTopic("x").setSourcePartition(0).setSourceOffset(0)
                .setReason(RejectReason.UNKNOWN).setMessage("m").setRejectedTime(Instant.EPOCH).setOriginalSize(0)
                .setOriginalBytes(ByteBuffer.allocate(0)).build();
    }

    /** A VideoFrame datum written field by field, with the given index for its encoding enum. */
    private static byte[] withEncodingIndex(int encodingIndex) throws IOException {
        Schema schema = VideoFrame.getClassSchema();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(SingleObjectHeader.of(SchemaNormalization.parsingFingerprint64(schema)));
        BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(out, null);
        encoder.writeString("cam-key");
        encoder.writeLong(1);
        encoder.writeLong(0);
        encoder.writeEnum(1);
        encoder.writeLong(0);
        encoder.writeInt(1);
        encoder.writeInt(1);
        encoder.writeEnum(encodingIndex);
        encoder.writeBytes(new byte[3]);
        encoder.writeMapStart();
        encoder.writeMapEnd();
        encoder.flush();
        return out.toByteArray();
    }

    private static byte[] concat(byte[] first, byte[] second) {
        byte[] all = Arrays.copyOf(first, first.length + second.length);
        System.arraycopy(second, 0, all, first.length, second.length);
        return all;
    }
}
