package io.ssdstream.job;

import static org.assertj.core.api.Assertions.assertThat;

import io.ssdstream.job.config.DeliveryGuarantee;
import io.ssdstream.job.config.JobConfig;
import io.ssdstream.job.testing.EmbeddedKafka;
import io.ssdstream.job.testing.JobTopics;
import io.ssdstream.job.testing.TestCluster;
import io.ssdstream.job.testing.TestFrames;
import io.ssdstream.scenes.Annotation;
import io.ssdstream.scenes.MovingScene;
import io.ssdstream.scenes.PixelBox;
import io.ssdstream.scenes.RgbImage;
import io.ssdstream.scenes.Sample;
import io.ssdstream.scenes.SceneRenderer;
import io.ssdstream.scenes.SceneStyle;
import io.ssdstream.schemas.CameraClassCounts;
import io.ssdstream.schemas.CameraConfig;
import io.ssdstream.schemas.Detection;
import io.ssdstream.schemas.DetectionEvent;
import io.ssdstream.schemas.FrameEncoding;
import io.ssdstream.schemas.FrameRejected;
import io.ssdstream.schemas.LineConfig;
import io.ssdstream.schemas.LineCrossing;
import io.ssdstream.schemas.LineSide;
import io.ssdstream.schemas.ObjectEvent;
import io.ssdstream.schemas.ObjectEventKind;
import io.ssdstream.schemas.PixelPoint;
import io.ssdstream.schemas.ReferencePoint;
import io.ssdstream.schemas.RejectReason;
import io.ssdstream.schemas.WireCodec;
import io.ssdstream.schemas.ZoneConfig;
import io.ssdstream.schemas.ZoneEvent;
import io.ssdstream.schemas.ZoneEventKind;
import io.ssdstream.ssd.detector.DeviceSpec;
import io.ssdstream.tracking.TrackerConfig;
import io.ssdstream.zones.counting.CountingSettings;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicReference;
import javax.imageio.ImageIO;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.StateRecoveryOptions;
import org.apache.flink.core.execution.SavepointFormatType;
import org.apache.flink.api.dag.Transformation;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.runtime.minicluster.MiniCluster;
import org.apache.flink.runtime.state.KeyGroupRangeAssignment;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.functions.sink.v2.DiscardingSink;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.InjectMiniCluster;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The tracker in the running job, on a real broker and Flink's MiniCluster with the shipped demo model as the
 * detector: two cameras film moving synthetic scenes with known ground truth, then stop, while a third camera's
 * frames carry event time on so that their objects end by the tracker's timer.
 */
class TrackingIT {

    private static final Path DEMO_MODEL = Path.of("..", "models", "demo");
    /**
     * Capture times start at a whole minute near now: the sinks write event time as the record timestamp, and the
     * broker's retention (7 days) deletes records with older timestamps as their segments roll.
     */
    private static final long T0 = Instant.now().truncatedTo(java.time.temporal.ChronoUnit.MINUTES).toEpochMilli();
    private static final long FRAME_MILLIS = 100;
    private static final Duration MAX_LOST_AGE = Duration.ofSeconds(1);
    private static final int SIDE = 300;
    private static final Duration COUNT_WINDOW = Duration.ofSeconds(1);

    @RegisterExtension
    static final MiniClusterExtension FLINK = TestCluster.withSlots(2, TestCluster.restarts(3, Duration.ofMillis(500)));

    private static EmbeddedKafka kafka;

    @BeforeAll
    static void start() throws Exception {
        kafka = EmbeddedKafka.start();
    }

    @AfterAll
    static void stop() throws Exception {
        kafka.close();
    }

    /**
     * One camera filming a scene: its frames and, for each, the true boxes. Frame n is captured at {@code start} + n
     * frame intervals and shows the scene at that capture time's distance from {@code start} times {@code pace}.
     */
    private record Camera(String id, MovingScene scene, int frames, long start, long frameMillis, double pace) {

        /** Filming from T0 every {@link #FRAME_MILLIS}, the scene at its own pace. */
        Camera(String id, MovingScene scene, int frames) {
            this(id, scene, frames, T0, FRAME_MILLIS, 1);
        }

        long captureTime(int n) {
            return start + n * frameMillis;
        }

        /** The scene as the frame captured at {@code captureTime} shows it. */
        Sample frameAt(long captureTime) {
            return scene.frame((captureTime - start) * pace / 1000.0);
        }
    }

    private static JobConfig config(JobTopics topics, boolean tracking) {
        return config(topics, tracking, 4);
    }

    private static JobConfig config(JobTopics topics, boolean tracking, int batchSize) {
        return config(topics, tracking, batchSize, 2);
    }

    private static JobConfig config(JobTopics topics, boolean tracking, int batchSize, int parallelism) {
        return config(topics, tracking, batchSize, parallelism, Duration.ZERO);
    }

    /** As above, shedding (and dead-lettering) frames older than {@code maxFrameAge} unless it is zero. */
    private static JobConfig config(JobTopics topics, boolean tracking, int batchSize, int parallelism,
                                    Duration maxFrameAge) {
        return JobConfig.builder(kafka.bootstrapServers(), DEMO_MODEL)
                .topics(topics.frames(), topics.detections(), topics.rejected())
                .objectsTopic(topics.objects())
                .tracking(tracking, TrackerConfig.defaults().withMaxLostAge(MAX_LOST_AGE))
                .analyticsTopics(topics.configs(), topics.zoneEvents(), topics.crossings(), topics.counts())
                .analytics(tracking, new CountingSettings(COUNT_WINDOW, Duration.ZERO))
                .groupId("it-" + topics.frames())
                .device(DeviceSpec.CPU)
                .batch(batchSize, Duration.ofMillis(50))
                .maxFrameAge(maxFrameAge, !maxFrameAge.isZero())
                .delivery(DeliveryGuarantee.EXACTLY_ONCE, Duration.ofMillis(500), Duration.ofMinutes(5))
                .watermarks(Duration.ofSeconds(1), Duration.ofMillis(200))
                .parallelism(parallelism)
                .build();
    }

    private static JobClient run(JobConfig config) throws Exception {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        DetectionJob.build(env, config);
        return env.executeAsync(DetectionJobMain.JOB_NAME);
    }

    private static byte[] jpeg(RgbImage image) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageIO.write(image.toBufferedImage(), "jpg", out);
        return out.toByteArray();
    }

    /**
     * Sends every camera's frames, and a clock camera's plain grey frames every 500 ms until {@code clockUntil}, all
     * in capture-time order. Returns the number of frames sent.
     */
    private static int produce(JobTopics topics, List<Camera> cameras, long clockUntil) throws Exception {
        return produce(topics, cameras, clockUntil, Long.MIN_VALUE, Long.MAX_VALUE);
    }

    /** As above, only the frames captured in [{@code from}, {@code to}). */
    private static int produce(JobTopics topics, List<Camera> cameras, long clockUntil, long from, long to)
            throws Exception {
        TreeMap<Long, List<byte[][]>> byTime = new TreeMap<>();
        for (Camera camera : cameras) {
            for (int n = 0; n < camera.frames(); n++) {
                Sample sample = camera.frameAt(camera.captureTime(n));
                byte[] value = TestFrames.encode(TestFrames.frame(camera.id(), n, SIDE, SIDE, FrameEncoding.JPEG,
                        jpeg(sample.image()), Instant.ofEpochMilli(camera.captureTime(n))));
                byTime.computeIfAbsent(camera.captureTime(n), t -> new ArrayList<>())
                        .add(new byte[][] {camera.id().getBytes(StandardCharsets.UTF_8), value});
            }
        }
        byte[] grey = jpeg(RgbImage.filled(SIDE, SIDE, 128, 128, 128));
        for (long t = T0, n = 0; t <= clockUntil; t += 500, n++) {
            byte[] value = TestFrames.encode(TestFrames.frame("clock", n, SIDE, SIDE, FrameEncoding.JPEG, grey,
                    Instant.ofEpochMilli(t)));
            byTime.computeIfAbsent(t, x -> new ArrayList<>())
                    .add(new byte[][] {"clock".getBytes(StandardCharsets.UTF_8), value});
        }
        int sent = 0;
        try (KafkaProducer<byte[], byte[]> producer = kafka.producer()) {
            for (List<byte[][]> records : byTime.subMap(from, to).values()) {
                for (byte[][] record : records) {
                    producer.send(new ProducerRecord<>(topics.frames(), record[0], record[1]));
                    sent++;
                }
            }
            producer.flush();
        }
        return sent;
    }

    private static <T extends org.apache.avro.specific.SpecificRecordBase> List<T> decode(Class<T> type,
            List<ConsumerRecord<byte[], byte[]>> records) throws Exception {
        WireCodec<T> codec = WireCodec.forRecord(type);
        List<T> out = new ArrayList<>();
        for (ConsumerRecord<byte[], byte[]> record : records) {
            out.add(codec.decode(record.value()));
        }
        return out;
    }

    @Test
    void objectsOfMovingScenesGetStableIdsAndOneNewAndOneEndEach() throws Exception {
        JobTopics topics = JobTopics.create(kafka, "tracking");
        List<Camera> cameras = List.of(
                new Camera("lobby", new MovingScene("lobby", SIDE, SIDE, 2, SceneStyle.SIMPLE, 11), 30),
                new Camera("gate", new MovingScene("gate", SIDE, SIDE, 2, SceneStyle.SIMPLE, 23), 45));
        long lastFrame = T0 + 44 * FRAME_MILLIS;
        // the watermark must pass the gate's last frame + max lost age + out-of-orderness for its objects to end
        int sent = produce(topics, cameras, lastFrame + 2_500);

        JobClient job = run(config(topics, true));
        try {
            List<DetectionEvent> detections = decode(DetectionEvent.class,
                    kafka.readCommittedUntil(topics.detections(), r -> r.size() >= sent, Duration.ofMinutes(3)));
            assertThat(detections).hasSize(sent);

            for (Camera camera : cameras) {
                assertEachObjectHasOneIdOfItsOwn(camera, detections);
            }

            List<ObjectEvent> objects = decode(ObjectEvent.class, kafka.readCommittedUntil(topics.objects(),
                    r -> endsOf(r, "lobby") >= 2 && endsOf(r, "gate") >= 2, Duration.ofMinutes(1)));
            for (Camera camera : cameras) {
                Map<Long, List<ObjectEventKind>> lifecycle = new LinkedHashMap<>();
                long cameraLast = camera.captureTime(camera.frames() - 1);
                for (ObjectEvent e : objects) {
                    if (!e.getCameraId().equals(camera.id())) {
                        continue;
                    }
                    lifecycle.computeIfAbsent(e.getTrackId(), id -> new ArrayList<>()).add(e.getKind());
                    if (e.getKind() == ObjectEventKind.NEW) {
                        String trueLabel = SceneRenderer.CLASSES.get(camera.scene().labels().get(
                                objectOf(detections, camera, e.getTrackId())) - 1);
                        assertThat(e.getLabel()).isEqualTo(trueLabel);
                    }
                    if (e.getKind() == ObjectEventKind.END && e.getLastSeen().toEpochMilli() == cameraLast) {
                        // ended by the timer once the watermark passed the camera's last frame + max lost age
                        assertThat(e.getCaptureTime().toEpochMilli())
                                .isEqualTo(cameraLast + MAX_LOST_AGE.toMillis() + 1);
                        assertThat(e.getFrameSequence()).isNull();
                    }
                }
                assertThat(lifecycle.keySet()).containsExactlyInAnyOrder(1L, 2L);
                lifecycle.forEach((id, kinds) -> {
                    assertThat(kinds.get(0)).as("%s track %d starts with NEW", camera.id(), id)
                            .isEqualTo(ObjectEventKind.NEW);
                    assertThat(kinds.get(kinds.size() - 1)).as("%s track %d ends with END", camera.id(), id)
                            .isEqualTo(ObjectEventKind.END);
                    assertThat(kinds.subList(1, kinds.size() - 1)).containsOnly(ObjectEventKind.UPDATE);
                });
            }
        } finally {
            job.cancel().get();
        }
    }

    @Test
    void withTrackingOffNoObjectEventsAndNoTrackIds() throws Exception {
        JobTopics topics = JobTopics.create(kafka, "untracked");
        List<Camera> cameras = List.of(
                new Camera("lobby", new MovingScene("lobby", SIDE, SIDE, 2, SceneStyle.SIMPLE, 11), 10));
        int sent = produce(topics, cameras, T0 + 3_000);

        JobClient job = run(config(topics, false));
        try {
            List<DetectionEvent> detections = decode(DetectionEvent.class,
                    kafka.readCommittedUntil(topics.detections(), r -> r.size() >= sent, Duration.ofMinutes(2)));
            assertThat(detections).hasSize(sent);
            assertThat(detections.stream().flatMap(e -> e.getDetections().stream()).toList())
                    .isNotEmpty()
                    .allSatisfy(d -> assertThat(d.getTrackId()).isNull());
            Thread.sleep(2_000);
            assertThat(kafka.readCommittedUntil(topics.objects(), r -> false, Duration.ofSeconds(2))).isEmpty();
        } finally {
            job.cancel().get();
        }
    }

    /**
     * A job that falls behind its camera sheds the frames it is too late for, and the objects it did not look at
     * meanwhile keep their ids: a shed frame reaches the tracker as one, and the span it covers does not age the
     * lost tracks (before, 3 s shed with a max lost age of 1 s ended both objects and gave them new ids). The job
     * sees the camera's first 3 s live; then its next 12 s arrive all at once, as after an outage of the
     * network or the job: the first 3 s of them are older than the max frame age of 3 s and are shed unseen. The
     * scene is filmed at a tenth of its pace (objects standing or walking slowly, as most of a CCTV scene), so
     * after the shed span the objects are near where they were seen.
     */
    @Test
    void objectsTheJobShedFramesOfWhileBehindKeepTheirIds() throws Exception {
        JobTopics topics = JobTopics.create(kafka, "behind");
        Duration maxFrameAge = Duration.ofSeconds(3);
        JobClient job = run(config(topics, true, 4, 2, maxFrameAge));
        try {
            // the job runs once it detected or shed a first frame: only then does the camera film live
            kafka.send(topics.frames(), utf8("warm-up"), TestFrames.encode(TestFrames.frame("warm-up", 0, SIDE, SIDE,
                    FrameEncoding.JPEG, jpeg(RgbImage.filled(SIDE, SIDE, 128, 128, 128)), Instant.now())));
            awaitFramesOut(topics, "warm-up", 1);
            Camera yard = new Camera("yard", new MovingScene("yard", SIDE, SIDE, 2, SceneStyle.SIMPLE, 11), 75,
                    System.currentTimeMillis() + 1_000, 200, 0.1);
            int live = produce(topics, List.of(yard), Long.MIN_VALUE, Long.MIN_VALUE, yard.captureTime(15));
            awaitFramesOut(topics, "yard", live);
            // frames 15 to 29 are more than the max age old when they arrive; frames 30 to 74 less, the last ones
            // captured later than they arrive (a camera clock ahead), so that a job slowed by a loaded machine still
            // has frames to detect
            long late = yard.captureTime(29) + maxFrameAge.toMillis() + 100;
            Thread.sleep(Math.max(0, late - System.currentTimeMillis()));
            int all = live + produce(topics, List.of(yard), Long.MIN_VALUE, yard.captureTime(15), Long.MAX_VALUE);

            FramesOut out = awaitFramesOut(topics, "yard", all);
            List<DetectionEvent> detections = out.detections();
            assertThat(out.shed()).allSatisfy(d -> assertThat(d.getReason()).isEqualTo(RejectReason.STALE));
            assertThat(out.shed()).extracting(FrameRejected::getFrameSequence).contains(15L, 29L);
            assertThat(detections).extracting(DetectionEvent::getFrameSequence).contains(14L, 74L);
            assertEachObjectHasOneIdOfItsOwn(yard, detections);
            assertThat(detections.get(detections.size() - 1).getDetections()).extracting(Detection::getTrackId)
                    .filteredOn(id -> id != null)
                    .as("both objects tracked after the shed frames").containsExactlyInAnyOrder(1L, 2L);

            List<ObjectEvent> objects = decode(ObjectEvent.class,
                    kafka.readCommittedUntil(topics.objects(), r -> false, Duration.ofSeconds(2))).stream()
                    .filter(e -> e.getCameraId().equals("yard")).toList();
            assertThat(objects).extracting(ObjectEvent::getKind).as("no object ended, none was new twice")
                    .doesNotContain(ObjectEventKind.END)
                    .filteredOn(kind -> kind == ObjectEventKind.NEW).hasSize(2);
        } finally {
            job.cancel().get();
        }
    }

    /** What the job committed for one camera: its detection events and the dead letters of its frames. */
    private record FramesOut(List<DetectionEvent> detections, List<FrameRejected> shed) {}

    /** Waits until the job committed a detection event or a dead letter for each of the camera's first frames. */
    private static FramesOut awaitFramesOut(JobTopics topics, String camera, int frames) throws Exception {
        AtomicReference<FramesOut> out = new AtomicReference<>();
        await(frames + " frames of " + camera + " detected or shed", () -> {
            List<DetectionEvent> detections = decodeAll(DetectionEvent.class,
                    kafka.readCommittedUntil(topics.detections(), r -> false, Duration.ofMillis(500))).stream()
                    .filter(e -> e.getCameraId().equals(camera)).toList();
            List<FrameRejected> shed = decodeAll(FrameRejected.class,
                    kafka.readCommittedUntil(topics.rejected(), r -> false, Duration.ofMillis(500))).stream()
                    .filter(d -> camera.equals(d.getCameraId())).toList();
            out.set(new FramesOut(detections, shed));
            return detections.size() + shed.size() >= frames;
        });
        return out.get();
    }

    /** What happens to a job while its frames arrive. */
    private enum Disruption { NONE, REPEATED_FAULTS, SAVEPOINT_AND_RESCALE }

    /**
     * Faults injected into one run, in the tracker's task or by losing the TaskManager: four by default (one of each
     * kind), ten with {@code -Psoak} or {@code -Dtracking.faults=N} (docs/fault-tolerance.md).
     */
    private static final int FAULTS = Integer.getInteger("tracking.faults", 4);
    /** The MiniCluster's index of the running TaskManager: it keeps terminated ones in its list, new ones go last. */
    private static int liveTaskManager;

    /**
     * The same frames through three jobs: one undisturbed; one that suffers {@link #FAULTS} faults while frames are
     * in flight (the tracker's task failing while it processes, while it snapshots, or once a checkpoint completed,
     * and the TaskManager lost outright, each followed by the next part of the frames, produced only then); one
     * stopped with a savepoint halfway and restarted from it at parallelism 1 instead of 2. The committed object
     * events (every field, in order) and track ids must be identical, and so must the lobby's analytics (two zones
     * and two lines configured before its first frame): its zone events, line crossings and per-second counts. The
     * tracker and analytics state come back from the checkpoint or savepoint, redistributed by key, and replayed
     * frames give the same decisions. Batches of one frame, so each image's detections do not depend on the batch
     * it happened to share.
     */
    @Test
    void repeatedFaultsOrASavepointRestartAtAnotherParallelismChangeNoObjectEventIdOrAnalyticsRecord(
            @InjectMiniCluster MiniCluster cluster, @TempDir Path savepoints) throws Exception {
        List<Camera> cameras = List.of(
                new Camera("lobby", new MovingScene("lobby", SIDE, SIDE, 2, SceneStyle.SIMPLE, 11), 66));
        long clockUntil = cameras.get(0).captureTime(65) + 2_500;
        int subtask = KeyGroupRangeAssignment.assignKeyToParallelOperator("lobby",
                KeyGroupRangeAssignment.computeDefaultMaxParallelism(2), 2);

        // the parts split the lobby's frames, so that every fault has frames of its camera in flight
        long lobbyUntil = cameras.get(0).captureTime(65);
        Map<String, List<String>> clean = trackedOutput(JobTopics.create(kafka, "clean"), cameras, clockUntil,
                Disruption.NONE, subtask, cluster, savepoints, lobbyUntil);
        Map<String, List<String>> faulted = trackedOutput(JobTopics.create(kafka, "faulted"), cameras, clockUntil,
                Disruption.REPEATED_FAULTS, subtask, cluster, savepoints, lobbyUntil);
        Map<String, List<String>> rescaled = trackedOutput(JobTopics.create(kafka, "rescaled"), cameras, clockUntil,
                Disruption.SAVEPOINT_AND_RESCALE, subtask, cluster, savepoints, lobbyUntil);

        assertThat(clean.get("objects")).as("object events of the clean run").hasSizeGreaterThanOrEqualTo(4);
        assertThat(clean.get("zoneEvents")).as("zone events of the clean run").hasSizeGreaterThanOrEqualTo(2);
        assertThat(clean.get("lineCrossings")).as("line crossings of the clean run").isNotEmpty();
        assertThat(clean.get("counts")).as("a count per second of the lobby's frames").hasSize(7);
        assertThat(faulted).isEqualTo(clean);
        assertThat(rescaled).isEqualTo(clean);
    }

    /** Runs the job over the cameras' frames, disturbed as asked; what it committed for the lobby camera. */
    private static Map<String, List<String>> trackedOutput(JobTopics topics, List<Camera> cameras, long clockUntil,
            Disruption disruption, int trackerSubtask, MiniCluster cluster, Path savepoints, long framesUntil)
            throws Exception {
        FaultInjector.reset();
        JobClient job = start(topics, 2, null);
        try {
            configureLobby(topics);
            int parts = disruption == Disruption.REPEATED_FAULTS ? FAULTS + 1 : 2;
            long step = (framesUntil - T0) / parts + 1;
            int sent = 0;
            for (int part = 0; part < parts; part++) {
                long from = part == 0 ? Long.MIN_VALUE : T0 + part * step;
                long to = part == parts - 1 ? Long.MAX_VALUE : T0 + (part + 1) * step;
                if (part > 0 && disruption == Disruption.SAVEPOINT_AND_RESCALE) {
                    int firstHalf = sent;
                    kafka.readCommittedUntil(topics.detections(), r -> r.size() >= firstHalf, Duration.ofMinutes(2));
                    String savepoint = job.stopWithSavepoint(false, savepoints.toUri().toString(),
                            SavepointFormatType.CANONICAL).get();
                    job = start(topics, 1, savepoint);
                }
                if (part < parts - 1 && disruption == Disruption.REPEATED_FAULTS) {
                    await("a checkpoint before fault " + part, () -> FaultInjector.lastCompletedCheckpoint() >= 1);
                    sent += produceThenFault(topics, cameras, clockUntil, from, to, part, trackerSubtask, cluster);
                } else {
                    sent += produce(topics, cameras, clockUntil, from, to);
                }
            }
            int expected = sent;
            List<DetectionEvent> detections = decode(DetectionEvent.class,
                    kafka.readCommittedUntil(topics.detections(), r -> r.size() >= expected, Duration.ofMinutes(3)));
            List<ObjectEvent> objects = decode(ObjectEvent.class, kafka.readCommittedUntil(topics.objects(),
                    r -> endsOf(r, "lobby") >= 2 && endsOf(r, "lobby") == newsOf(r, "lobby"), Duration.ofMinutes(1)));
            long lastWindow = T0 + (framesUntil - T0) / COUNT_WINDOW.toMillis() * COUNT_WINDOW.toMillis();
            List<CameraClassCounts> counts = decode(CameraClassCounts.class, kafka.readCommittedUntil(topics.counts(),
                    r -> decodeAll(CameraClassCounts.class, r).stream()
                            .anyMatch(c -> c.getWindowStart().toEpochMilli() == lastWindow), Duration.ofMinutes(1)));
            long crossingsCounted = counts.stream().flatMap(c -> c.getClasses().stream())
                    .flatMap(c -> c.getLineCrossings().stream())
                    .mapToLong(l -> l.getIn() + l.getOut()).sum();
            List<ZoneEvent> zoneEvents = decode(ZoneEvent.class, kafka.readCommittedUntil(topics.zoneEvents(),
                    r -> zoneEventsOf(r, ZoneEventKind.ENTER) > 0
                            && zoneEventsOf(r, ZoneEventKind.EXIT) == zoneEventsOf(r, ZoneEventKind.ENTER),
                    Duration.ofMinutes(1)));
            List<LineCrossing> crossings = decode(LineCrossing.class, kafka.readCommittedUntil(topics.crossings(),
                    r -> r.size() >= crossingsCounted, Duration.ofMinutes(1)));
            Map<String, List<String>> output = new LinkedHashMap<>();
            output.put("objects", objects.stream().filter(e -> e.getCameraId().equals("lobby"))
                    .map(ObjectEvent::toString).toList());
            output.put("trackIds", detections.stream().filter(e -> e.getCameraId().equals("lobby"))
                    .map(e -> e.getFrameSequence() + ":" + e.getDetections().stream()
                            .map(d -> d.getLabel() + "=" + d.getTrackId()).toList())
                    .toList());
            // the analytics records have no processing-time fields: every field must be the same
            output.put("zoneEvents", zoneEvents.stream().map(ZoneEvent::toString).toList());
            output.put("lineCrossings", crossings.stream().map(LineCrossing::toString).toList());
            output.put("counts", counts.stream().map(CameraClassCounts::toString).toList());
            return output;
        } finally {
            job.cancel().get();
        }
    }

    /**
     * Configures the lobby camera (zones "left" and "right" split at x = 150, lines "divide" along that split and
     * "belt" across at y = 150) and waits until the job applied it: a dead letter of a record published after it is
     * read read_committed (committed with a checkpoint that the analytics acknowledged after applying both).
     */
    private static void configureLobby(JobTopics topics) throws Exception {
        ZoneConfig left = new ZoneConfig("left", List.of(point(0, 0), point(150, 0), point(150, SIDE), point(0, SIDE)),
                List.of(), 2, 0L, ReferencePoint.BOTTOM_CENTRE);
        ZoneConfig right = new ZoneConfig("right", List.of(point(150, 0), point(SIDE, 0), point(SIDE, SIDE),
                point(150, SIDE)), List.of(), 2, 0L, ReferencePoint.BOTTOM_CENTRE);
        List<LineConfig> lines = List.of(
                new LineConfig("divide", point(150, 0), point(150, SIDE), LineSide.RIGHT, List.of(), 5.0,
                        ReferencePoint.BOTTOM_CENTRE),
                new LineConfig("belt", point(0, 150), point(SIDE, 150), LineSide.RIGHT, List.of(), 5.0,
                        ReferencePoint.CENTRE));
        CameraConfig lobby = new CameraConfig("lobby", SIDE, SIDE, List.of(left, right), lines,
                Instant.ofEpochMilli(T0));
        kafka.send(topics.configs(), utf8("lobby"), WireCodec.forRecord(CameraConfig.class).encode(lobby));
        kafka.send(topics.configs(), utf8("applied"), utf8("not a configuration"));
        kafka.readCommittedUntil(topics.rejected(), r -> decodeAll(FrameRejected.class, r).stream()
                .anyMatch(d -> "applied".equals(d.getCameraId())), Duration.ofMinutes(2));
    }

    private static PixelPoint point(double x, double y) {
        return new PixelPoint(x, y);
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static <T extends org.apache.avro.specific.SpecificRecordBase> List<T> decodeAll(Class<T> type,
            List<ConsumerRecord<byte[], byte[]>> records) {
        try {
            return decode(type, records);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static long zoneEventsOf(List<ConsumerRecord<byte[], byte[]>> records, ZoneEventKind kind) {
        return decodeAll(ZoneEvent.class, records).stream().filter(e -> e.getKind() == kind).count();
    }

    /**
     * Fault {@code n} of a run, with the frames captured in [{@code from}, {@code to}) in flight: a fault in the
     * tracker's task is armed before they are sent, the TaskManager is lost right after; then waits until the job
     * restarted and completed a checkpoint again. Returns the number of frames sent.
     */
    private static int produceThenFault(JobTopics topics, List<Camera> cameras, long clockUntil, long from, long to,
            int n, int trackerSubtask, MiniCluster cluster) throws Exception {
        int before = FaultInjector.attempt(trackerSubtask);
        boolean loseTaskManager = n % 4 == 3;
        FaultInjector.Point point = FaultInjector.Point.values()[n % FaultInjector.Point.values().length];
        if (!loseTaskManager) {
            FaultInjector.arm(point, trackerSubtask);
        }
        int sent = produce(topics, cameras, clockUntil, from, to);
        if (loseTaskManager) {
            cluster.terminateTaskManager(liveTaskManager).get();
            cluster.startTaskManager();
            liveTaskManager++;
        } else {
            await("fault " + n + " (" + point + ")", FaultInjector::fired);
        }
        await("the tracker's task restarted after fault " + n, () -> FaultInjector.attempt(trackerSubtask) > before);
        long restoredAt = FaultInjector.lastCompletedCheckpoint();
        await("a checkpoint after fault " + n, () -> FaultInjector.lastCompletedCheckpoint() > restoredAt);
        return sent;
    }

    /**
     * Starts the job (batches of one frame) with the fault injector behind the tracker, from a savepoint if given,
     * restarting after every injected fault.
     */
    private static JobClient start(JobTopics topics, int parallelism, String savepoint) throws Exception {
        Configuration conf = TestCluster.restarts(2 * FAULTS, Duration.ofMillis(200));
        if (savepoint != null) {
            conf.set(StateRecoveryOptions.SAVEPOINT_PATH, savepoint);
        }
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(conf);
        DetectionJob.build(env, config(topics, true, 1, parallelism));
        attachFaultInjectorToTheTracker(env);
        return env.executeAsync(DetectionJobMain.JOB_NAME);
    }

    /** Chains the fault injector behind the tracker, so that its fault fails the task holding the tracker state. */
    @SuppressWarnings("unchecked")
    private static void attachFaultInjectorToTheTracker(StreamExecutionEnvironment env) {
        Transformation<DetectionEvent> track = (Transformation<DetectionEvent>) env.getTransformations().stream()
                .filter(t -> "track".equals(t.getUid()))
                .findFirst()
                .orElseThrow(() -> new IllegalStateException("the job has no operator with uid 'track'"));
        new DataStream<>(env, track)
                .filter(new FaultInjector<>())
                .uid("fault-injector")
                .sinkTo(new DiscardingSink<>())
                .uid("fault-injector-sink");
    }

    private static void await(String what, java.util.function.BooleanSupplier condition) throws Exception {
        long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for " + what);
            }
            Thread.sleep(50);
        }
    }

    private static long newsOf(List<ConsumerRecord<byte[], byte[]>> records, String camera) {
        try {
            return decode(ObjectEvent.class, records).stream()
                    .filter(e -> e.getCameraId().equals(camera) && e.getKind() == ObjectEventKind.NEW).count();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static long endsOf(List<ConsumerRecord<byte[], byte[]>> records, String camera) {
        try {
            return decode(ObjectEvent.class, records).stream()
                    .filter(e -> e.getCameraId().equals(camera) && e.getKind() == ObjectEventKind.END).count();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Every tracked detection of the camera is on a true object, one id stays on one object and one object keeps
     * one id (ground truth: which true object each track id's boxes are, frame by frame), and each of the camera's
     * two objects was tracked, as ids 1 and 2.
     */
    private static void assertEachObjectHasOneIdOfItsOwn(Camera camera, List<DetectionEvent> detections) {
        Map<Long, Integer> objectOfId = new HashMap<>();
        Map<Integer, Long> idOfObject = new HashMap<>();
        for (DetectionEvent event : detections) {
            if (!event.getCameraId().equals(camera.id())) {
                continue;
            }
            List<Annotation> truth = camera.frameAt(event.getCaptureTime().toEpochMilli()).objects();
            for (Detection d : event.getDetections()) {
                if (d.getTrackId() == null) {
                    continue;
                }
                PixelBox box = new PixelBox(d.getBox().getXMin(), d.getBox().getYMin(), d.getBox().getXMax(),
                        d.getBox().getYMax());
                int best = 0;
                for (int o = 1; o < truth.size(); o++) {
                    if (truth.get(o).box().iou(box) > truth.get(best).box().iou(box)) {
                        best = o;
                    }
                }
                assertThat(truth.get(best).box().iou(box)).as("%s track %d in frame %d is on an object",
                        camera.id(), d.getTrackId(), event.getFrameSequence()).isGreaterThan(0.3f);
                assertThat(objectOfId.merge(d.getTrackId(), best, (a, b) -> a)).as(
                        "%s track %d stays on one object", camera.id(), d.getTrackId()).isEqualTo(best);
                assertThat(idOfObject.merge(best, d.getTrackId(), (a, b) -> a)).as(
                        "%s object %d keeps one id", camera.id(), best).isEqualTo(d.getTrackId());
            }
        }
        assertThat(idOfObject).as("every object of %s was tracked", camera.id()).hasSize(2);
        assertThat(objectOfId.keySet()).as("ids of %s", camera.id()).containsExactlyInAnyOrder(1L, 2L);
    }

    /** The true object a track id was on (checked above to be one and the same in every frame). */
    private static int objectOf(List<DetectionEvent> detections, Camera camera, long trackId) {
        for (DetectionEvent event : detections) {
            if (!event.getCameraId().equals(camera.id())) {
                continue;
            }
            List<Annotation> truth = camera.frameAt(event.getCaptureTime().toEpochMilli()).objects();
            for (Detection d : event.getDetections()) {
                if (d.getTrackId() != null && d.getTrackId() == trackId) {
                    PixelBox box = new PixelBox(d.getBox().getXMin(), d.getBox().getYMin(), d.getBox().getXMax(),
                            d.getBox().getYMax());
                    return truth.get(0).box().iou(box) >= truth.get(1).box().iou(box) ? 0 : 1;
                }
            }
        }
        throw new AssertionError(camera.id() + " track " + trackId + " is on no detection");
    }
}
