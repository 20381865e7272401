package io.ssdstream.schemas;

import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.avro.specific.SpecificRecordBase;

/** Realistic instances of every contract, for round trips and the documentation's worked example. */
final class ContractSamples {

    static final Instant CAPTURED = Instant.parse("2025-03-01T08:30:00.120Z");

    /** Every top-level contract, one per topic. */
    static final List<Class<? extends SpecificRecordBase>> CONTRACTS =
            List.of(VideoFrame.class, DetectionEvent.class, FrameRejected.class, CameraClassCounts.class,
                    ObjectEvent.class);

    private ContractSamples() {
    }

    static VideoFrame videoFrame() {
        return VideoFrame.newBuilder()
                .setCameraId("lobby-1")
                .setFrameSequence(1042)
                .setCaptureTime(CAPTURED)
                .setCaptureTimeSource(CaptureTimeSource.CAMERA)
                .setIngestTime(CAPTURED.plusMillis(18))
                .setWidth(640)
                .setHeight(480)
                .setEncoding(FrameEncoding.JPEG)
                .setImage(ByteBuffer.wrap(new byte[] {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF, (byte) 0xE0, 0, 16}))
                .setMetadata(Map.of("site", "hq", "lens", "2.8mm"))
                .build();
    }

    static DetectionEvent detectionEvent() {
        return DetectionEvent.newBuilder()
                .setCameraId("lobby-1")
                .setFrameSequence(1042)
                .setCaptureTime(CAPTURED)
                .setProcessingTime(CAPTURED.plusMillis(65))
                .setModelName("ssd300-coco")
                .setModelVersion("1.0.0")
                .setFrameWidth(640)
                .setFrameHeight(480)
                .setDetections(List.of(Detection.newBuilder()
                        .setClassId(1)
                        .setLabel("person")
                        .setScore(0.875f)
                        .setBox(new BoundingBox(112.5f, 40f, 260.25f, 470f))
                        .setTrackId(7L)
                        .build()))
                .setTimings(new InferenceTimings(12_500L, 8, 41_250L))
                .build();
    }

    /** The end of the person of {@link #detectionEvent()}: seen for 12.5 s, walked about 310 px. */
    static ObjectEvent objectEvent() {
        return ObjectEvent.newBuilder()
                .setCameraId("lobby-1")
                .setTrackId(7L)
                .setKind(ObjectEventKind.END)
                .setLabel("person")
                .setCaptureTime(CAPTURED.plusMillis(2_000))
                .setFrameSequence(1092L)
                .setBox(new BoundingBox(112.5f, 40f, 260.25f, 470f))
                .setScore(0.875f)
                .setBestScore(0.9375f)
                .setStationary(false)
                .setReasons(List.of())
                .setFirstSeen(CAPTURED.minusMillis(12_500))
                .setLastSeen(CAPTURED)
                .setDurationMillis(12_500L)
                .setPath(new ObjectPath(480f, 250f, 186.375f, 255f, 310.5f, 311))
                .build();
    }

    static FrameRejected frameRejected() {
        return FrameRejected.newBuilder()
                .setCameraId("dock-3")
                .setFrameSequence(77L)
                .setSourceTopic("frames")
                .setSourcePartition(5)
                .setSourceOffset(981_223L)
                .setReason(RejectReason.TOO_LARGE)
                .setMessage("image of 12582912 bytes exceeds the 8388608-byte limit")
                .setRejectedTime(CAPTURED)
                .setOriginalSize(12_582_950L)
                .setOriginalBytes(ByteBuffer.wrap(new byte[] {(byte) 0xC3, 0x01, 1, 2, 3, 4}))
                .build();
    }

    static CameraClassCounts cameraClassCounts() {
        return CameraClassCounts.newBuilder()
                .setCameraId("lobby-1")
                .setWindowStart(Instant.parse("2025-03-01T08:30:00Z"))
                .setWindowEnd(Instant.parse("2025-03-01T08:31:00Z"))
                .setModelName("ssd300-coco")
                .setModelVersion("1.0.0")
                .setMinScore(0.5f)
                .setFrames(1_500L)
                .setClasses(List.of(
                        new ClassCount(1, "person", 2_210L, 1_320L),
                        new ClassCount(3, "car", 15L, 15L)))
                .build();
    }
}
