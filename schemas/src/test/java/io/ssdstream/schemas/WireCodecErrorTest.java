package io.ssdstream.schemas;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.ssdstream.schemas.WireFormatException.Reason;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Arrays;
import java.util.Random;
import org.apache.avro.Schema;
import org.apache.avro.SchemaNormalization;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.message.SchemaStore;
import org.junit.jupiter.api.Test;

class WireCodecErrorTest {

    private static final String VIDEO_FRAME = "io.ssdstream.schemas.VideoFrame";

    private final WireCodec<VideoFrame> frames = WireCodec.forRecord(VideoFrame.class);

    @Test
    void nullAndEmptyInputAreEmpty() {
        assertThat(failure(null)).satisfies(e -> {
            assertThat(e.reason()).isEqualTo(Reason.EMPTY);
            assertThat(e.getMessage()).contains(VIDEO_FRAME, "null");
        });
        assertThat(failure(new byte[0]).reason()).isEqualTo(Reason.EMPTY);
    }

    @Test
    void wrongMarkerSaysWhichByteAndWhatItHeld() {
        WireFormatException first = failure("{\"cameraId\":\"x\"}".getBytes());
        WireFormatException second = failure(new byte[] {(byte) 0xC3, 0x02, 0, 0, 0, 0, 0, 0, 0, 0, 0});

        assertThat(first.reason()).isEqualTo(Reason.BAD_MAGIC);
        assertThat(first.offset()).hasValue(0);
        assertThat(first.getMessage()).contains("0x7B", "C3 01", VIDEO_FRAME);
        assertThat(second.offset()).hasValue(1);
    }

    @Test
    void messageEndingInsideTheHeaderIsTruncated() {
        byte[] message = Arrays.copyOf(encode(ContractSamples.videoFrame()), 7);

        WireFormatException e = failure(message);

        assertThat(e.reason()).isEqualTo(Reason.TRUNCATED);
        assertThat(e.byteLength()).hasValue(7);
        assertThat(e.getMessage()).contains("header");
    }

    @Test
    void unknownFingerprintIsNamedInHexWithTheRecordType() {
        byte[] message = encode(ContractSamples.videoFrame());
        System.arraycopy(SingleObjectHeader.of(0x0123456789ABCDEFL), 0, message, 0, SingleObjectHeader.LENGTH);

        WireFormatException e = failure(message);

        assertThat(e.reason()).isEqualTo(Reason.UNKNOWN_FINGERPRINT);
        assertThat(e.offset()).hasValue(2);
        assertThat(e.getMessage()).contains("0x0123456789ABCDEF", VIDEO_FRAME);
    }

    @Test
    void knownButIncompatibleWriterSchemaIsRefusedWithAvrosReasons() throws Exception {
        SchemaStore.Cache store = new SchemaStore.Cache();
        store.addSchema(DetectionEvent.getClassSchema());
        WireCodec<VideoFrame> confused = WireCodec.forRecord(VideoFrame.class, store);
        byte[] event = WireCodec.forRecord(DetectionEvent.class).encode(ContractSamples.detectionEvent());

        WireFormatException e = catchThrowableOfType(WireFormatException.class, () -> confused.decode(event));

        assertThat(e.reason()).isEqualTo(Reason.INCOMPATIBLE_SCHEMA);
        assertThat(e.getMessage()).contains("io.ssdstream.schemas.DetectionEvent", "NAME_MISMATCH");
    }

    @Test
    void everyCutInsideTheDatumIsTruncatedAtTheEnd() {
        byte[] whole = encode(ContractSamples.videoFrame());

        for (int length = SingleObjectHeader.LENGTH; length < whole.length; length++) {
            WireFormatException e = failure(Arrays.copyOf(whole, length));

            assertThat(e.reason()).as("cut to %d bytes", length).isEqualTo(Reason.TRUNCATED);
            assertThat(e.byteLength()).hasValue(length);
            assertThat(e.offset().getAsInt()).isBetween(SingleObjectHeader.LENGTH, length);
        }
    }

    @Test
    void bytesAfterTheDatumAreTrailing() {
        byte[] whole = encode(ContractSamples.videoFrame());
        byte[] padded = Arrays.copyOf(whole, whole.length + 3);

        WireFormatException e = failure(padded);

        assertThat(e.reason()).isEqualTo(Reason.TRAILING_BYTES);
        assertThat(e.offset()).hasValue(whole.length);
        assertThat(e.getMessage()).contains("3 bytes follow");
    }

    @Test
    void invalidEnumIndexIsMalformed() {
        byte[] message = datumAfterHeader(out -> {
            out.writeString("cam");
            out.writeLong(1);
            out.writeLong(0);
            out.writeEnum(0);
            out.writeLong(0);
            out.writeInt(1);
            out.writeInt(1);
            out.writeEnum(99);
        });

        WireFormatException e = failure(message);

        assertThat(e.reason()).isEqualTo(Reason.MALFORMED_DATUM);
        assertThat(e.getMessage()).contains("99");
    }

    @Test
    void lengthBeyondTheMessageIsTruncatedWithoutAllocatingIt() {
        byte[] message = datumAfterHeader(out -> out.writeLong(1L << 30));

        WireFormatException e = failure(message);

        assertThat(e.reason()).isEqualTo(Reason.TRUNCATED);
        assertThat(e.getMessage()).contains("declares 1073741824 bytes");
    }

    @Test
    void collectionCountBeyondTheMessageIsTruncatedWithoutAllocatingIt() throws Exception {
        WireCodec<DetectionEvent> events = WireCodec.forRecord(DetectionEvent.class);
        byte[] message = datumAfterHeader(DetectionEvent.getClassSchema(), out -> {
            out.writeString("cam");
            out.writeLong(1);
            out.writeLong(0);
            out.writeLong(0);
            out.writeString("m");
            out.writeString("v");
            out.writeInt(1);
            out.writeInt(1);
            out.writeArrayStart();
            out.setItemCount(Integer.MAX_VALUE - 16);
        });

        WireFormatException e = catchThrowableOfType(WireFormatException.class, () -> events.decode(message));

        assertThat(e.reason()).isEqualTo(Reason.TRUNCATED);
        assertThat(e.getMessage()).contains("array", "declares " + (Integer.MAX_VALUE - 16) + " items");
    }

    @Test
    void garbageAfterAValidHeaderAlwaysEndsInAWireFormatException() {
        Random random = new Random(20250301);
        for (int trial = 0; trial < 2_000; trial++) {
            byte[] message = new byte[SingleObjectHeader.LENGTH + random.nextInt(200)];
            random.nextBytes(message);
            System.arraycopy(SingleObjectHeader.of(frames.fingerprint()), 0, message, 0, SingleObjectHeader.LENGTH);

            WireFormatException e = failure(message);

            assertThat(e.reason()).isIn(Reason.TRUNCATED, Reason.MALFORMED_DATUM, Reason.TRAILING_BYTES);
            assertThat(e.getMessage()).contains(VIDEO_FRAME);
        }
    }

    @Test
    void recordMissingARequiredValueIsUnencodableAndNamesTheField() {
        VideoFrame incomplete = ContractSamples.videoFrame();
        incomplete.put("cameraId", null);

        WireFormatException e = catchThrowableOfType(WireFormatException.class, () -> frames.encode(incomplete));

        assertThat(e.reason()).isEqualTo(Reason.UNENCODABLE);
        assertThat(e.byteLength()).isEmpty();
        assertThat(e.getMessage()).contains(VIDEO_FRAME, "cameraId");
    }

    private WireFormatException failure(byte[] message) {
        return catchThrowableOfType(WireFormatException.class, () -> frames.decode(message));
    }

    private byte[] encode(VideoFrame frame) {
        try {
            return frames.encode(frame);
        } catch (WireFormatException e) {
            throw new AssertionError(e);
        }
    }

    private byte[] datumAfterHeader(DatumWriting datum) {
        return datumAfterHeader(VideoFrame.getClassSchema(), datum);
    }

    /** A message with a valid header for {@code schema} and a datum written primitive by primitive. */
    private static byte[] datumAfterHeader(Schema schema, DatumWriting datum) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(SingleObjectHeader.of(SchemaNormalization.parsingFingerprint64(schema)));
        BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(out, null);
        try {
            datum.writeTo(encoder);
            encoder.flush();
        } catch (IOException e) {
            throw new AssertionError(e);
        }
        return out.toByteArray();
    }

    @FunctionalInterface
    private interface DatumWriting {
        void writeTo(BinaryEncoder out) throws IOException;
    }
}
