package io.ssdstream.job.decode;

import static io.ssdstream.job.decode.TestImages.PREFIX;
import static io.ssdstream.job.decode.TestImages.frame;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import io.ssdstream.fuzzing.ByteMutator;
import io.ssdstream.fuzzing.MutationDictionary;
import io.ssdstream.job.decode.DecodeResult.Decoded;
import io.ssdstream.job.decode.DecodeResult.Rejected;
import io.ssdstream.schemas.FrameEncoding;
import io.ssdstream.schemas.RejectReason;
import java.awt.image.BufferedImage;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Seeded mutation fuzzing of {@link FrameDecoder}: whatever the image bytes, it answers with pixels of the declared
 * size or a typed rejection naming the frame, never throws, and each answer comes within a bound. The corpus holds
 * real JPEGs (baseline, progressive) and PNGs (colour, alpha) and the hostile JPEGs of the decode-work findings at
 * sizes that keep the default run short; the full-size reproducers are fixed cases.
 *
 * <p>{@code fuzz.iterations} inputs (3,000 by default, about ten seconds; {@code -Pfuzz-long} runs 100,000), from
 * seed {@code fuzz.seed}; a failure prints the seed, the input number and the input in hex.
 */
class FrameDecoderFuzzTest {

    private static final int ITERATIONS = Integer.getInteger("fuzz.iterations", 3000);
    private static final long SEED = Long.getLong("fuzz.seed", 20261201L);
    /** Byte extremes and JPEG marker codes (frame headers, tables, restart, SOI, EOI, SOS); a run of high bytes is a
     * huge big-endian length or a marker prefix. */
    private static final MutationDictionary IMAGE_BYTES = new MutationDictionary(
            new int[] {0x00, 0x01, 0x7F, 0x80, 0xFF, 0xC0, 0xC2, 0xC4, 0xD0, 0xD8, 0xD9, 0xDA},
            List.of(new byte[] {(byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF}, new byte[] {(byte) 0xFF, (byte) 0xDA}));
    /**
     * Fuzzed frames may declare up to a megapixel: with docs/job.md's worst case of about 70 ns per admitted pixel,
     * any answer takes under 0.1 s, and the bound leaves a tenfold margin for a loaded machine.
     */
    private static final DecodeLimits LIMITS = new DecodeLimits(1 << 20, 1 << 22);
    private static final Duration PER_INPUT_BOUND = Duration.ofSeconds(1);

    @BeforeAll
    static void loadOpenCv() {
        OpenCvNatives.ensureLoaded();
    }

    @Test
    void theFullSizeReproducersAreRefusedWithinTheDefaults() {
        FrameDecoder decoder = new FrameDecoder(DecodeLimits.DEFAULTS);
        for (byte[] jpeg : List.of(HostileJpegs.progressiveWithoutData(8192, 8192),
                HostileJpegs.manyEmptyScans(8192, 8192, 3000))) {
            long start = System.nanoTime();
            DecodeResult result = decoder.decode(frame(FrameEncoding.JPEG, 8192, 8192, jpeg));
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(PER_INPUT_BOUND);
            assertThat(((Rejected) result).reason()).isEqualTo(RejectReason.TOO_LARGE);
        }
    }

    @Test
    void anyMutationOfAnImageDecodesOrIsRejectedTypedWithinTheBound() {
        List<byte[]> corpus = List.of(
                TestImages.jpeg(TestImages.quadrants(64, 48), false),
                TestImages.jpeg(TestImages.noise(40, 24, BufferedImage.TYPE_INT_RGB, 1), true),
                TestImages.png(TestImages.noise(37, 23, BufferedImage.TYPE_INT_RGB, 2)),
                TestImages.png(TestImages.noise(19, 11, BufferedImage.TYPE_INT_ARGB, 3)),
                HostileJpegs.progressiveWithoutData(1024, 1024),
                HostileJpegs.manyEmptyScans(256, 256, 100),
                HostileJpegs.refinementScansOverEveryBlock(256, 256, 64));
        FrameDecoder decoder = new FrameDecoder(LIMITS);
        ByteMutator mutator = new ByteMutator(SEED, corpus, IMAGE_BYTES);
        Set<RejectReason> reasons = EnumSet.noneOf(RejectReason.class);
        int decoded = 0;
        for (int i = 0; i < ITERATIONS; i++) {
            byte[] image = mutator.next();
            FrameEncoding encoding = PngHeader.hasSignature(ByteBuffer.wrap(image)) ? FrameEncoding.PNG
                    : FrameEncoding.JPEG;
            // Half the frames declare what the header says, so that mutations get past the size check into OpenCV.
            long probe = ImageHeader.probe(encoding, ByteBuffer.wrap(image), LIMITS.maxJpegScans());
            boolean headerSize = i % 2 == 0 && !ImageHeader.isFault(probe);
            int width = headerSize ? ImageHeader.width(probe) : 64;
            int height = headerSize ? ImageHeader.height(probe) : 48;

            long start = System.nanoTime();
            DecodeResult result;
            try {
                result = decoder.decode(frame(encoding, width, height, image));
            } catch (RuntimeException e) {
                throw new AssertionError(failure(i, image, "threw " + e), e);
            }
            Duration took = Duration.ofNanos(System.nanoTime() - start);

            if (took.compareTo(PER_INPUT_BOUND) > 0) {
                fail(failure(i, image, "took " + took.toMillis() + " ms"));
            }
            if (result instanceof Decoded pixels) {
                decoded++;
                assertThat(pixels.image().rgb()).as(failure(i, image, "decoded")).hasSize(width * height * 3);
            } else {
                Rejected rejected = (Rejected) result;
                reasons.add(rejected.reason());
                assertThat(rejected.message()).as(failure(i, image, "rejected")).startsWith(PREFIX);
            }
        }
        // a mutator that only ever broke the signature would test nothing past it
        assertThat(decoded).as("inputs decoded").isPositive();
        assertThat(reasons).containsExactlyInAnyOrder(RejectReason.UNDECODABLE, RejectReason.TOO_LARGE);
    }

    private static String failure(int iteration, byte[] image, String what) {
        return "input " + iteration + " of seed " + SEED + " " + what + "; replay with -Dfuzz.seed=" + SEED
                + ", image (hex): " + ByteMutator.hex(image);
    }
}
