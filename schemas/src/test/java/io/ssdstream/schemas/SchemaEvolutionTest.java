package io.ssdstream.schemas;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.ssdstream.schemas.WireFormatException.Reason;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;
import org.apache.avro.SchemaCompatibility.SchemaCompatibilityType;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.generic.GenericRecordBuilder;
import org.apache.avro.message.SchemaStore;
import org.junit.jupiter.api.Test;

/**
 * Data crossing schema versions in both directions, with hand-written versions from test resources: an older
 * VideoFrame (before captureTimeSource, metadata and RAW_BGR24), a newer VideoFrame (a HEIC encoding and an
 * exposure field) and a newer DetectionEvent (the device in the timings); and the released DetectionEvent v1,
 * before detections carried a track id; and the released CameraClassCounts v1, before counts carried objects, line
 * crossings, zone occupancy and revisions.
 */
class SchemaEvolutionTest {

    private static final Schema OLDER_FRAME = resource("VideoFrame-older.avsc");
    private static final Schema NEWER_FRAME = resource("VideoFrame-newer.avsc");
    private static final Schema NEWER_EVENT = resource("DetectionEvent-newer.avsc");

    @Test
    void fixturesAreEvolutionsTheBuildWouldAccept() {
        for (Schema[] pair : List.of(new Schema[] {OLDER_FRAME, VideoFrame.getClassSchema()},
                new Schema[] {VideoFrame.getClassSchema(), NEWER_FRAME},
                new Schema[] {DetectionEvent.getClassSchema(), NEWER_EVENT})) {
            assertThat(Incompatibilities.between(pair[1], pair[0])).as("newer reads older").isEmpty();
            assertThat(Incompatibilities.between(pair[0], pair[1])).as("older reads newer").isEmpty();
        }
    }

    @Test
    void currentReaderFillsDefaultsIntoDataOfAnOlderWriter() throws Exception {
        GenericRecord old = new GenericRecordBuilder(OLDER_FRAME)
                .set("cameraId", "gate-2")
                .set("frameSequence", 7L)
                .set("captureTime", 1_740_818_000_000L)
                .set("ingestTime", 1_740_818_000_040L)
                .set("width", 320)
                .set("height", 240)
                .set("encoding", new GenericData.EnumSymbol(OLDER_FRAME.getField("encoding").schema(), "PNG"))
                .set("image", ByteBuffer.wrap(new byte[] {(byte) 0x89, 'P', 'N', 'G'}))
                .build();
        byte[] message = WireCodec.generic(OLDER_FRAME, new SchemaStore.Cache()).encode(old);

        VideoFrame read = WireCodec.forRecord(VideoFrame.class, storeOf(OLDER_FRAME)).decode(message);

        assertThat(read.getCameraId()).isEqualTo("gate-2");
        assertThat(read.getCaptureTime().toEpochMilli()).isEqualTo(1_740_818_000_000L);
        assertThat(read.getEncoding()).isEqualTo(FrameEncoding.PNG);
        assertThat(read.getCaptureTimeSource()).isEqualTo(CaptureTimeSource.UNKNOWN);
        assertThat(read.getMetadata()).isEmpty();
    }

    @Test
    void olderReaderReadsCurrentDataMappingNewSymbolsToItsDefault() throws Exception {
        VideoFrame bgr = VideoFrame.newBuilder(ContractSamples.videoFrame()).setEncoding(FrameEncoding.RAW_BGR24)
                .build();
        byte[] message = WireCodec.forRecord(VideoFrame.class).encode(bgr);

        GenericRecord read = WireCodec.generic(OLDER_FRAME, storeOf(VideoFrame.getClassSchema())).decode(message);

        assertThat(read.get("cameraId")).hasToString("lobby-1");
        assertThat(read.get("frameSequence")).isEqualTo(1042L);
        assertThat(read.get("encoding")).hasToString("UNKNOWN");
        assertThat(read.hasField("metadata")).isFalse();
    }

    @Test
    void currentReaderReadsNewerDataIgnoringNewFieldsAndMappingNewSymbolsToUnknown() throws Exception {
        GenericRecord newer = new GenericRecordBuilder(NEWER_FRAME)
                .set("cameraId", "lobby-1")
                .set("frameSequence", 9L)
                .set("captureTime", 1_740_818_000_000L)
                .set("captureTimeSource", symbol(NEWER_FRAME, "captureTimeSource", "INGEST"))
                .set("ingestTime", 1_740_818_000_000L)
                .set("width", 4032)
                .set("height", 3024)
                .set("encoding", symbol(NEWER_FRAME, "encoding", "HEIC"))
                .set("image", ByteBuffer.wrap(new byte[] {0, 0, 0, 24}))
                .set("metadata", Map.of("site", "hq"))
                .set("exposureMicros", 8_000L)
                .build();
        byte[] message = WireCodec.generic(NEWER_FRAME, new SchemaStore.Cache()).encode(newer);

        SchemaStore.Cache releasedAndNewer = SchemaHistory.of(VideoFrame.getClassSchema()).writerSchemaStore();
        releasedAndNewer.addSchema(NEWER_FRAME);

        VideoFrame read = WireCodec.forRecord(VideoFrame.class, releasedAndNewer).decode(message);

        assertThat(read.getEncoding()).isEqualTo(FrameEncoding.UNKNOWN);
        assertThat(read.getCaptureTimeSource()).isEqualTo(CaptureTimeSource.INGEST);
        assertThat(read.getWidth()).isEqualTo(4032);
        assertThat(read.getMetadata()).containsEntry("site", "hq");
    }

    @Test
    void newerReaderFillsDefaultsIntoCurrentData() throws Exception {
        byte[] message = WireCodec.forRecord(DetectionEvent.class).encode(ContractSamples.detectionEvent());

        GenericRecord read = WireCodec.generic(NEWER_EVENT, storeOf(DetectionEvent.getClassSchema()))
                .decode(message);

        GenericRecord detection = (GenericRecord) ((List<?>) read.get("detections")).get(0);
        assertThat(detection.get("label")).hasToString("person");
        assertThat(detection.get("trackId")).isEqualTo(7L);
        assertThat(((GenericRecord) read.get("timings")).get("device")).hasToString("");
    }

    @Test
    void currentReaderReadsNewerNestedRecords() throws Exception {
        WireCodec<GenericRecord> newerWriter = WireCodec.generic(NEWER_EVENT, storeOf(DetectionEvent.getClassSchema()));
        GenericRecord newer = newerWriter.decode(
                WireCodec.forRecord(DetectionEvent.class).encode(ContractSamples.detectionEvent()));
        ((GenericRecord) newer.get("timings")).put("device", "cuda:0");

        DetectionEvent read = WireCodec.forRecord(DetectionEvent.class, storeOf(NEWER_EVENT))
                .decode(newerWriter.encode(newer));

        assertThat(read).isEqualTo(ContractSamples.detectionEvent());
    }

    @Test
    void detectionsWrittenBeforeTrackingReadWithoutATrackIdAndOldReadersSkipIt() throws Exception {
        Schema v1 = SchemaHistory.of(DetectionEvent.getClassSchema()).versions().get(0);
        assertThat(v1.getField("detections").schema().getElementType().getField("trackId")).isNull();
        WireCodec<GenericRecord> oldReader = WireCodec.generic(v1, storeOf(DetectionEvent.getClassSchema()));
        GenericRecord old = oldReader.decode(
                WireCodec.forRecord(DetectionEvent.class).encode(ContractSamples.detectionEvent()));

        DetectionEvent read = WireCodec.forRecord(DetectionEvent.class).decode(
                WireCodec.generic(v1, new SchemaStore.Cache()).encode(old));

        assertThat(((GenericRecord) ((List<?>) old.get("detections")).get(0)).hasField("trackId")).isFalse();
        assertThat(read.getDetections().get(0).getTrackId()).isNull();
        assertThat(read.getDetections().get(0).getLabel()).isEqualTo("person");
    }

    @Test
    void countsWrittenBeforeZonesReadAsAFirstEmissionWithoutZoneCountsAndOldReadersSkipThem() throws Exception {
        Schema v1 = SchemaHistory.of(CameraClassCounts.getClassSchema()).versions().get(0);
        assertThat(v1.getField("revision")).isNull();
        WireCodec<GenericRecord> oldReader = WireCodec.generic(v1, storeOf(CameraClassCounts.getClassSchema()));
        GenericRecord old = oldReader.decode(
                WireCodec.forRecord(CameraClassCounts.class).encode(ContractSamples.cameraClassCounts()));

        CameraClassCounts read = WireCodec.forRecord(CameraClassCounts.class).decode(
                WireCodec.generic(v1, new SchemaStore.Cache()).encode(old));

        GenericRecord oldPerson = (GenericRecord) ((List<?>) old.get("classes")).get(0);
        assertThat(oldPerson.get("detections")).isEqualTo(2_210L);
        assertThat(oldPerson.hasField("lineCrossings")).isFalse();
        assertThat(read.getRevision()).isZero();
        assertThat(read.getLateFrames()).isZero();
        ClassCount person = read.getClasses().get(0);
        assertThat(person.getLabel()).isEqualTo("person");
        assertThat(person.getFramesWithClass()).isEqualTo(1_320L);
        assertThat(person.getDistinctObjects()).isNull();
        assertThat(person.getLineCrossings()).isEmpty();
        assertThat(person.getZones()).isEmpty();
    }

    @Test
    void aReaderThatHasNotLearnedTheNewerVersionRefusesItByFingerprint() throws Exception {
        GenericRecord newer = WireCodec.generic(NEWER_EVENT, storeOf(DetectionEvent.getClassSchema()))
                .decode(WireCodec.forRecord(DetectionEvent.class).encode(ContractSamples.detectionEvent()));
        byte[] message = WireCodec.generic(NEWER_EVENT, new SchemaStore.Cache()).encode(newer);
        WireCodec<DetectionEvent> released = WireCodec.forRecord(DetectionEvent.class);

        WireFormatException e = catchThrowableOfType(WireFormatException.class, () -> released.decode(message));

        assertThat(e.reason()).isEqualTo(Reason.UNKNOWN_FINGERPRINT);
        assertThat(SchemaCompatibility.checkReaderWriterCompatibility(DetectionEvent.getClassSchema(), NEWER_EVENT).getType())
                .isEqualTo(SchemaCompatibilityType.COMPATIBLE);
    }

    private static GenericData.EnumSymbol symbol(Schema record, String field, String symbol) {
        return new GenericData.EnumSymbol(record.getField(field).schema(), symbol);
    }

    private static SchemaStore storeOf(Schema writer) {
        SchemaStore.Cache store = new SchemaStore.Cache();
        store.addSchema(writer);
        return store;
    }

    private static Schema resource(String name) {
        try (InputStream in = SchemaEvolutionTest.class.getResourceAsStream("/evolution/" + name)) {
            return new Schema.Parser().parse(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
