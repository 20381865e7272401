package io.ssdstream.job.track;

import static org.assertj.core.api.Assertions.assertThat;

import io.ssdstream.job.frame.ShedFrame;
import io.ssdstream.job.testing.OperatorMetrics;
import io.ssdstream.schemas.BoundingBox;
import io.ssdstream.schemas.Detection;
import io.ssdstream.schemas.DetectionEvent;
import io.ssdstream.schemas.InferenceTimings;
import io.ssdstream.schemas.ObjectEvent;
import io.ssdstream.schemas.ObjectEventKind;
import io.ssdstream.tracking.TrackerConfig;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.metrics.Gauge;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.runtime.metrics.util.InterceptingOperatorMetricGroup;
import org.apache.flink.runtime.operators.testutils.MockEnvironment;
import org.apache.flink.runtime.operators.testutils.MockEnvironmentBuilder;
import org.apache.flink.runtime.state.KeyGroupRangeAssignment;
import org.apache.flink.streaming.util.AbstractStreamOperatorTestHarness;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.apache.flink.types.Either;
import org.junit.jupiter.api.Test;

/**
 * The tracker stage in Flink's operator harness, with a real keyed state backend, timers and snapshots: two objects
 * walk across a camera, then its frames stop.
 */
class ObjectTrackerTest {

    private static final long T0 = 1_760_000_000_000L;
    private static final TrackerConfig CONFIG = TrackerConfig.defaults().withMaxLostAge(Duration.ofMillis(500));
    /** Frames 100 ms apart; two boxes 60x40 px moving 10 px per frame, far apart. */
    private static final int FRAMES = 10;
    private static final int MAX_PARALLELISM = 128;

    private static Either<DetectionEvent, ShedFrame> frame(String camera, int n) {
        return Either.Left(event(camera, n));
    }

    /** The frame the job shed instead of detecting it. */
    private static Either<DetectionEvent, ShedFrame> shed(String camera, int n) {
        return Either.Right(new ShedFrame(camera, T0 + 100L * n));
    }

    private static String cameraOf(Either<DetectionEvent, ShedFrame> element) {
        return element.isLeft() ? element.left().getCameraId() : element.right().cameraId();
    }

    private static DetectionEvent event(String camera, int n) {
        List<Detection> detections = List.of(
                detection("person", 0.9f, 100 + 10 * n, 100),
                detection("vehicle", 0.8f, 400, 300 - 10 * n));
        return DetectionEvent.newBuilder()
                .setCameraId(camera).setFrameSequence(n).setCaptureTime(Instant.ofEpochMilli(T0 + 100L * n))
                .setProcessingTime(Instant.ofEpochMilli(T0)).setModelName("m").setModelVersion("1")
                .setFrameWidth(640).setFrameHeight(480).setDetections(new ArrayList<>(detections))
                .setTimings(new InferenceTimings(0L, 1, 0L)).build();
    }

    private static Detection detection(String label, float score, float x, float y) {
        return Detection.newBuilder().setClassId(1).setLabel(label).setScore(score)
                .setBox(new BoundingBox(x, y, x + 60, y + 40)).build();
    }

    private static KeyedOneInputStreamOperatorTestHarness<String, Either<DetectionEvent, ShedFrame>, DetectionEvent> harness()
            throws Exception {
        return new KeyedOneInputStreamOperatorTestHarness<>(ObjectTracker.operator(CONFIG, false),
                ObjectTrackerTest::cameraOf, Types.STRING);
    }

    private static List<String> objects(KeyedOneInputStreamOperatorTestHarness<String, ?, ?> h) {
        List<String> out = new ArrayList<>();
        for (StreamRecord<ObjectEvent> r : h.getSideOutput(ObjectTracker.OBJECTS)) {
            ObjectEvent e = r.getValue();
            out.add(e.getCameraId() + ":" + e.getTrackId() + ":" + e.getKind() + ":" + e.getLabel() + "@"
                    + (e.getCaptureTime().toEpochMilli() - T0) + "#" + e.getFrameSequence());
        }
        return out;
    }

    @Test
    void objectsGetIdsAfterThreeFramesAndEndWhenTheWatermarkPassesTheirMaxAge() throws Exception {
        try (var h = harness()) {
            h.open();
            for (int n = 0; n < FRAMES; n++) {
                h.processElement(frame("lobby", n), T0 + 100L * n);
            }
            List<Long> firstIds = new ArrayList<>();
            List<Long> lastIds = new ArrayList<>();
            for (StreamRecord<? extends DetectionEvent> r : h.extractOutputStreamRecords()) {
                DetectionEvent e = r.getValue();
                if (e.getFrameSequence() == 0) {
                    e.getDetections().forEach(d -> firstIds.add(d.getTrackId()));
                }
                if (e.getFrameSequence() == FRAMES - 1) {
                    e.getDetections().forEach(d -> lastIds.add(d.getTrackId()));
                }
            }
            // confirmation after 3 hits (the default): no id in the first frame, ids 1 and 2 in creation order
            assertThat(firstIds).containsExactly(null, null);
            assertThat(lastIds).containsExactly(1L, 2L);

            // last frame at 900 ms: both end at 900 + 500 + 1 once the watermark reaches it, not before
            h.processWatermark(T0 + 1_400);
            assertThat(objects(h)).hasSize(2);
            h.processWatermark(T0 + 1_401);
            assertThat(objects(h)).containsExactly(
                    "lobby:1:NEW:person@200#2", "lobby:2:NEW:vehicle@200#2",
                    "lobby:1:END:person@1401#null", "lobby:2:END:vehicle@1401#null");
        }
    }

    @Test
    void aFrameAfterTheDeadlineEndsTheObjectsTheSameWayWhetherOrNotTheWatermarkCameFirst() throws Exception {
        List<String> timerFirst;
        List<String> frameFirst;
        try (var h = harness()) {
            h.open();
            for (int n = 0; n < 5; n++) {
                h.processElement(frame("gate", n), T0 + 100L * n);
            }
            h.processWatermark(T0 + 2_000);
            h.processElement(frame("gate", 20), T0 + 2_000);
            timerFirst = objects(h);
        }
        try (var h = harness()) {
            h.open();
            for (int n = 0; n < 5; n++) {
                h.processElement(frame("gate", n), T0 + 100L * n);
            }
            h.processElement(frame("gate", 20), T0 + 2_000);
            h.processWatermark(T0 + 2_000);
            frameFirst = objects(h);
        }
        // last frame at 400 ms: the old objects end at 901; the new frame starts tentative tracks, no NEW yet
        assertThat(timerFirst).containsExactly("gate:1:NEW:person@200#2", "gate:2:NEW:vehicle@200#2",
                "gate:1:END:person@901#null", "gate:2:END:vehicle@901#null");
        assertThat(frameFirst).isEqualTo(timerFirst);
    }

    @Test
    void framesShedUnseenEndNoObjectThoughTheWatermarkPassesTheMaxAge() throws Exception {
        try (var h = harness()) {
            h.open();
            for (int n = 0; n < 5; n++) {
                h.processElement(frame("lobby", n), T0 + 100L * n);
            }
            // 1 s of frames shed, twice the max age, while the watermark follows them
            for (int n = 5; n < 15; n++) {
                h.processElement(shed("lobby", n), T0 + 100L * n);
                h.processWatermark(T0 + 100L * n);
            }
            for (int n = 15; n < 20; n++) {
                h.processElement(frame("lobby", n), T0 + 100L * n);
            }
            // the same two objects, each reporting the 130 px it moved while unseen when it is seen again
            assertThat(objects(h)).containsExactly("lobby:1:NEW:person@200#2", "lobby:2:NEW:vehicle@200#2",
                    "lobby:1:UPDATE:person@1500#15", "lobby:2:UPDATE:vehicle@1500#15");
            List<DetectionEvent> out = h.extractOutputValues();
            assertThat(out).as("shed frames are no detection events").hasSize(10);
            assertThat(out.get(9).getDetections()).extracting(Detection::getTrackId).containsExactly(1L, 2L);
            // when the camera's frames stop, the objects end 500 ms after the last frame, as without shedding
            h.processWatermark(T0 + 5_000);
            assertThat(objects(h)).endsWith("lobby:1:END:person@2401#null", "lobby:2:END:vehicle@2401#null");
        }
    }

    @Test
    void aRestoredSnapshotContinuesTheSameTracksAndTimers() throws Exception {
        List<String> uninterrupted;
        try (var h = harness()) {
            h.open();
            for (int n = 0; n < FRAMES; n++) {
                h.processElement(frame("dock", n), T0 + 100L * n);
            }
            h.processWatermark(T0 + 5_000);
            uninterrupted = objects(h);
        }
        OperatorSubtaskState snapshot;
        List<String> beforeSnapshot;
        try (var h = harness()) {
            h.open();
            for (int n = 0; n < 5; n++) {
                h.processElement(frame("dock", n), T0 + 100L * n);
            }
            snapshot = h.snapshot(1, T0);
            beforeSnapshot = objects(h);
        }
        try (var h = harness()) {
            h.initializeState(snapshot);
            h.open();
            for (int n = 5; n < FRAMES; n++) {
                h.processElement(frame("dock", n), T0 + 100L * n);
            }
            h.processWatermark(T0 + 5_000);
            List<String> restored = new ArrayList<>(beforeSnapshot);
            restored.addAll(objects(h));
            assertThat(restored).isEqualTo(uninterrupted);
            assertThat(uninterrupted).containsExactly("dock:1:NEW:person@200#2", "dock:2:NEW:vehicle@200#2",
                    "dock:1:END:person@1401#null", "dock:2:END:vehicle@1401#null");
        }
    }

    @Test
    void activeTracksCountsTheRestoredCamerasBeforeTheirNextFramesAtAnotherParallelism() throws Exception {
        List<String> cameras = List.of("cam-1", "cam-2", "cam-3", "cam-4", "cam-5", "cam-6");
        OperatorSubtaskState snapshot;
        InterceptingOperatorMetricGroup metrics = new InterceptingOperatorMetricGroup();
        try (MockEnvironment env = environment(metrics, 1, 0); var h = harness(env)) {
            h.open();
            for (int n = 0; n < 5; n++) {
                for (String camera : cameras) {
                    h.processElement(frame(camera, n), T0 + 100L * n);
                }
            }
            assertThat(activeTracks(metrics)).as("two objects per camera").isEqualTo(2L * cameras.size());
            snapshot = h.snapshot(1, T0);
        }
        // restored at parallelism 2, each subtask with the key groups of its cameras; no frame comes
        long total = 0;
        for (int subtask = 0; subtask < 2; subtask++) {
            int index = subtask;
            long restoredCameras = cameras.stream().filter(c ->
                    KeyGroupRangeAssignment.assignKeyToParallelOperator(c, MAX_PARALLELISM, 2) == index).count();
            assertThat(restoredCameras).as("cameras of subtask %d", subtask).isBetween(1L, cameras.size() - 1L);
            InterceptingOperatorMetricGroup restoredMetrics = new InterceptingOperatorMetricGroup();
            try (MockEnvironment env = environment(restoredMetrics, 2, subtask); var h = harness(env)) {
                h.initializeState(AbstractStreamOperatorTestHarness.repartitionOperatorState(
                        snapshot, MAX_PARALLELISM, 1, 2, subtask));
                h.open();
                assertThat(activeTracks(restoredMetrics)).as("subtask %d", subtask).isEqualTo(2 * restoredCameras);
                total += activeTracks(restoredMetrics);
            }
        }
        assertThat(total).isEqualTo(2L * cameras.size());
    }

    /** A subtask's environment whose operator registers its metrics in {@code operatorMetrics}. */
    private static MockEnvironment environment(InterceptingOperatorMetricGroup operatorMetrics, int parallelism,
                                               int subtask) {
        return OperatorMetrics.interceptedBy(new MockEnvironmentBuilder(), operatorMetrics)
                .setMaxParallelism(MAX_PARALLELISM).setParallelism(parallelism).setSubtaskIndex(subtask).build();
    }

    private static KeyedOneInputStreamOperatorTestHarness<String, Either<DetectionEvent, ShedFrame>, DetectionEvent> harness(
            MockEnvironment env) throws Exception {
        return new KeyedOneInputStreamOperatorTestHarness<>(ObjectTracker.operator(CONFIG, false),
                ObjectTrackerTest::cameraOf, Types.STRING, env);
    }

    @SuppressWarnings("unchecked")
    private static long activeTracks(InterceptingOperatorMetricGroup metrics) {
        return ((Gauge<Long>) metrics.get("activeTracks")).getValue();
    }

    @Test
    void aFrameNotAfterItsCamerasPreviousOnePassesWithoutTrackIds() throws Exception {
        try (var h = harness()) {
            h.open();
            for (int n = 0; n < 5; n++) {
                h.processElement(frame("lobby", n), T0 + 100L * n);
            }
            h.processElement(frame("lobby", 4), T0 + 400);
            DetectionEvent last = h.extractOutputValues().get(5);
            assertThat(last.getFrameSequence()).isEqualTo(4);
            assertThat(last.getDetections()).extracting(Detection::getTrackId).containsOnlyNulls();
            // other cameras are tracked on their own
            h.processElement(frame("gate", 0), T0);
            assertThat(objects(h)).containsExactly("lobby:1:NEW:person@200#2", "lobby:2:NEW:vehicle@200#2");
        }
    }
}
