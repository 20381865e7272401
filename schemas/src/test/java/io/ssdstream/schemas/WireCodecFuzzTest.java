package io.ssdstream.schemas;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import io.ssdstream.fuzzing.ByteMutator;
import io.ssdstream.fuzzing.MutationDictionary;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apache.avro.specific.SpecificRecordBase;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Seeded mutation fuzzing of {@link WireCodec#decode}: whatever the bytes, it returns a datum or throws a
 * {@link WireFormatException}, never anything else, and quickly. The corpus is every contract's sample message plus
 * the corrupt classes the hardening review found (tombstone, bad magic, cut header, trailing bytes), which are also
 * checked unmutated.
 *
 * <p>{@code fuzz.iterations} inputs per contract (3,000 by default, a few seconds; {@code -Pfuzz-long} runs
 * 300,000), from seed {@code fuzz.seed}; a failure prints the seed, the input number and the input in hex.
 */
class WireCodecFuzzTest {

    private static final int ITERATIONS = Integer.getInteger("fuzz.iterations", 3000);
    private static final long SEED = Long.getLong("fuzz.seed", 20261201L);
    /** Values on the edges of Avro's encodings (zigzag signs, varint continuation) and a long varint: what a garbage
     * length or count looks like to a decoder. */
    private static final MutationDictionary AVRO = new MutationDictionary(
            new int[] {0x00, 0x01, 0x02, 0x7E, 0x7F, 0x80, 0x81, 0xFE, 0xFF, 0xC3},
            List.of(new byte[] {(byte) 0xFE, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, 0x0F}));
    /** Decoding a message of at most a few hundred bytes; a slow one would mean a length was believed. */
    private static final Duration PER_INPUT_BOUND = Duration.ofMillis(500);

    static List<Class<? extends SpecificRecordBase>> contracts() {
        return ContractSamples.CONTRACTS;
    }

    @ParameterizedTest
    @MethodSource("contracts")
    <T extends SpecificRecordBase> void anyMutationOfAMessageDecodesOrFailsTyped(Class<T> contract) throws Exception {
        WireCodec<T> codec = WireCodec.forRecord(contract);
        List<byte[]> corpus = corpus(codec, contract);
        for (byte[] fixed : corpus.subList(1, corpus.size())) {
            assertThat(outcome(codec, fixed)).as("fixed case %s", ByteMutator.hex(fixed))
                    .isInstanceOf(WireFormatException.class);
        }
        ByteMutator mutator = new ByteMutator(SEED ^ contract.getName().hashCode(), corpus, AVRO);
        Set<Object> outcomes = new HashSet<>();
        for (int i = 0; i < ITERATIONS; i++) {
            byte[] input = mutator.next();
            long start = System.nanoTime();
            Object outcome = outcome(codec, input);
            Duration took = Duration.ofNanos(System.nanoTime() - start);
            if (outcome instanceof Throwable unexpected && !(unexpected instanceof WireFormatException)) {
                throw new AssertionError(failure(contract, i, input, "threw " + unexpected), unexpected);
            }
            if (took.compareTo(PER_INPUT_BOUND) > 0) {
                fail(failure(contract, i, input, "took " + took.toMillis() + " ms"));
            }
            outcomes.add(outcome instanceof WireFormatException e ? e.reason() : "decoded");
        }
        // a mutator that only ever broke the header would test nothing past it
        assertThat(outcomes).as("outcomes the fuzzer reached").contains("decoded", WireFormatException.Reason.BAD_MAGIC,
                WireFormatException.Reason.TRUNCATED, WireFormatException.Reason.TRAILING_BYTES,
                WireFormatException.Reason.UNKNOWN_FINGERPRINT);
    }

    /** The datum, or whatever the decoder threw. */
    private static Object outcome(WireCodec<?> codec, byte[] input) {
        try {
            return codec.decode(input);
        } catch (Throwable e) {
            return e;
        }
    }

    /** The contract's sample message first, then the reproducers derived from it. */
    private static <T extends SpecificRecordBase> List<byte[]> corpus(WireCodec<T> codec, Class<T> contract)
            throws WireFormatException {
        byte[] sample = codec.encode(contract.cast(sample(contract)));
        List<byte[]> corpus = new ArrayList<>();
        corpus.add(sample);
        corpus.add(new byte[0]);
        corpus.add("not avro at all".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        corpus.add(Arrays.copyOf(sample, SingleObjectHeader.LENGTH - 1));
        corpus.add(Arrays.copyOf(sample, sample.length - 1));
        byte[] trailing = Arrays.copyOf(sample, sample.length + 2);
        corpus.add(trailing);
        return corpus;
    }

    private static Object sample(Class<?> contract) {
        if (contract == VideoFrame.class) {
            return ContractSamples.videoFrame();
        }
        if (contract == DetectionEvent.class) {
            return ContractSamples.detectionEvent();
        }
        if (contract == FrameRejected.class) {
            return ContractSamples.frameRejected();
        }
        if (contract == ObjectEvent.class) {
            return ContractSamples.objectEvent();
        }
        if (contract == CameraConfig.class) {
            return ContractSamples.cameraConfig();
        }
        if (contract == ZoneEvent.class) {
            return ContractSamples.zoneEvent();
        }
        if (contract == LineCrossing.class) {
            return ContractSamples.lineCrossing();
        }
        return ContractSamples.cameraClassCounts();
    }

    private static String failure(Class<?> contract, int iteration, byte[] input, String what) {
        return contract.getSimpleName() + " input " + iteration + " of seed " + SEED + " " + what
                + "; replay with -Dfuzz.seed=" + SEED + ", input (hex): " + ByteMutator.hex(input);
    }
}
