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
                    ObjectEvent.class, CameraConfig.class, ZoneEvent.class, LineCrossing.class);

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
                        ClassCount.newBuilder().setClassId(1).setLabel("person").setDetections(2_210L)
                                .setFramesWithClass(1_320L).setDistinctObjects(12L)
                                .setLineCrossings(List.of(new LineCrossingCount("entrance", 5L, 2L)))
                                .setZones(List.of(new ZoneOccupancy("loading-bay", 3, 1.25)))
                                .build(),
                        ClassCount.newBuilder().setClassId(3).setLabel("car").setDetections(15L)
                                .setFramesWithClass(15L).setDistinctObjects(1L).build()))
                .setRevision(1)
                .setLateFrames(4L)
                .build();
    }

    /** The configuration of the docs/zones.md example for a 1920x1080 camera, fractions resolved to pixels. */
    static CameraConfig cameraConfig() {
        return CameraConfig.newBuilder()
                .setCameraId("lobby-1")
                .setFrameWidth(1920)
                .setFrameHeight(1080)
                .setZones(List.of(ZoneConfig.newBuilder()
                        .setName("loading-bay")
                        .setPoints(List.of(new PixelPoint(192.0, 540.0), new PixelPoint(768.0, 540.0),
                                new PixelPoint(768.0, 1080.0), new PixelPoint(192.0, 1080.0)))
                        .setClasses(List.of("person"))
                        .setInertia(3)
                        .setLoiteringMillis(30_000L)
                        .setReferencePoint(ReferencePoint.BOTTOM_CENTRE)
                        .build()))
                .setLines(List.of(LineConfig.newBuilder()
                        .setName("entrance")
                        .setFrom(new PixelPoint(1152.0, 324.0))
                        .setTo(new PixelPoint(1152.0, 972.0))
                        .setInSide(LineSide.RIGHT)
                        .setClasses(List.of("person", "car"))
                        .setHysteresis(5.0)
                        .setReferencePoint(ReferencePoint.BOTTOM_CENTRE)
                        .build()))
                .setPublishedTime(CAPTURED.minusSeconds(3_600))
                .build();
    }

    /** Person 7 of {@link #detectionEvent()} has stood in the loading bay for 30 s. */
    static ZoneEvent zoneEvent() {
        return ZoneEvent.newBuilder()
                .setCameraId("lobby-1")
                .setKind(ZoneEventKind.LOITERING)
                .setZone("loading-bay")
                .setTrackId(7L)
                .setLabel("person")
                .setTime(CAPTURED)
                .setInsideSince(CAPTURED.minusMillis(30_000))
                .build();
    }

    static LineCrossing lineCrossing() {
        return LineCrossing.newBuilder()
                .setCameraId("lobby-1")
                .setLine("entrance")
                .setDirection(CrossingDirection.IN)
                .setTrackId(7L)
                .setLabel("person")
                .setTime(CAPTURED)
                .build();
    }
}
