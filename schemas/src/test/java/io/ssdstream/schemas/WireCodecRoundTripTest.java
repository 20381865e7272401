package io.ssdstream.schemas;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.apache.avro.SchemaNormalization;
import org.apache.avro.specific.SpecificRecordBase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class WireCodecRoundTripTest {

    static Stream<SpecificRecordBase> samples() {
        return Stream.of(ContractSamples.videoFrame(), ContractSamples.detectionEvent(),
                ContractSamples.frameRejected(), ContractSamples.cameraClassCounts(), ContractSamples.objectEvent(),
                ContractSamples.cameraConfig(), ContractSamples.zoneEvent(), ContractSamples.lineCrossing());
    }

    @ParameterizedTest
    @MethodSource("samples")
    void everyContractReadsBackEqual(SpecificRecordBase sample) throws Exception {
        WireCodec<SpecificRecordBase> codec = codecOf(sample);

        assertThat(codec.decode(codec.encode(sample))).isEqualTo(sample);
    }

    @ParameterizedTest
    @MethodSource("samples")
    void headerIsTheMarkerThenTheLittleEndianFingerprintOfTheCanonicalForm(SpecificRecordBase sample)
            throws Exception {
        byte[] message = codecOf(sample).encode(sample);
        long fingerprint = SchemaNormalization.parsingFingerprint64(sample.getSchema());

        assertThat(Arrays.copyOf(message, 2)).containsExactly(0xC3, 0x01);
        for (int i = 0; i < 8; i++) {
            assertThat(message[2 + i]).as("fingerprint byte %d", i).isEqualTo((byte) (fingerprint >>> (8 * i)));
        }
    }

    @ParameterizedTest
    @MethodSource("samples")
    void bytesAreExactlyAvrosOwnSingleObjectEncoding(SpecificRecordBase sample) throws Exception {
        ByteBuffer avroOwn = (ByteBuffer) sample.getClass().getMethod("toByteBuffer").invoke(sample);

        assertThat(codecOf(sample).encode(sample)).isEqualTo(toArray(avroOwn));
    }

    @Test
    void nullableFieldsAndEmptyCollectionsRoundTrip() throws Exception {
        FrameRejected anonymous = FrameRejected.newBuilder(ContractSamples.frameRejected())
                .setCameraId(null).setFrameSequence(null).setOriginalBytes(ByteBuffer.allocate(0)).build();
        DetectionEvent nothingFound = DetectionEvent.newBuilder(ContractSamples.detectionEvent())
                .setDetections(List.of()).build();

        WireCodec<FrameRejected> rejected = WireCodec.forRecord(FrameRejected.class);
        WireCodec<DetectionEvent> events = WireCodec.forRecord(DetectionEvent.class);
        assertThat(rejected.decode(rejected.encode(anonymous))).isEqualTo(anonymous);
        assertThat(events.decode(events.encode(nothingFound))).isEqualTo(nothingFound);
    }

    @Test
    void defaultsFillWhatAProducerLeavesOut() throws Exception {
        VideoFrame minimal = VideoFrame.newBuilder(ContractSamples.videoFrame())
                .clearCaptureTimeSource().clearMetadata().build();

        assertThat(minimal.getCaptureTimeSource()).isEqualTo(CaptureTimeSource.UNKNOWN);
        assertThat(minimal.getMetadata()).isEmpty();
    }

    @Test
    void oneCodecServesManyThreads() throws Exception {
        WireCodec<DetectionEvent> events = WireCodec.forRecord(DetectionEvent.class);
        DetectionEvent expected = ContractSamples.detectionEvent();
        byte[] message = events.encode(expected);
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<Boolean>> results = pool.invokeAll(Collections.nCopies(8, () -> {
                for (int i = 0; i < 500; i++) {
                    if (!events.decode(events.encode(events.decode(message))).equals(expected)) {
                        return false;
                    }
                }
                return true;
            }));
            for (Future<Boolean> result : results) {
                assertThat(result.get()).isTrue();
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @SuppressWarnings("unchecked")
    private static WireCodec<SpecificRecordBase> codecOf(SpecificRecordBase sample) {
        return WireCodec.forRecord((Class<SpecificRecordBase>) sample.getClass());
    }

    private static byte[] toArray(ByteBuffer buffer) {
        byte[] bytes = new byte[buffer.remaining()];
        buffer.get(bytes);
        return bytes;
    }
}
