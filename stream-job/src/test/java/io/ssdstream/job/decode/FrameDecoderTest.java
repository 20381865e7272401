package io.ssdstream.job.decode;

import static io.ssdstream.job.decode.TestImages.PREFIX;
import static io.ssdstream.job.decode.TestImages.frame;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.ssdstream.job.decode.DecodeResult.Decoded;
import io.ssdstream.job.decode.DecodeResult.Rejected;
import io.ssdstream.schemas.CaptureTimeSource;
import io.ssdstream.schemas.FrameEncoding;
import io.ssdstream.schemas.RejectReason;
import io.ssdstream.schemas.VideoFrame;
import io.ssdstream.ssd.preprocess.RgbFrame;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.Arrays;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class FrameDecoderTest {

    private static final int WIDTH = 64;
    private static final int HEIGHT = 48;
    /** Flat 16-pixel-aligned blocks at quality 0.95 come back within a few levels; edges ring more, so skip them. */
    private static final int JPEG_TOLERANCE = 8;
    private static final int EDGE_MARGIN = 4;

    private static final BufferedImage QUADRANTS = TestImages.quadrants(WIDTH, HEIGHT);
    private static final byte[] JPEG = TestImages.jpeg(QUADRANTS, false);

    private final FrameDecoder decoder = new FrameDecoder(DecodeLimits.DEFAULTS);

    @Test
    void decodesABaselineJpegToRgbWithinJpegTolerance() {
        assertQuadrants(decoded(frame(FrameEncoding.JPEG, WIDTH, HEIGHT, JPEG)));
    }

    @Test
    void decodesAProgressiveJpeg() {
        byte[] progressive = TestImages.jpeg(QUADRANTS, true);
        assertQuadrants(decoded(frame(FrameEncoding.JPEG, WIDTH, HEIGHT, progressive)));
    }

    @Test
    void decodesAPngExactly() {
        BufferedImage noise = TestImages.noise(37, 23, BufferedImage.TYPE_INT_RGB, 1);
        RgbFrame image = decoded(frame(FrameEncoding.PNG, 37, 23, TestImages.png(noise)));
        assertThat(image.rgb()).isEqualTo(TestImages.packedRgb(noise));
    }

    @Test
    void dropsThePngAlphaChannelAndExpandsGrey() {
        BufferedImage translucent = TestImages.noise(19, 11, BufferedImage.TYPE_INT_ARGB, 2);
        assertThat(decoded(frame(FrameEncoding.PNG, 19, 11, TestImages.png(translucent))).rgb())
                .isEqualTo(TestImages.packedRgb(translucent));
        // Grey samples are compared raw: getRGB would convert them from linear grey to sRGB.
        BufferedImage grey = TestImages.noise(19, 11, BufferedImage.TYPE_BYTE_GRAY, 3);
        byte[] rgb = decoded(frame(FrameEncoding.PNG, 19, 11, TestImages.png(grey))).rgb();
        for (int i = 0; i < 19 * 11; i++) {
            int sample = grey.getRaster().getSample(i % 19, i / 19, 0);
            assertThat(Arrays.copyOfRange(rgb, 3 * i, 3 * i + 3)).as("pixel %d", i)
                    .containsExactly(sample, sample, sample);
        }
    }

    @Test
    void rawRgbIsCopiedAsIs() {
        byte[] rgb = randomBytes(5 * 4 * 3);
        RgbFrame image = decoded(frame(FrameEncoding.RAW_RGB24, 5, 4, rgb));
        assertThat(image.width()).isEqualTo(5);
        assertThat(image.height()).isEqualTo(4);
        assertThat(image.rgb()).isEqualTo(rgb).isNotSameAs(rgb);
    }

    @Test
    void rawBgrIsSwappedToRgb() {
        byte[] bgr = {1, 2, 3, 4, 5, 6};
        assertThat(decoded(frame(FrameEncoding.RAW_BGR24, 2, 1, bgr)).rgb()).containsExactly(3, 2, 1, 6, 5, 4);
        assertThat(bgr).containsExactly(1, 2, 3, 4, 5, 6);
    }

    @Test
    void rawBytesOfTheWrongLengthAreUndecodable() {
        assertRejected(frame(FrameEncoding.RAW_RGB24, 5, 4, new byte[59]), RejectReason.UNDECODABLE,
                PREFIX + "RAW_RGB24 image of 5x4 needs 60 bytes (3 per pixel), got 59");
        assertRejected(frame(FrameEncoding.RAW_BGR24, 64, 48, JPEG), RejectReason.UNDECODABLE,
                PREFIX + "RAW_BGR24 image of 64x48 needs 9216 bytes (3 per pixel), got " + JPEG.length
                        + "; the bytes look like a JPEG");
    }

    @Test
    void garbageBytesAreUndecodable() {
        byte[] garbage = randomBytes(5000);
        assertRejected(frame(FrameEncoding.JPEG, WIDTH, HEIGHT, garbage), RejectReason.UNDECODABLE,
                PREFIX + "image is not a valid JPEG: it does not start with the JPEG start-of-image marker FF D8");
        assertRejected(frame(FrameEncoding.PNG, WIDTH, HEIGHT, garbage), RejectReason.UNDECODABLE,
                PREFIX + "image is not a valid PNG: it does not start with the PNG signature");
    }

    @Test
    void aJpegCutInHalfIsUndecodable() {
        // Noise compresses poorly, so the cut lands deep in the entropy-coded data, where libjpeg would fill in grey.
        byte[] jpeg = TestImages.jpeg(TestImages.noise(320, 240, BufferedImage.TYPE_INT_RGB, 6), false);
        byte[] half = Arrays.copyOf(jpeg, jpeg.length / 2);
        Rejected rejected = rejected(frame(FrameEncoding.JPEG, 320, 240, half));
        assertThat(rejected.reason()).isEqualTo(RejectReason.UNDECODABLE);
        assertThat(rejected.message()).startsWith(PREFIX).contains("FF D9").contains("truncated");
    }

    @Test
    void aPngCutInHalfIsUndecodable() {
        byte[] png = TestImages.png(TestImages.noise(WIDTH, HEIGHT, BufferedImage.TYPE_INT_RGB, 4));
        Rejected rejected = rejected(frame(FrameEncoding.PNG, WIDTH, HEIGHT, Arrays.copyOf(png, png.length / 2)));
        assertThat(rejected.reason()).isEqualTo(RejectReason.UNDECODABLE);
        assertThat(rejected.message()).startsWith(PREFIX).contains("IEND").contains("truncated");
    }

    @Test
    void aCompleteLookingStreamWithCorruptDataIsUndecodable() {
        assertRejected(frame(FrameEncoding.PNG, 640, 480, TestImages.pngHeader(640, 480)), RejectReason.UNDECODABLE,
                PREFIX + "OpenCV could not decode the PNG data into a 640x480 colour image (corrupt image data)");
        assertRejected(frame(FrameEncoding.JPEG, 64, 48, TestImages.jpegHeader(0xC0, 64, 48)),
                RejectReason.UNDECODABLE,
                PREFIX + "OpenCV could not decode the JPEG data into a 64x48 colour image (corrupt image data)");
    }

    @Test
    void decompressionBombsAreTooLargeBeforeDecoding() {
        byte[] jpegBomb = TestImages.jpegHeader(0xC2, 50000, 50000);
        byte[] pngBomb = TestImages.pngHeader(50000, 50000);
        assertRejected(frame(FrameEncoding.JPEG, 50000, 50000, jpegBomb), RejectReason.TOO_LARGE,
                PREFIX + "declared 50000x50000 = 2500000000 pixels exceeds the 67108864-pixel limit");
        assertRejected(frame(FrameEncoding.JPEG, 640, 480, jpegBomb), RejectReason.TOO_LARGE,
                PREFIX + "the JPEG header says 50000x50000 = 2500000000 pixels, which exceeds the 67108864-pixel"
                        + " limit (declared 640x480)");
        assertRejected(frame(FrameEncoding.PNG, 640, 480, pngBomb), RejectReason.TOO_LARGE,
                PREFIX + "the PNG header says 50000x50000 = 2500000000 pixels, which exceeds the 67108864-pixel"
                        + " limit (declared 640x480)");
    }

    @Test
    void zeroAndNegativeDeclaredSizesAreUndecodable() {
        assertRejected(frame(FrameEncoding.JPEG, 0, 0, JPEG), RejectReason.UNDECODABLE,
                PREFIX + "declared size 0x0 is not an image size (width and height must be positive)");
        assertRejected(frame(FrameEncoding.RAW_RGB24, -4, 3, new byte[36]), RejectReason.UNDECODABLE,
                PREFIX + "declared size -4x3 is not an image size (width and height must be positive)");
        assertRejected(frame(FrameEncoding.PNG, 64, -48, JPEG), RejectReason.UNDECODABLE,
                PREFIX + "declared size 64x-48 is not an image size (width and height must be positive)");
    }

    @Test
    void aDeclaredSizeOtherThanTheRealOneIsUndecodable() {
        assertRejected(frame(FrameEncoding.JPEG, 48, 64, JPEG), RejectReason.UNDECODABLE,
                PREFIX + "declared size 48x64 does not match the JPEG header's 64x48");
        byte[] png = TestImages.png(QUADRANTS);
        assertRejected(frame(FrameEncoding.PNG, 640, 480, png), RejectReason.UNDECODABLE,
                PREFIX + "declared size 640x480 does not match the PNG header's 64x48");
    }

    @Test
    void anUnknownEncodingIsUnsupported() {
        assertRejected(frame(FrameEncoding.UNKNOWN, WIDTH, HEIGHT, JPEG), RejectReason.UNSUPPORTED_ENCODING,
                PREFIX + "encoding UNKNOWN is not supported (an encoding this reader does not know; supported are"
                        + " JPEG, PNG, RAW_RGB24 and RAW_BGR24)");
    }

    @Test
    void anUnsupportedEncodingWinsOverEveryOtherProblem() {
        assertThat(rejected(frame(FrameEncoding.UNKNOWN, 0, 0, new byte[0])).reason())
                .isEqualTo(RejectReason.UNSUPPORTED_ENCODING);
    }

    @Test
    void anEmptyImageIsUndecodable() {
        assertRejected(frame(FrameEncoding.JPEG, WIDTH, HEIGHT, new byte[0]), RejectReason.UNDECODABLE,
                PREFIX + "JPEG image is empty (0 bytes)");
        assertRejected(frame(FrameEncoding.RAW_RGB24, 1, 1, new byte[0]), RejectReason.UNDECODABLE,
                PREFIX + "RAW_RGB24 image is empty (0 bytes)");
    }

    @Test
    void oversizeEncodedBytesAreTooLarge() {
        FrameDecoder small = new FrameDecoder(new DecodeLimits(DecodeLimits.DEFAULTS.maxPixels(), 1000));
        assertRejected(small, frame(FrameEncoding.JPEG, WIDTH, HEIGHT, new byte[1001]), RejectReason.TOO_LARGE,
                PREFIX + "JPEG image is 1001 bytes, above the 1000-byte limit");
        assertThat(small.decode(frame(FrameEncoding.RAW_RGB24, 10, 10, new byte[300])))
                .isInstanceOf(Decoded.class);
    }

    @Test
    void aJpegLabelledPngIsUndecodableAndSaysWhatItLooksLike() {
        assertRejected(frame(FrameEncoding.PNG, WIDTH, HEIGHT, JPEG), RejectReason.UNDECODABLE,
                PREFIX + "image is not a valid PNG: it does not start with the PNG signature;"
                        + " the bytes look like a JPEG");
    }

    @Test
    void aJpegFollowedByZeroPaddingDecodesAndOneFollowedByOtherBytesDoesNot() {
        byte[] padded = TestImages.concat(JPEG, new byte[64]);
        assertQuadrants(decoded(frame(FrameEncoding.JPEG, WIDTH, HEIGHT, padded)));
        byte[] trailed = TestImages.concat(JPEG, TestImages.bytes(0x01, 0x02));
        assertThat(rejected(frame(FrameEncoding.JPEG, WIDTH, HEIGHT, trailed)).message()).contains("FF D9");
    }

    @Test
    void decodesFromTheBufferWindowWithoutMovingIt() {
        byte[] padded = TestImages.concat(TestImages.bytes(7, 7, 7), JPEG, TestImages.bytes(9));
        ByteBuffer window = ByteBuffer.wrap(padded, 3, JPEG.length);
        ByteBuffer offsetSlice = window.slice();
        ByteBuffer readOnly = window.asReadOnlyBuffer();
        ByteBuffer direct = ByteBuffer.allocateDirect(JPEG.length).put(JPEG).flip();
        for (ByteBuffer buffer : new ByteBuffer[] {window, offsetSlice, readOnly, direct}) {
            int position = buffer.position();
            assertQuadrants(decoded(frame(FrameEncoding.JPEG, WIDTH, HEIGHT, buffer)));
            assertThat(buffer.position()).isEqualTo(position);
        }
    }

    @Test
    void missingFieldsOfAHandBuiltFrameAreRejectedNotThrown() {
        // The all-arguments constructor, unlike the builder, does not refuse nulls.
        VideoFrame noImage = new VideoFrame(TestImages.CAMERA, TestImages.SEQUENCE, Instant.EPOCH,
                CaptureTimeSource.INGEST, Instant.EPOCH, WIDTH, HEIGHT, FrameEncoding.JPEG, null, Map.of());
        assertThat(rejected(noImage).reason()).isEqualTo(RejectReason.UNDECODABLE);
        VideoFrame noEncoding = new VideoFrame(TestImages.CAMERA, TestImages.SEQUENCE, Instant.EPOCH,
                CaptureTimeSource.INGEST, Instant.EPOCH, WIDTH, HEIGHT, null, ByteBuffer.wrap(JPEG), Map.of());
        assertThat(rejected(noEncoding).reason()).isEqualTo(RejectReason.UNSUPPORTED_ENCODING);
    }

    @Test
    void randomDamageToAJpegOrPngNeverThrows() {
        byte[] png = TestImages.png(QUADRANTS);
        Random random = new Random(5);
        for (int trial = 0; trial < 200; trial++) {
            boolean isJpeg = trial % 2 == 0;
            byte[] damaged = (isJpeg ? JPEG : png).clone();
            for (int flips = 1 + random.nextInt(4); flips > 0; flips--) {
                damaged[random.nextInt(damaged.length)] ^= (byte) (1 << random.nextInt(8));
            }
            DecodeResult result = decoder.decode(
                    frame(isJpeg ? FrameEncoding.JPEG : FrameEncoding.PNG, WIDTH, HEIGHT, damaged));
            if (result instanceof Decoded decoded) {
                assertThat(decoded.image().rgb()).hasSize(WIDTH * HEIGHT * 3);
            } else {
                assertThat(((Rejected) result).message()).startsWith(PREFIX);
            }
        }
    }

    @Test
    void survivesJavaSerializationAsFlinkShipsIt() throws IOException, ClassNotFoundException {
        FrameDecoder small = new FrameDecoder(new DecodeLimits(100, 1000));
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(small);
        }
        FrameDecoder copy;
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
            copy = (FrameDecoder) in.readObject();
        }
        assertThat(rejected(copy, frame(FrameEncoding.RAW_RGB24, 11, 10, new byte[330])).message())
                .contains("the 100-pixel limit");
    }

    static void assertQuadrants(RgbFrame image) {
        assertThat(image.width()).isEqualTo(WIDTH);
        assertThat(image.height()).isEqualTo(HEIGHT);
        byte[] rgb = image.rgb();
        for (int y = 0; y < HEIGHT; y++) {
            for (int x = 0; x < WIDTH; x++) {
                if (Math.abs(x - WIDTH / 2) < EDGE_MARGIN || Math.abs(y - HEIGHT / 2) < EDGE_MARGIN) {
                    continue;
                }
                int[] expected = TestImages.QUADRANT_RGB[TestImages.quadrant(x, y, WIDTH, HEIGHT)];
                int at = (y * WIDTH + x) * 3;
                for (int channel = 0; channel < 3; channel++) {
                    assertThat(rgb[at + channel] & 0xFF).as("pixel (%d, %d) channel %d", x, y, channel)
                            .isCloseTo(expected[channel], within(JPEG_TOLERANCE));
                }
            }
        }
    }

    private RgbFrame decoded(VideoFrame frame) {
        DecodeResult result = decoder.decode(frame);
        assertThat(result).as("%s", result).isInstanceOf(Decoded.class);
        return ((Decoded) result).image();
    }

    private Rejected rejected(VideoFrame frame) {
        return rejected(decoder, frame);
    }

    private static Rejected rejected(FrameDecoder decoder, VideoFrame frame) {
        DecodeResult result = decoder.decode(frame);
        assertThat(result).as("%s", result).isInstanceOf(Rejected.class);
        return (Rejected) result;
    }

    private void assertRejected(VideoFrame frame, RejectReason reason, String message) {
        assertRejected(decoder, frame, reason, message);
    }

    private static void assertRejected(FrameDecoder decoder, VideoFrame frame, RejectReason reason, String message) {
        Rejected rejected = rejected(decoder, frame);
        assertThat(rejected.message()).isEqualTo(message);
        assertThat(rejected.reason()).isEqualTo(reason);
    }

    private static byte[] randomBytes(int length) {
        byte[] bytes = new byte[length];
        new Random(length).nextBytes(bytes);
        return bytes;
    }
}
