package io.ssdstream.demo.viewer;

import io.ssdstream.job.analytics.CameraConfigs;
import io.ssdstream.schemas.BoundingBox;
import io.ssdstream.schemas.CameraClassCounts;
import io.ssdstream.schemas.CameraConfig;
import io.ssdstream.schemas.ClassCount;
import io.ssdstream.schemas.CrossingDirection;
import io.ssdstream.schemas.LineCrossing;
import io.ssdstream.schemas.LineCrossingCount;
import io.ssdstream.schemas.ZoneEvent;
import io.ssdstream.schemas.ZoneEventKind;
import io.ssdstream.schemas.ZoneOccupancy;
import io.ssdstream.zones.config.CountingLine;
import io.ssdstream.zones.config.Zone;
import io.ssdstream.zones.geometry.Point;
import io.ssdstream.zones.geometry.Side;
import io.ssdstream.schemas.CaptureTimeSource;
import io.ssdstream.schemas.Detection;
import io.ssdstream.schemas.DetectionEvent;
import io.ssdstream.schemas.FrameEncoding;
import io.ssdstream.schemas.FrameRejected;
import io.ssdstream.schemas.InferenceTimings;
import io.ssdstream.schemas.ObjectEvent;
import io.ssdstream.schemas.ObjectEventKind;
import io.ssdstream.schemas.ObjectPath;
import io.ssdstream.schemas.RejectReason;
import io.ssdstream.schemas.VideoFrame;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Frames and events as the topics carry them, for the viewer's tests. */
final class ViewerData {

    private ViewerData() {}

    /** A dead letter of {@code camera}'s frame; null for a frame the job could not read far enough to know it. */
    static FrameRejected rejection(String camera) {
        return rejection(camera, RejectReason.UNDECODABLE);
    }

    static FrameRejected rejection(String camera, RejectReason reason) {
        return FrameRejected.newBuilder().setCameraId(camera).setSourceTopic("frames").setSourcePartition(0)
                .setSourceOffset(0).setReason(reason).setMessage("m").setRejectedTime(Instant.EPOCH)
                .setOriginalSize(0).setOriginalBytes(ByteBuffer.allocate(0)).build();
    }

    static VideoFrame frame(String camera, long sequence, byte[] jpeg) {
        Instant t = Instant.ofEpochMilli(1_000_000 + sequence);
        return VideoFrame.newBuilder().setCameraId(camera).setFrameSequence(sequence).setCaptureTime(t)
                .setCaptureTimeSource(CaptureTimeSource.CAMERA).setIngestTime(t).setWidth(320).setHeight(240)
                .setEncoding(FrameEncoding.JPEG).setImage(ByteBuffer.wrap(jpeg)).setMetadata(Map.of()).build();
    }

    static DetectionEvent event(String camera, long sequence, long latencyMillis) {
        Detection disc = Detection.newBuilder().setClassId(1).setLabel("disc").setScore(0.9f)
                .setBox(BoundingBox.newBuilder().setXMin(10).setYMin(20).setXMax(110).setYMax(90).build()).build();
        return event(camera, sequence, latencyMillis, List.of(disc));
    }

    /** A detection of object {@code trackId} (null: untracked) with its box's top-left corner at (x, y), 20 px wide. */
    static Detection tracked(Long trackId, float x, float y) {
        return Detection.newBuilder().setClassId(1).setLabel("disc").setScore(0.9f).setTrackId(trackId)
                .setBox(BoundingBox.newBuilder().setXMin(x).setYMin(y).setXMax(x + 20).setYMax(y + 20).build())
                .build();
    }

    static ObjectEvent object(String camera, long trackId, ObjectEventKind kind, long firstSeenSequence,
            long sequence, boolean stationary) {
        Instant captured = Instant.ofEpochMilli(1_000_000 + sequence);
        return ObjectEvent.newBuilder().setCameraId(camera).setTrackId(trackId).setKind(kind).setLabel("disc")
                .setCaptureTime(captured).setFrameSequence(sequence)
                .setBox(BoundingBox.newBuilder().setXMin(10).setYMin(20).setXMax(110).setYMax(90).build())
                .setScore(0.9f).setBestScore(0.9f).setStationary(stationary).setReasons(List.of())
                .setFirstSeen(Instant.ofEpochMilli(1_000_000 + firstSeenSequence)).setLastSeen(captured)
                .setDurationMillis(sequence - firstSeenSequence)
                .setPath(new ObjectPath(60f, 55f, 60f, 55f, 0f, 3)).build();
    }

    static DetectionEvent event(String camera, long sequence, long latencyMillis, List<Detection> detections) {
        Instant captured = Instant.ofEpochMilli(1_000_000 + sequence);
        return DetectionEvent.newBuilder().setCameraId(camera).setFrameSequence(sequence).setCaptureTime(captured)
                .setProcessingTime(captured.plusMillis(latencyMillis)).setModelName("demo").setModelVersion("1")
                .setFrameWidth(320).setFrameHeight(240).setDetections(detections)
                .setTimings(InferenceTimings.newBuilder().setQueuedMicros(0).setBatchSize(1).setInferenceMicros(1)
                        .build())
                .build();
    }

    /**
     * A 320x240 camera's configuration: zone {@code dock}, the square (0, 0)-(100, 100) for every class, and line
     * {@code gate} from (160, 0) down to (160, 240), in on its right.
     */
    static CameraConfig layout(String camera) {
        return CameraConfigs.toRecord(camera, new io.ssdstream.zones.config.CameraConfig(320, 240,
                List.of(Zone.of("dock", List.of(new Point(0, 0), new Point(100, 0), new Point(100, 100),
                        new Point(0, 100)), Set.of())),
                List.of(CountingLine.of("gate", new Point(160, 0), new Point(160, 240), Side.RIGHT, Set.of()))),
                Instant.EPOCH);
    }

    static ZoneEvent zoneEvent(String camera, ZoneEventKind kind, String zone, long trackId) {
        return ZoneEvent.newBuilder().setCameraId(camera).setKind(kind).setZone(zone).setTrackId(trackId)
                .setLabel("disc").setTime(Instant.EPOCH).setInsideSince(Instant.EPOCH).build();
    }

    static LineCrossing crossing(String camera, String line, CrossingDirection direction, long trackId) {
        return LineCrossing.newBuilder().setCameraId(camera).setLine(line).setDirection(direction)
                .setTrackId(trackId).setLabel("disc").setTime(Instant.EPOCH).build();
    }

    /** A window of {@code camera}'s counts starting at {@code startSeconds}: {@code seen} discs, one crossing in. */
    static CameraClassCounts counts(String camera, long startSeconds, int revision, long seen) {
        ClassCount disc = ClassCount.newBuilder().setClassId(1).setLabel("disc").setDetections(seen)
                .setFramesWithClass(seen).setDistinctObjects(seen)
                .setLineCrossings(List.of(new LineCrossingCount("gate", 1L, 0L)))
                .setZones(List.of(new ZoneOccupancy("dock", 1, 0.5))).build();
        return CameraClassCounts.newBuilder().setCameraId(camera)
                .setWindowStart(Instant.ofEpochSecond(startSeconds))
                .setWindowEnd(Instant.ofEpochSecond(startSeconds + 10)).setModelName("demo").setModelVersion("1")
                .setMinScore(0.5f).setFrames(20).setClasses(List.of(disc)).setRevision(revision).setLateFrames(0)
                .build();
    }
}
