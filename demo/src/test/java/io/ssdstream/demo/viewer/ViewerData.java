package io.ssdstream.demo.viewer;

import io.ssdstream.schemas.BoundingBox;
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
}
