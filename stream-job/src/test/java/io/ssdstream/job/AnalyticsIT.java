package io.ssdstream.job;

import static org.assertj.core.api.Assertions.assertThat;

import io.ssdstream.job.analytics.TrackerUpdate;
import io.ssdstream.job.config.DeliveryGuarantee;
import io.ssdstream.job.config.JobConfig;
import io.ssdstream.job.frame.DeadLetters;
import io.ssdstream.job.kafka.KafkaConnectors;
import io.ssdstream.job.testing.EmbeddedKafka;
import io.ssdstream.job.testing.JobTopics;
import io.ssdstream.job.testing.TestCluster;
import io.ssdstream.scenes.MovingScene;
import io.ssdstream.scenes.SceneStyle;
import io.ssdstream.schemas.BoundingBox;
import io.ssdstream.schemas.CameraClassCounts;
import io.ssdstream.schemas.CameraConfig;
import io.ssdstream.schemas.ClassCount;
import io.ssdstream.schemas.CrossingDirection;
import io.ssdstream.schemas.Detection;
import io.ssdstream.schemas.DetectionEvent;
import io.ssdstream.schemas.FrameEncoding;
import io.ssdstream.schemas.FrameRejected;
import io.ssdstream.schemas.InferenceTimings;
import io.ssdstream.schemas.LineConfig;
import io.ssdstream.schemas.LineCrossing;
import io.ssdstream.schemas.LineCrossingCount;
import io.ssdstream.schemas.LineSide;
import io.ssdstream.schemas.PixelPoint;
import io.ssdstream.schemas.ReferencePoint;
import io.ssdstream.schemas.RejectReason;
import io.ssdstream.schemas.WireCodec;
import io.ssdstream.schemas.ZoneConfig;
import io.ssdstream.schemas.ZoneEvent;
import io.ssdstream.schemas.ZoneEventKind;
import io.ssdstream.schemas.ZoneOccupancy;
import io.ssdstream.ssd.detector.DeviceSpec;
import io.ssdstream.tracking.TrackerConfig;
import io.ssdstream.zones.counting.CountingSettings;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Predicate;
import org.apache.avro.specific.SpecificRecordBase;
import org.apache.flink.api.common.JobStatus;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.serialization.DeserializationSchema;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.StateRecoveryOptions;
import org.apache.flink.connector.kafka.source.KafkaSource;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.flink.connector.kafka.source.reader.deserializer.KafkaRecordDeserializationSchema;
import org.apache.flink.core.execution.CheckpointingMode;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.core.execution.SavepointFormatType;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Zones, lines and counts in the running job, on a real broker and Flink's MiniCluster, with the camera
 * configurations published to their compacted topic while the job runs.
 *
 * <p>The scripted test feeds the analytics stage tracked frames whose track ids and boxes come from a script (the
 * tracker's output, so the expected events follow from the geometry alone), through the same wiring as the job
 * ({@code DetectionJob.analytics}). The end-to-end test runs the whole job with the demo model on a synthetic scene
 * and checks the analytics against the track ids the job itself wrote into the detections.
 *
 * <p>Sequencing without sleeps: a configuration is known to be active in the analytics once a dead letter published
 * after it is read read_committed (the dead letter commits with a checkpoint, which the analytics acknowledged only
 * after it had applied every configuration before the checkpoint barrier). A phase's frames are known to be
 * processed once its window's counts, closed by a later frame of a camera without configuration ("clock"), are read.
 */
class AnalyticsIT {

    private static final Path DEMO_MODEL = Path.of("..", "models", "demo");
    /**
     * Capture times start at a whole minute near now: the sinks write event time as the record timestamp, and the
     * broker's retention (7 days) deletes records with older timestamps as their segments roll.
     */
    private static final long T0 = Instant.now().truncatedTo(java.time.temporal.ChronoUnit.MINUTES).toEpochMilli();
    private static final int PERSON = 1;
    private static final int CAR = 3;

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

    private static JobConfig config(JobTopics t, Duration window) {
        return JobConfig.builder(kafka.bootstrapServers(), DEMO_MODEL)
                .topics(t.frames(), t.detections(), t.rejected())
                .objectsTopic(t.objects())
                .analyticsTopics(t.configs(), t.zoneEvents(), t.crossings(), t.counts())
                .analytics(true, new CountingSettings(window, Duration.ZERO))
                .tracking(true, TrackerConfig.defaults().withMaxLostAge(Duration.ofSeconds(1)))
                .groupId("it-" + t.frames())
                .device(DeviceSpec.CPU)
                .batch(4, Duration.ofMillis(50))
                .maxFrameAge(Duration.ZERO, false)
                .delivery(DeliveryGuarantee.EXACTLY_ONCE, Duration.ofMillis(300), Duration.ofMinutes(5))
                .watermarks(Duration.ofSeconds(1), Duration.ZERO)
                .parallelism(2)
                .build();
    }

    // ---------------------------------------------------------------- the scripted scene

    /** A scripted tracked object in a frame: its bottom centre (the reference point), 40 x 80 px. */
    private record Seen(long trackId, int classId, double x, double y) {}

    private static DetectionEvent frame(String camera, int k, Seen... objects) {
        List<Detection> detections = new ArrayList<>();
        for (Seen o : objects) {
            detections.add(new Detection(o.classId(), o.classId() == PERSON ? "person" : "car", 0.9f,
                    new BoundingBox((float) (o.x() - 20), (float) (o.y() - 80), (float) (o.x() + 20), (float) o.y()),
                    o.trackId()));
        }
        return DetectionEvent.newBuilder()
                .setCameraId(camera)
                .setFrameSequence(k)
                .setCaptureTime(Instant.ofEpochMilli(T0 + k * 100L))
                .setProcessingTime(Instant.ofEpochMilli(T0 + k * 100L))
                .setModelName("scripted")
                .setModelVersion("1")
                .setFrameWidth(1000)
                .setFrameHeight(1000)
                .setDetections(detections)
                .setTimings(new InferenceTimings(0L, 1, 0L))
                .build();
    }

    private static PixelPoint p(double x, double y) {
        return new PixelPoint(x, y);
    }

    private static ZoneConfig zone(String name, PixelPoint... points) {
        return new ZoneConfig(name, List.of(points), List.of(), 2, 0L, ReferencePoint.BOTTOM_CENTRE);
    }

    /** A horizontal line from x = 0 to 1000 pointing right: its right (in) side is below it on the picture. */
    private static LineConfig horizontalLine(String name, double y) {
        return new LineConfig(name, p(0, y), p(1000, y), LineSide.RIGHT, List.of(), 5.0, ReferencePoint.BOTTOM_CENTRE);
    }

    private static CameraConfig cameraConfig(String camera, List<ZoneConfig> zones, List<LineConfig> lines) {
        return new CameraConfig(camera, 1000, 1000, zones, lines, Instant.ofEpochMilli(T0));
    }

    private static <T extends SpecificRecordBase> byte[] encode(Class<T> type, T record) throws Exception {
        return WireCodec.forRecord(type).encode(record);
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static <T extends SpecificRecordBase> List<T> decode(Class<T> type,
            List<ConsumerRecord<byte[], byte[]>> records) {
        WireCodec<T> codec = WireCodec.forRecord(type);
        List<T> out = new ArrayList<>();
        for (ConsumerRecord<byte[], byte[]> record : records) {
            try {
                out.add(codec.decode(record.value()));
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }
        return out;
    }

    private int barriers;

    /** Publishes configuration records, then waits until the analytics apply them (see the class comment). */
    private void configure(JobTopics t, String camera, byte[] value) throws Exception {
        kafka.send(t.configs(), utf8(camera), value);
        String barrier = "barrier-" + (++barriers);
        kafka.send(t.configs(), utf8(barrier), utf8("not a configuration"));
        awaitDeadLetter(t, barrier);
    }

    private static FrameRejected awaitDeadLetter(JobTopics t, String camera) {
        return awaitDeadLetter(t, camera, "");
    }

    /** The first dead letter for {@code camera} whose message contains {@code text}. */
    private static FrameRejected awaitDeadLetter(JobTopics t, String camera, String text) {
        Predicate<FrameRejected> wanted = d -> camera.equals(d.getCameraId())
                && d.getMessage().contains(text);
        List<FrameRejected> letters = decode(FrameRejected.class, kafka.readCommittedUntil(t.rejected(),
                r -> decode(FrameRejected.class, r).stream().anyMatch(wanted), Duration.ofSeconds(60)));
        return letters.stream().filter(wanted).findFirst()
                .orElseThrow(() -> new AssertionError("no dead letter for " + camera + " in " + letters));
    }

    /** Sends a phase's frames and a clock frame half a second after {@code windowStart + 1 s}; waits for its counts. */
    private static void phase(JobTopics t, long windowStart, List<DetectionEvent> frames) throws Exception {
        for (DetectionEvent e : frames) {
            kafka.send(t.frames(), utf8(e.getCameraId()), encode(DetectionEvent.class, e));
        }
        int clockFrame = (int) ((windowStart - T0 + 1500) / 100);
        kafka.send(t.frames(), utf8("clock"), encode(DetectionEvent.class, frame("clock", clockFrame)));
        kafka.readCommittedUntil(t.counts(), r -> decode(CameraClassCounts.class, r).stream()
                .anyMatch(c -> c.getWindowStart().toEpochMilli() == windowStart), Duration.ofSeconds(60));
    }

    private static ClassCount classCount(int classId, String label, long sightings, long frames, long distinct,
                                         List<LineCrossingCount> lines, List<ZoneOccupancy> zones) {
        return new ClassCount(classId, label, sightings, frames, distinct, lines, zones);
    }

    private static ZoneEvent zoneEvent(ZoneEventKind kind, String zone, long trackId, String label, int frame,
                                       int insideSinceFrame) {
        return new ZoneEvent("gate", kind, zone, trackId, label, Instant.ofEpochMilli(T0 + frame * 100L),
                Instant.ofEpochMilli(T0 + insideSinceFrame * 100L));
    }

    private static LineCrossing crossing(String line, CrossingDirection direction, long trackId, String label,
                                         int frame) {
        return new LineCrossing("gate", line, direction, trackId, label, Instant.ofEpochMilli(T0 + frame * 100L));
    }

    /**
     * The analytics stage of the job, fed scripted tracked frames from a topic: keyed by camera like the tracker's
     * output, with event time from the capture time (no out-of-orderness).
     */
    private static JobClient runScripted(JobTopics t, JobConfig config, String savepoint) throws Exception {
        Configuration conf = new Configuration();
        if (savepoint != null) {
            conf.set(StateRecoveryOptions.SAVEPOINT_PATH, savepoint);
        }
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(conf);
        env.enableCheckpointing(config.checkpointInterval().toMillis(), CheckpointingMode.EXACTLY_ONCE);
        env.setParallelism(2);
        KafkaSource<DetectionEvent> tracked = KafkaSource.<DetectionEvent>builder()
                .setBootstrapServers(kafka.bootstrapServers())
                .setTopics(t.frames())
                .setGroupId("scripted-" + t.frames())
                .setStartingOffsets(OffsetsInitializer.earliest())
                .setDeserializer(KafkaRecordDeserializationSchema.valueOnly(new TrackedFrames()))
                .setProperty("isolation.level", "read_committed")
                .build();
        DataStream<TrackerUpdate> updates = env
                .fromSource(tracked, WatermarkStrategy.<DetectionEvent>forBoundedOutOfOrderness(Duration.ZERO)
                        .withTimestampAssigner((e, ts) -> e.getCaptureTime().toEpochMilli()), "scripted tracker")
                .setParallelism(1)
                .keyBy(DetectionEvent::getCameraId, Types.STRING)
                .map(e -> TrackerUpdate.frame(e, List.of()))
                .returns(TrackerUpdate.class);
        DetectionJob.analytics(env, updates, new KafkaConnectors(config), new DeadLetters(1024), config);
        return env.executeAsync("scripted analytics");
    }

    /** Scripted tracker output on the wire. */
    private static final class TrackedFrames implements DeserializationSchema<DetectionEvent> {
        private static final long serialVersionUID = 1L;
        private transient WireCodec<DetectionEvent> codec;

        @Override
        public DetectionEvent deserialize(byte[] message) {
            if (codec == null) {
                codec = WireCodec.forRecord(DetectionEvent.class);
            }
            try {
                return codec.decode(message);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }

        @Override
        public boolean isEndOfStream(DetectionEvent next) {
            return false;
        }

        @Override
        public TypeInformation<DetectionEvent> getProducedType() {
            return TypeInformation.of(DetectionEvent.class);
        }
    }

    /**
     * A person (track 1) walks down across the line "door" and back; a car (track 2) drives into the zone "bay" and
     * stays. The configuration then changes live ("bay" gone, "yard" added, "door" replaced by "exit"); then an
     * invalid configuration (a bow tie) and one following a class the model does not know are refused while the
     * previous one keeps working; then a tombstone removes the camera's
     * zones. Every expected event and count below follows from the script's coordinates.
     */
    @Test
    void scriptedSceneGivesExactEventsAndCountsThroughLiveConfigurationChanges() throws Exception {
        scriptedScene("scripted", null);
    }

    /**
     * The same scene, with the job stopped with a savepoint after the first phase and restarted from it: the
     * configuration comes back from broadcast state (the source resumes after it), the car's standing in the bay and
     * the counter from keyed state, and every output is the same as without the restart.
     */
    @Test
    void aRestartFromASavepointTakenBeforeTheChangeGivesTheSameOutputs(@TempDir Path savepoints) throws Exception {
        scriptedScene("restored", savepoints);
    }

    private void scriptedScene(String name, Path savepoints) throws Exception {
        JobTopics t = JobTopics.create(kafka, name);
        JobConfig config = config(t, Duration.ofSeconds(1));
        JobClient job = runScripted(t, config, null);
        try {
            ZoneConfig bay = zone("bay", p(600, 600), p(900, 600), p(900, 900), p(600, 900));
            configure(t, "gate", encode(CameraConfig.class,
                    cameraConfig("gate", List.of(bay), List.of(horizontalLine("door", 500)))));

            // phase 1, frames 0-9 (window [T0, T0 + 1 s)): person at x 300, bottom y 400 .. 600 .. 400;
            // car from x 980 to 800 at y 700 (in the bay from frame 2, its x 850)
            double[] personY = {400, 450, 550, 600, 600, 550, 450, 400, 400, 400};
            double[] carX = {980, 950, 850, 800, 800, 800, 800, 800, 800, 800};
            List<DetectionEvent> phase1 = new ArrayList<>();
            for (int k = 0; k < 10; k++) {
                phase1.add(frame("gate", k, new Seen(1, PERSON, 300, personY[k]), new Seen(2, CAR, carX[k], 700)));
            }
            phase(t, T0, phase1);
            if (savepoints != null) {
                String savepoint = job.stopWithSavepoint(false, savepoints.toUri().toString(),
                        SavepointFormatType.CANONICAL).get();
                job = runScripted(t, config, savepoint);
            }

            ZoneConfig yard = zone("yard", p(100, 600), p(400, 600), p(400, 900), p(100, 900));
            configure(t, "gate", encode(CameraConfig.class,
                    cameraConfig("gate", List.of(yard), List.of(horizontalLine("exit", 300)))));

            // phase 2, frames 20-29: the person steps down into the yard (y 700 from frame 21);
            // the car stays at (800, 700), then drives up to y 200 at frame 26, across "exit"
            List<DetectionEvent> phase2 = new ArrayList<>();
            for (int k = 20; k < 30; k++) {
                phase2.add(frame("gate", k, new Seen(1, PERSON, 300, k == 20 ? 400 : 700),
                        new Seen(2, CAR, 800, k < 26 ? 700 : 200)));
            }
            phase(t, T0 + 2000, phase2);

            // a self-intersecting yard (a bow tie): refused, the previous configuration stays
            ZoneConfig bowTie = zone("yard", p(100, 600), p(400, 900), p(400, 600), p(100, 900));
            kafka.send(t.configs(), utf8("gate"), encode(CameraConfig.class,
                    cameraConfig("gate", List.of(bowTie), List.of(horizontalLine("exit", 300)))));
            FrameRejected refused = awaitDeadLetter(t, "gate");
            assertThat(refused.getReason()).isEqualTo(RejectReason.INVALID_CONFIG);
            assertThat(refused.getMessage()).contains("camera 'gate'", "zone 'yard'", t.configs() + "-0@");
            assertThat(refused.getSourceTopic()).isEqualTo(t.configs());
            // a yard following a class the model (the demo model: disc, block, triangle, cross) never detects: refused
            ZoneConfig yardOfTrucks = new ZoneConfig("yard", yard.getPoints(), List.of("truck"), 2, 0L,
                    ReferencePoint.BOTTOM_CENTRE);
            kafka.send(t.configs(), utf8("gate"), encode(CameraConfig.class,
                    cameraConfig("gate", List.of(yardOfTrucks), List.of(horizontalLine("exit", 300)))));
            FrameRejected unknownClass = awaitDeadLetter(t, "gate", "'truck'");
            assertThat(unknownClass.getReason()).isEqualTo(RejectReason.INVALID_CONFIG);
            assertThat(unknownClass.getMessage()).contains("previous one stays active", "zone 'yard': class 'truck'");

            // phase 3, frames 40-49, under the yard and "exit" of phase 2 still: the person stays in the yard; the
            // car drives back down across "exit" (IN)
            List<DetectionEvent> phase3 = new ArrayList<>();
            for (int k = 40; k < 50; k++) {
                phase3.add(frame("gate", k, new Seen(1, PERSON, 300, 700), new Seen(2, CAR, 800, 400)));
            }
            phase(t, T0 + 4000, phase3);

            configure(t, "gate", null);
            // phase 4, frames 60-64: no configuration any more; the person, still in the yard, leaves it at once
            for (int k = 60; k < 65; k++) {
                kafka.send(t.frames(), utf8("gate"), encode(DetectionEvent.class,
                        frame("gate", k, new Seen(1, PERSON, 300, 700), new Seen(2, CAR, 800, 200))));
            }
            kafka.send(t.frames(), utf8("clock"), encode(DetectionEvent.class, frame("clock", 75)));

            List<ZoneEvent> expectedEvents = List.of(
                    zoneEvent(ZoneEventKind.ENTER, "bay", 2, "car", 3, 2),      // inside at frames 2 and 3
                    zoneEvent(ZoneEventKind.EXIT, "bay", 2, "car", 20, 2),      // "bay" is gone at frame 20
                    zoneEvent(ZoneEventKind.ENTER, "yard", 1, "person", 22, 21),
                    zoneEvent(ZoneEventKind.EXIT, "yard", 1, "person", 60, 21)); // the tombstone, at frame 60
            // read on for a few more checkpoints: anything extra would be committed by then
            List<ZoneEvent> events = decode(ZoneEvent.class, kafka.readCommitted(t.zoneEvents(),
                    expectedEvents.size(), Duration.ofSeconds(60), Duration.ofMillis(1500)));
            assertThat(events).containsExactlyElementsOf(expectedEvents);

            assertThat(decode(LineCrossing.class, kafka.readCommitted(t.crossings(), 4, Duration.ofSeconds(10),
                    Duration.ofMillis(500)))).containsExactly(
                    crossing("door", CrossingDirection.IN, 1, "person", 2),   // y 450 -> 550
                    crossing("door", CrossingDirection.OUT, 1, "person", 6),  // y 550 -> 450
                    crossing("exit", CrossingDirection.OUT, 2, "car", 26),    // y 700 -> 200
                    crossing("exit", CrossingDirection.IN, 2, "car", 40));    // y 200 -> 400

            List<CameraClassCounts> counts = decode(CameraClassCounts.class,
                    kafka.readCommitted(t.counts(), 3, Duration.ofSeconds(10), Duration.ofMillis(500)));
            assertThat(counts).extracting(c -> c.getWindowStart().toEpochMilli())
                    .as("windows of gate; none after the tombstone, none for the clock camera")
                    .containsExactly(T0, T0 + 2000, T0 + 4000);
            assertThat(counts).allSatisfy(c -> {
                assertThat(c.getCameraId()).isEqualTo("gate");
                assertThat(c.getFrames()).isEqualTo(10L);
                assertThat(c.getRevision()).isZero();
                assertThat(c.getLateFrames()).isZero();
                assertThat(c.getModelName()).isEqualTo("scripted");
            });
            // the car is in the bay after frames 3-9: max 1, mean 7 / 10
            assertThat(counts.get(0).getClasses()).containsExactly(
                    classCount(PERSON, "person", 10, 10, 1, List.of(new LineCrossingCount("door", 1L, 1L)), List.of()),
                    classCount(CAR, "car", 10, 10, 1, List.of(), List.of(new ZoneOccupancy("bay", 1, 0.7))));
            // the person is in the yard after frames 22-29: 8 / 10
            assertThat(counts.get(1).getClasses()).containsExactly(
                    classCount(PERSON, "person", 10, 10, 1, List.of(), List.of(new ZoneOccupancy("yard", 1, 0.8))),
                    classCount(CAR, "car", 10, 10, 1, List.of(new LineCrossingCount("exit", 0L, 1L)), List.of()));
            assertThat(counts.get(2).getClasses()).containsExactly(
                    classCount(PERSON, "person", 10, 10, 1, List.of(), List.of(new ZoneOccupancy("yard", 1, 1.0))),
                    classCount(CAR, "car", 10, 10, 1, List.of(new LineCrossingCount("exit", 1L, 0L)), List.of()));

            assertThat(job.getJobStatus().get()).isEqualTo(JobStatus.RUNNING);
        } finally {
            job.cancel().get();
        }
    }

    // ---------------------------------------------------------------- end to end

    /**
     * The whole job with the demo model: a zone covering the frame with inertia 1, so every track the job writes into
     * the detections enters it at its first tracked frame and leaves when the tracker ends it; the counts per window
     * match the track ids in the detections.
     */
    @Test
    void theWholeJobAnalysesTheTracksItWritesIntoTheDetections() throws Exception {
        JobTopics t = JobTopics.create(kafka, "end-to-end");
        ZoneConfig all = new ZoneConfig("all", List.of(p(0, 0), p(300, 0), p(300, 300), p(0, 300)), List.of(), 1,
                0L, ReferencePoint.BOTTOM_CENTRE);
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        DetectionJob.build(env, config(t, Duration.ofSeconds(1)));
        JobClient job = env.executeAsync(DetectionJobMain.JOB_NAME);
        configure(t, "lobby", encode(CameraConfig.class,
                new CameraConfig("lobby", 300, 300, List.of(all), List.of(), Instant.ofEpochMilli(T0))));

        MovingScene scene = new MovingScene("lobby", 300, 300, 2, SceneStyle.SIMPLE, 11);
        int frames = 20;
        for (int n = 0; n < frames; n++) {
            kafka.send(t.frames(), utf8("lobby"), io.ssdstream.job.testing.TestFrames.encode(
                    io.ssdstream.job.testing.TestFrames.frame("lobby", n, 300, 300, FrameEncoding.JPEG,
                            jpeg(scene, n), Instant.ofEpochMilli(T0 + n * 100L))));
        }
        // a clock camera moves the watermark past the last window and the tracker's max lost age
        for (int n = 0; n <= 8; n++) {
            kafka.send(t.frames(), utf8("clock"), io.ssdstream.job.testing.TestFrames.jpegFrame("clock", n,
                    Instant.ofEpochMilli(T0 + 2_000 + n * 500L)));
        }
        int sent = frames + 9;
        try {
            List<DetectionEvent> detections = decode(DetectionEvent.class,
                    kafka.readCommittedUntil(t.detections(), r -> r.size() >= sent, Duration.ofSeconds(80)));
            assertThat(detections).hasSize(sent);

            // independent expectations from the track ids the job wrote
            Map<Long, Long> firstSeen = new HashMap<>();
            Map<Long, Map<String, Set<Long>>> distinctPerWindow = new TreeMap<>();
            for (DetectionEvent e : detections) {
                if (!e.getCameraId().equals("lobby")) {
                    continue;
                }
                long time = e.getCaptureTime().toEpochMilli();
                for (Detection d : e.getDetections()) {
                    if (d.getTrackId() != null) {
                        firstSeen.merge(d.getTrackId(), time, Math::min);
                        distinctPerWindow.computeIfAbsent(time - Math.floorMod(time, 1000L), w -> new TreeMap<>())
                                .computeIfAbsent(d.getLabel(), l -> new HashSet<>()).add(d.getTrackId());
                    }
                }
            }
            assertThat(firstSeen).as("tracks of the lobby").isNotEmpty();

            List<ZoneEvent> events = decode(ZoneEvent.class, kafka.readCommittedUntil(t.zoneEvents(),
                    r -> r.size() >= 2 * firstSeen.size(), Duration.ofSeconds(60)));
            Map<Long, Long> entered = new HashMap<>();
            Set<Long> exited = new HashSet<>();
            for (ZoneEvent e : events) {
                assertThat(e.getZone()).isEqualTo("all");
                if (e.getKind() == ZoneEventKind.ENTER) {
                    entered.put(e.getTrackId(), e.getTime().toEpochMilli());
                } else {
                    assertThat(e.getKind()).isEqualTo(ZoneEventKind.EXIT);
                    exited.add(e.getTrackId());
                }
            }
            assertThat(entered).as("each track enters at its first tracked frame").isEqualTo(firstSeen);
            assertThat(exited).as("each track leaves when the tracker ends it").isEqualTo(firstSeen.keySet());

            List<CameraClassCounts> counts = decode(CameraClassCounts.class, kafka.readCommittedUntil(t.counts(),
                    r -> r.size() >= 2, Duration.ofSeconds(60)));
            Map<Long, Map<String, Set<Long>>> countedPerWindow = new TreeMap<>();
            for (CameraClassCounts c : counts) {
                assertThat(c.getCameraId()).isEqualTo("lobby");
                assertThat(c.getFrames()).as("frames of %s", counts).isEqualTo(10L);
                for (ClassCount cc : c.getClasses()) {
                    assertThat(cc.getDistinctObjects()).isEqualTo((long)
                            distinctPerWindow.get(c.getWindowStart().toEpochMilli()).get(cc.getLabel()).size());
                    countedPerWindow.computeIfAbsent(c.getWindowStart().toEpochMilli(), w -> new TreeMap<>())
                            .put(cc.getLabel(), distinctPerWindow.get(c.getWindowStart().toEpochMilli())
                                    .get(cc.getLabel()));
                }
            }
            assertThat(countedPerWindow).isEqualTo(distinctPerWindow);
        } finally {
            job.cancel().get();
        }
    }

    private static byte[] jpeg(MovingScene scene, int n) throws Exception {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        javax.imageio.ImageIO.write(scene.frame(n * 0.1).image().toBufferedImage(), "jpg", out);
        return out.toByteArray();
    }
}
