package io.ssdstream.job.decode;

import static io.ssdstream.job.decode.TestImages.bytes;
import static io.ssdstream.job.decode.TestImages.concat;
import static io.ssdstream.job.decode.TestImages.jpegHeader;
import static io.ssdstream.job.decode.TestImages.jpegScan;
import static io.ssdstream.job.decode.TestImages.pngChunk;
import static io.ssdstream.job.decode.TestImages.pngHeader;
import static org.assertj.core.api.Assertions.assertThat;

import io.ssdstream.schemas.FrameEncoding;
import java.nio.ByteBuffer;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

class ImageHeaderTest {

    private static final int SCANS = DecodeLimits.DEFAULT_MAX_JPEG_SCANS;
    private static final byte[] JPEG = TestImages.jpeg(TestImages.quadrants(64, 48), false);
    private static final byte[] PNG = TestImages.png(TestImages.quadrants(64, 48));

    @Test
    void readsTheSizeOfRealJpegsAndPngs() {
        assertSize(FrameEncoding.JPEG, JPEG, 64, 48);
        assertSize(FrameEncoding.JPEG, TestImages.jpeg(TestImages.quadrants(64, 48), true), 64, 48);
        assertSize(FrameEncoding.PNG, PNG, 64, 48);
    }

    @ParameterizedTest
    @ValueSource(ints = {0xC0, 0xC1, 0xC2, 0xC3, 0xC5, 0xC6, 0xC7, 0xC9, 0xCA, 0xCB, 0xCD, 0xCE, 0xCF})
    void everyFrameHeaderMarkerGivesTheSize(int sofMarker) {
        assertSize(FrameEncoding.JPEG, jpegHeader(sofMarker, 50000, 40000), 50000, 40000);
    }

    @ParameterizedTest
    @ValueSource(ints = {0xC4, 0xC8, 0xCC})
    void tableAndReservedMarkersInTheFrameRangeAreSkipped(int marker) {
        // The segment is shaped like a frame header declaring 9999x9999, which a careless probe would report.
        byte[] decoy = bytes(0xFF, marker, 0x00, 0x08, 0x08, 0x27, 0x0F, 0x27, 0x0F, 0x01);
        byte[] real = jpegHeader(0xC0, 640, 480);
        byte[] jpeg = concat(Arrays.copyOf(real, 2), decoy, Arrays.copyOfRange(real, 2, real.length));
        assertSize(FrameEncoding.JPEG, jpeg, 640, 480);
    }

    @Test
    void fillBytesAndStandaloneMarkersBeforeTheFrameAreAllowed() {
        byte[] real = jpegHeader(0xC0, 320, 200);
        byte[] jpeg = concat(Arrays.copyOf(real, 2), bytes(0xFF, 0xFF, 0xFF, 0x01, 0xFF, 0xD3),
                bytes(0xFF, 0xFF), Arrays.copyOfRange(real, 2, real.length));
        assertSize(FrameEncoding.JPEG, jpeg, 320, 200);
    }

    @Test
    void malformedJpegHeadersAreNamed() {
        byte[] frame = Arrays.copyOfRange(jpegHeader(0xC0, 8, 8), 2, 21);
        assertFault(FrameEncoding.JPEG, bytes(0x12, 0x34, 0x56), HeaderFault.NOT_JPEG);
        assertFault(FrameEncoding.JPEG, bytes(0xFF, 0xD8), HeaderFault.HEADER_CUT);
        assertFault(FrameEncoding.JPEG, concat(bytes(0xFF, 0xD8), Arrays.copyOf(frame, 10)), HeaderFault.HEADER_CUT);
        assertFault(FrameEncoding.JPEG, bytes(0xFF, 0xD8, 0x00, 0xC0), HeaderFault.BAD_MARKER);
        assertFault(FrameEncoding.JPEG, bytes(0xFF, 0xD8, 0xFF, 0xE0, 0x00, 0x01, 0xFF, 0xD9), HeaderFault.BAD_MARKER);
        assertFault(FrameEncoding.JPEG, bytes(0xFF, 0xD8, 0xFF, 0xD8, 0xFF, 0xD9), HeaderFault.BAD_MARKER);
        assertFault(FrameEncoding.JPEG, concat(bytes(0xFF, 0xD8), frame, frame, jpegScan()), HeaderFault.BAD_MARKER);
        assertFault(FrameEncoding.JPEG, concat(bytes(0xFF, 0xD8), frame, bytes(0xFF, 0xD9)), HeaderFault.NO_SCAN);
        assertFault(FrameEncoding.JPEG, concat(bytes(0xFF, 0xD8), jpegScan()), HeaderFault.NO_FRAME_HEADER);
    }

    @Test
    void aHeightLeftToADnlMarkerOrAZeroWidthIsNoSize() {
        assertFault(FrameEncoding.JPEG, jpegHeader(0xC0, 640, 0), HeaderFault.NO_SIZE);
        assertFault(FrameEncoding.JPEG, jpegHeader(0xC2, 0, 480), HeaderFault.NO_SIZE);
    }

    @Test
    void aJpegIsCompleteOnlyWhenItEndsWithEoiOptionallyZeroPadded() {
        assertSize(FrameEncoding.JPEG, concat(JPEG, new byte[100]), 64, 48);
        assertFault(FrameEncoding.JPEG, concat(JPEG, bytes(0x42)), HeaderFault.NO_JPEG_END);
        assertFault(FrameEncoding.JPEG, Arrays.copyOf(JPEG, JPEG.length - 1), HeaderFault.NO_JPEG_END);
    }

    @Test
    void scansAreCountedAcrossEntropyCodedDataUpToTheLimit() {
        // Entropy-coded data with a stuffed FF 00 and a restart marker, which do not end it, then a table between
        // scans, as progressive encoders write them.
        byte[] data = bytes(0x12, 0xFF, 0x00, 0x34, 0xFF, 0xD0, 0x56);
        byte[] scan = Arrays.copyOf(jpegScan(), 14);
        byte[] table = bytes(0xFF, 0xC4, 0x00, 0x03, 0x00);
        byte[] threeScans = concat(Arrays.copyOf(jpegHeader(0xC2, 64, 48), 21), scan, data, table, scan, data,
                bytes(0xFF, 0xFF), scan, data, bytes(0xFF, 0xD9));
        assertThat(ImageHeader.probe(FrameEncoding.JPEG, ByteBuffer.wrap(threeScans), 3))
                .isEqualTo(ImageHeader.size(64, 48));
        assertThat(ImageHeader.faultOf(ImageHeader.probe(FrameEncoding.JPEG, ByteBuffer.wrap(threeScans), 2)))
                .isEqualTo(HeaderFault.TOO_MANY_SCANS);
        byte[] frameAfterScan = concat(Arrays.copyOf(threeScans, 21 + 14 + 7), Arrays.copyOfRange(threeScans, 2, 21),
                bytes(0xFF, 0xD9));
        assertFault(FrameEncoding.JPEG, frameAfterScan, HeaderFault.BAD_MARKER);
    }

    @Test
    void everyCutOfARealJpegIsAFault() {
        for (byte[] jpeg : new byte[][] {JPEG, TestImages.jpeg(TestImages.quadrants(64, 48), true)}) {
            for (int length = 0; length < jpeg.length; length++) {
                long probe = ImageHeader.probe(FrameEncoding.JPEG, ByteBuffer.wrap(jpeg, 0, length), SCANS);
                assertThat(ImageHeader.isFault(probe)).as("JPEG cut to %d of %d bytes", length, jpeg.length).isTrue();
            }
        }
    }

    @Test
    void everyCutOfARealPngIsAFault() {
        for (int length = 0; length < PNG.length; length++) {
            long probe = ImageHeader.probe(FrameEncoding.PNG, ByteBuffer.wrap(PNG, 0, length), SCANS);
            assertThat(ImageHeader.isFault(probe)).as("PNG cut to %d of %d bytes", length, PNG.length).isTrue();
        }
    }

    @Test
    void malformedPngHeadersAreNamed() {
        byte[] png = pngHeader(640, 480);
        assertFault(FrameEncoding.PNG, JPEG, HeaderFault.NOT_PNG);
        assertFault(FrameEncoding.PNG, Arrays.copyOf(png, 20), HeaderFault.HEADER_CUT);
        byte[] textFirst = concat(Arrays.copyOf(png, 8), pngChunk("tEXt", bytes('a', 0, 'b')),
                Arrays.copyOfRange(png, 8, png.length));
        assertFault(FrameEncoding.PNG, textFirst, HeaderFault.NO_IHDR);
        assertFault(FrameEncoding.PNG, pngHeader(0, 480), HeaderFault.NO_SIZE);
        assertFault(FrameEncoding.PNG, pngHeader(640, 0x8000_0000), HeaderFault.NO_SIZE);
        assertFault(FrameEncoding.PNG, concat(png, bytes(0x42)), HeaderFault.NO_PNG_END);
        assertSize(FrameEncoding.PNG, concat(png, new byte[7]), 640, 480);
    }

    @Test
    void probesFromThePositionToTheLimitAndLeavesTheBufferAlone() {
        byte[] padded = concat(bytes(1, 2, 3), PNG, bytes(9, 9));
        ByteBuffer slice = ByteBuffer.wrap(padded, 3, PNG.length).slice();
        ByteBuffer window = ByteBuffer.wrap(padded, 3, PNG.length);
        for (ByteBuffer buffer : new ByteBuffer[] {slice, window, window.asReadOnlyBuffer()}) {
            int position = buffer.position();
            assertThat(ImageHeader.probe(FrameEncoding.PNG, buffer, SCANS)).isEqualTo(ImageHeader.size(64, 48));
            assertThat(buffer.position()).isEqualTo(position);
        }
    }

    @Test
    void packedOutcomesRoundTrip() {
        long largest = ImageHeader.size(Integer.MAX_VALUE, Integer.MAX_VALUE);
        assertThat(ImageHeader.isFault(largest)).isFalse();
        assertThat(ImageHeader.width(largest)).isEqualTo(Integer.MAX_VALUE);
        assertThat(ImageHeader.height(largest)).isEqualTo(Integer.MAX_VALUE);
        long small = ImageHeader.size(1, 2);
        assertThat(ImageHeader.width(small)).isEqualTo(1);
        assertThat(ImageHeader.height(small)).isEqualTo(2);
    }

    @ParameterizedTest
    @EnumSource(HeaderFault.class)
    void everyFaultRoundTrips(HeaderFault fault) {
        long probe = ImageHeader.fault(fault);
        assertThat(ImageHeader.isFault(probe)).isTrue();
        assertThat(ImageHeader.faultOf(probe)).isEqualTo(fault);
    }

    @Test
    void lookalikesAreRecognisedFromTheFirstBytes() {
        assertThat(ImageHeader.lookalike(ByteBuffer.wrap(JPEG))).isEqualTo(FrameEncoding.JPEG);
        assertThat(ImageHeader.lookalike(ByteBuffer.wrap(PNG))).isEqualTo(FrameEncoding.PNG);
        assertThat(ImageHeader.lookalike(ByteBuffer.wrap(bytes(0xFF)))).isNull();
        assertThat(ImageHeader.lookalike(ByteBuffer.wrap(new byte[64]))).isNull();
    }

    private static void assertSize(FrameEncoding encoding, byte[] image, int width, int height) {
        long probe = ImageHeader.probe(encoding, ByteBuffer.wrap(image), SCANS);
        assertThat(ImageHeader.isFault(probe))
                .as("probe fault %s", ImageHeader.isFault(probe) ? ImageHeader.faultOf(probe) : null)
                .isFalse();
        assertThat(ImageHeader.width(probe)).isEqualTo(width);
        assertThat(ImageHeader.height(probe)).isEqualTo(height);
    }

    private static void assertFault(FrameEncoding encoding, byte[] image, HeaderFault fault) {
        long probe = ImageHeader.probe(encoding, ByteBuffer.wrap(image), SCANS);
        assertThat(ImageHeader.isFault(probe)).as("probe of %d bytes is a fault", image.length).isTrue();
        assertThat(ImageHeader.faultOf(probe)).isEqualTo(fault);
    }
}
