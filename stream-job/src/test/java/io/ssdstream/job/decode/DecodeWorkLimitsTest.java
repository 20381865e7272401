package io.ssdstream.job.decode;

import static io.ssdstream.job.decode.TestImages.PREFIX;
import static io.ssdstream.job.decode.TestImages.frame;
import static org.assertj.core.api.Assertions.assertThat;

import io.ssdstream.job.decode.DecodeResult.Decoded;
import io.ssdstream.job.decode.DecodeResult.Rejected;
import io.ssdstream.schemas.FrameEncoding;
import io.ssdstream.schemas.RejectReason;
import java.awt.image.BufferedImage;
import java.time.Duration;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The JPEG work limits against the frames that motivated them: a tiny progressive stream declaring 8192x8192
 * (seconds of decoding for 120 bytes) and thousands of empty scans (tens of seconds for 30 KB), both refused before
 * OpenCV sees them; and the costliest frame the default limits still admit, which must decode within its bound.
 */
class DecodeWorkLimitsTest {

    /** What a refusal may take: a walk over at most a few hundred kilobytes, with room for a loaded CI machine. */
    private static final Duration REFUSAL_BOUND = Duration.ofSeconds(1);

    private final FrameDecoder decoder = new FrameDecoder(DecodeLimits.DEFAULTS);

    @BeforeAll
    static void loadOpenCv() {
        OpenCvNatives.ensureLoaded();
    }

    @Test
    void aTinyProgressiveJpegDeclaringAHugeFrameIsTooLargeForItsBytes() {
        byte[] jpeg = HostileJpegs.progressiveWithoutData(8192, 8192);

        Rejected rejected = timedRejection(frame(FrameEncoding.JPEG, 8192, 8192, jpeg));

        assertThat(rejected.reason()).isEqualTo(RejectReason.TOO_LARGE);
        assertThat(rejected.message()).isEqualTo(PREFIX + "the JPEG header says 8192x8192 = 67108864 pixels in "
                + jpeg.length + " bytes, " + 67108864 / jpeg.length + " pixels per byte, above the limit of 1024"
                + " (no real JPEG compresses that far)");
    }

    @Test
    void thousandsOfEmptyScansAreTooLargeBeforeDecoding() {
        byte[] jpeg = HostileJpegs.manyEmptyScans(8192, 8192, 3000);
        assertThat(jpeg.length).isLessThan(31_000);

        Rejected rejected = timedRejection(frame(FrameEncoding.JPEG, 8192, 8192, jpeg));

        assertThat(rejected.reason()).isEqualTo(RejectReason.TOO_LARGE);
        assertThat(rejected.message()).isEqualTo(PREFIX + "the JPEG holds more scans than the limit of 64 (each scan"
                + " is another pass over every block)");
    }

    @Test
    void theScanLimitAdmitsExactlyItsCount() {
        FrameDecoder fourScans = new FrameDecoder(new DecodeLimits(1 << 20, 1 << 20, 4, 1024));

        assertThat(fourScans.decode(frame(FrameEncoding.JPEG, 256, 256,
                HostileJpegs.refinementScansOverEveryBlock(256, 256, 4)))).isInstanceOf(Decoded.class);
        DecodeResult fiveScans = fourScans.decode(frame(FrameEncoding.JPEG, 256, 256,
                HostileJpegs.refinementScansOverEveryBlock(256, 256, 5)));
        assertThat(((Rejected) fiveScans).message()).contains("more scans than the limit of 4");
    }

    @Test
    void flatFramesFromRealEncodersStayWellBelowThePixelsPerByteLimit() {
        // A black frame is the most compressible thing a camera sends (a covered lens, night without infrared).
        BufferedImage black = new BufferedImage(1920, 1080, BufferedImage.TYPE_INT_RGB);
        for (boolean progressive : new boolean[] {false, true}) {
            byte[] jpeg = TestImages.jpeg(black, progressive);
            assertThat(1920L * 1080 / jpeg.length).as("pixels per byte, progressive %s", progressive)
                    .isLessThan(DecodeLimits.DEFAULT_MAX_JPEG_PIXELS_PER_BYTE / 4);
            assertThat(decoder.decode(frame(FrameEncoding.JPEG, 1920, 1080, jpeg))).isInstanceOf(Decoded.class);
        }
    }

    @Test
    void theCostliestFrameTheLimitsAdmitDecodesWithinItsBound() {
        // docs/job.md, "Decode limits": at most about 70 ns per pixel measured; 2048x2048 is a sixteenth of the
        // default pixel limit. The bound leaves a tenfold margin for a loaded machine.
        byte[] jpeg = HostileJpegs.refinementScansOverEveryBlock(2048, 2048, DecodeLimits.DEFAULT_MAX_JPEG_SCANS);
        assertThat(2048L * 2048 / jpeg.length).isLessThan(DecodeLimits.DEFAULT_MAX_JPEG_PIXELS_PER_BYTE);

        long start = System.nanoTime();
        DecodeResult result = decoder.decode(frame(FrameEncoding.JPEG, 2048, 2048, jpeg));
        Duration took = Duration.ofNanos(System.nanoTime() - start);

        assertThat(result).isInstanceOf(Decoded.class);
        assertThat(took).isLessThan(Duration.ofMillis(2048L * 2048 * 70 * 10 / 1_000_000));
    }

    private Rejected timedRejection(io.ssdstream.schemas.VideoFrame frame) {
        long start = System.nanoTime();
        DecodeResult result = decoder.decode(frame);
        Duration took = Duration.ofNanos(System.nanoTime() - start);
        assertThat(result).isInstanceOf(Rejected.class);
        assertThat(took).isLessThan(REFUSAL_BOUND);
        return (Rejected) result;
    }
}
