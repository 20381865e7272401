package io.ssdstream.job;

import static org.assertj.core.api.Assertions.assertThat;

import io.ssdstream.job.FaultInjector.Point;
import io.ssdstream.job.config.Batching;
import io.ssdstream.job.config.DeliveryGuarantee;
import io.ssdstream.job.config.JobConfig;
import io.ssdstream.job.frame.ShedFrame;
import io.ssdstream.ssd.detector.DeviceSpec;
import io.ssdstream.job.testing.EmbeddedKafka;
import io.ssdstream.job.testing.EmbeddedKafka.TransactionMarkers;
import io.ssdstream.job.testing.TestCluster;
import io.ssdstream.job.testing.TestFrames;
import io.ssdstream.job.testing.TestModel;
import io.ssdstream.schemas.DetectionEvent;
import io.ssdstream.schemas.FrameEncoding;
import io.ssdstream.schemas.FrameRejected;
import io.ssdstream.schemas.WireCodec;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.apache.flink.api.dag.Transformation;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.runtime.minicluster.MiniCluster;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.sink.v2.DiscardingSink;
import org.apache.flink.test.junit5.InjectMiniCluster;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.flink.types.Either;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real detection job on a real broker and Flink's MiniCluster, with checkpoints every 500 ms, while a producer
 * keeps sending frames (real JPEGs, and undecodable ones that must be dead-lettered) and the test injects faults at
 * seeded random moments: a task failing mid-transaction, failing while it snapshots (its transactions pre-committed,
 * the checkpoint not complete), failing once the checkpoint completed (racing the commit of its transactions), the
 * TaskManager lost outright, and the broker restarted mid-stream. Afterwards a read_committed consumer must find
 * every frame the producer had acknowledged exactly once: a detection event for each good frame, a dead letter for
 * each bad one. The broker's own abort markers prove the run went through recovery, not around it.
 *
 * <p>{@code -Dchaos.faults=N} sets the number of faults (20; the {@code soak} profile runs 100), {@code -Dchaos.seed}
 * replays a schedule. See docs/fault-tolerance.md.
 */
class ExactlyOnceUnderFaultsIT {

    private static final int FAULTS = Integer.getInteger("chaos.faults", 20);
    private static final long SEED = Long.getLong("chaos.seed", 20261201L);
    private static final int PARALLELISM = 2;
    private static final List<String> CAMERAS = List.of("north", "south", "east", "west");
    /** Between two frames of one camera; four cameras make about 27 frames a second, what two busy cores detect. */
    private static final Duration FRAME_INTERVAL = Duration.ofMillis(150);
    private static final Duration RECOVERY_TIMEOUT = Duration.ofMinutes(2);

    @RegisterExtension
    static final MiniClusterExtension FLINK = TestCluster.withSlots(PARALLELISM, restartAlways());

    @TempDir
    static Path modelDirectory;

    private static EmbeddedKafka kafka;
    private static Path model;
    /** The MiniCluster's index of the running TaskManager: it keeps terminated ones in its list, new ones go last. */
    private static int liveTaskManager;

    /** Every injected fault must be recovered from; the test, not a restart budget, bounds the run. */
    private static Configuration restartAlways() {
        return TestCluster.restarts(Integer.MAX_VALUE, Duration.ofMillis(200));
    }

    @BeforeAll
    static void start() throws Exception {
        kafka = EmbeddedKafka.start();
        model = TestModel.write(modelDirectory);
    }

    @AfterAll
    static void stop() throws Exception {
        kafka.close();
    }

    @Test
    void everyFrameIsDetectedOrDeadLetteredExactlyOnceThroughRepeatedFaults(@InjectMiniCluster MiniCluster cluster)
            throws Exception {
        Outcome outcome = new ChaosRun("exactly-once", DeliveryGuarantee.EXACTLY_ONCE, FAULTS, true, cluster).run();

        assertThat(outcome.lost()).as("frames acknowledged by the broker but never detected nor dead-lettered").isEmpty();
        assertThat(outcome.duplicated()).as("frames with more than one detection event or dead letter").isEmpty();
        assertThat(outcome.unexpected()).as("events and dead letters of no produced frame").isEmpty();
        assertThat(outcome.faultsInjected()).isEqualTo(FAULTS);
        assertThat(outcome.brokerRestarts()).isEqualTo(1);
        assertThat(outcome.markers().aborts())
                .as("abort markers on the output topics: recovery discarded open transactions")
                .isPositive();
        assertThat(outcome.markers().commits()).isPositive();
        assertThat(outcome.outOfOrderCameras()).as("cameras whose events are not in frame order").isEmpty();
    }

    /** At-least-once has no transactions to abort, so it may repeat frames; it must lose none. */
    @Test
    void atLeastOnceLosesNoFrameThroughFaults(@InjectMiniCluster MiniCluster cluster) throws Exception {
        Outcome outcome = new ChaosRun("at-least-once", DeliveryGuarantee.AT_LEAST_ONCE, 4, false, cluster).run();

        assertThat(outcome.lost()).as("frames acknowledged by the broker but never detected nor dead-lettered").isEmpty();
        assertThat(outcome.unexpected()).as("events and dead letters of no produced frame").isEmpty();
        assertThat(outcome.faultsInjected()).isEqualTo(4);
    }

    /** What one run observed; frame ids are "camera#sequence" for events and "partition@offset" for dead letters. */
    record Outcome(int faultsInjected, int brokerRestarts, int goodFrames, int badFrames, List<String> lost,
                   List<String> duplicated, List<String> unexpected, List<String> outOfOrderCameras,
                   TransactionMarkers markers, Duration duration) {}

    /** One job, one producer, one fault schedule. */
    private static final class ChaosRun {
        private final String name;
        private final DeliveryGuarantee guarantee;
        private final int faults;
        private final boolean restartBroker;
        private final MiniCluster cluster;
        private final String frames;
        private final String detections;
        private final String deadLetters;
        private final Random schedule = new Random(SEED);

        ChaosRun(String name, DeliveryGuarantee guarantee, int faults, boolean restartBroker, MiniCluster cluster) {
            this.name = name;
            this.guarantee = guarantee;
            this.faults = faults;
            this.restartBroker = restartBroker;
            this.cluster = cluster;
            this.frames = "chaos-" + name + "-frames";
            this.detections = "chaos-" + name + "-detections";
            this.deadLetters = "chaos-" + name + "-rejected";
        }

        Outcome run() throws Exception {
            long started = System.nanoTime();
            kafka.createTopic(frames, PARALLELISM);
            kafka.createTopic(detections, PARALLELISM);
            kafka.createTopic(deadLetters, PARALLELISM);
            FaultInjector.reset();
            JobClient job = submit();
            FrameProducer producer = new FrameProducer(frames, new Random(SEED + 1));
            int injected = 0;
            int brokerRestarts = 0;
            try {
                producer.start();
                awaitCondition("the job's first checkpoint", () -> FaultInjector.lastCompletedCheckpoint() >= 1);
                for (int fault = 0; fault < faults; fault++) {
                    Thread.sleep(100 + schedule.nextInt(1400));
                    if (restartBroker && fault == faults / 2) {
                        restartBroker();
                        brokerRestarts++;
                    }
                    inject(fault);
                    injected++;
                }
                producer.stopAndAwait();
                Outcome outcome = account(producer, injected, brokerRestarts, started);
                System.out.printf("chaos %s: seed %d, %d faults injected, %d broker restart(s), %d frames (%d good, "
                                + "%d undecodable), %d lost, %d duplicated, %d aborted and %d committed transaction "
                                + "markers, %d s%n", name, SEED, injected, brokerRestarts,
                        outcome.goodFrames() + outcome.badFrames(), outcome.goodFrames(), outcome.badFrames(),
                        outcome.lost().size(), outcome.duplicated().size(), outcome.markers().aborts(),
                        outcome.markers().commits(), outcome.duration().toSeconds());
                return outcome;
            } finally {
                producer.stopAndAwait();
                job.cancel().get();
            }
        }

        private JobClient submit() throws Exception {
            JobConfig config = JobConfig.builder(kafka.bootstrapServers(), model)
                    .topics(frames, detections, deadLetters)
                    .groupId("chaos-" + name)
                    .device(DeviceSpec.CPU)
                    .batch(4, Duration.ofMillis(50))
                    .batching(Batching.DEVICE)
                    .maxFrameAge(Duration.ZERO, false)
                    .delivery(guarantee, Duration.ofMillis(500), Duration.ofMinutes(5))
                    .parallelism(PARALLELISM)
                    .build();
            StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
            DetectionJob.build(env, config);
            attachFaultInjector(env);
            env.configure(restartAlways());
            return env.executeAsync(DetectionJobMain.JOB_NAME);
        }

        /**
         * Chains the injector behind the detector, in the detection task itself, so that its faults fail the very
         * task that holds the sinks' transactions.
         */
        @SuppressWarnings("unchecked")
        private static void attachFaultInjector(StreamExecutionEnvironment env) {
            Transformation<Either<DetectionEvent, ShedFrame>> detect =
                    (Transformation<Either<DetectionEvent, ShedFrame>>) env.getTransformations().stream()
                    .filter(t -> "detect".equals(t.getUid()))
                    .findFirst()
                    .orElseThrow(() -> new IllegalStateException("the job has no operator with uid 'detect'"));
            new DataStream<>(env, detect)
                    .filter(new FaultInjector<>())
                    .uid("fault-injector")
                    .name("fault injector")
                    .sinkTo(new DiscardingSink<>())
                    .uid("fault-injector-sink");
        }

        /** Injects one fault and waits until the job recovered from it: restarted, and checkpointing again. */
        private void inject(int fault) throws Exception {
            int[] before = attempts();
            int kind = schedule.nextInt(Point.values().length + 1);
            int subtask = schedule.nextInt(PARALLELISM);
            String what;
            if (kind == Point.values().length) {
                what = "TaskManager lost";
                cluster.terminateTaskManager(liveTaskManager).get();
                cluster.startTaskManager();
                liveTaskManager++;
                awaitCondition(what + " (fault " + fault + "): every subtask restarted", () -> {
                    int[] now = attempts();
                    for (int i = 0; i < PARALLELISM; i++) {
                        if (now[i] <= before[i]) {
                            return false;
                        }
                    }
                    return true;
                });
            } else {
                Point point = Point.values()[kind];
                what = point + " in subtask " + subtask;
                FaultInjector.arm(point, subtask);
                awaitCondition(what + " (fault " + fault + "): injected", FaultInjector::fired);
                awaitCondition(what + " (fault " + fault + "): subtask restarted",
                        () -> FaultInjector.attempt(subtask) > before[subtask]);
            }
            long restoredAt = FaultInjector.lastCompletedCheckpoint();
            awaitCondition(what + " (fault " + fault + "): a checkpoint after the restart",
                    () -> FaultInjector.lastCompletedCheckpoint() > restoredAt);
            System.out.printf("chaos %s: fault %d, %s: subtask attempts %s -> %s, checkpoint %d -> %d%n", name, fault,
                    what, Arrays.toString(before), Arrays.toString(attempts()), restoredAt,
                    FaultInjector.lastCompletedCheckpoint());
        }

        private void restartBroker() throws Exception {
            long stopped = System.nanoTime();
            kafka.stopBroker();
            Thread.sleep(1000 + schedule.nextInt(2000));
            kafka.restartBroker();
            long before = FaultInjector.lastCompletedCheckpoint();
            awaitCondition("a checkpoint after the broker restart",
                    () -> FaultInjector.lastCompletedCheckpoint() > before);
            System.out.printf("chaos %s: broker down and back, checkpointing again after %d ms%n", name,
                    Duration.ofNanos(System.nanoTime() - stopped).toMillis());
        }

        private static int[] attempts() {
            int[] attempts = new int[PARALLELISM];
            for (int i = 0; i < PARALLELISM; i++) {
                attempts[i] = FaultInjector.attempt(i);
            }
            return attempts;
        }

        private static void awaitCondition(String what, BooleanSupplier condition) throws InterruptedException {
            long deadline = System.nanoTime() + RECOVERY_TIMEOUT.toNanos();
            while (!condition.getAsBoolean()) {
                if (System.nanoTime() > deadline) {
                    throw new AssertionError("no " + what + " within " + RECOVERY_TIMEOUT + " (seed " + SEED
                            + "; subtask attempts " + Arrays.toString(attempts()) + ", last completed checkpoint "
                            + FaultInjector.lastCompletedCheckpoint() + ")");
                }
                Thread.sleep(20);
            }
        }

        /** Reads both output topics read_committed while the job still runs, and matches them to what was produced. */
        private Outcome account(FrameProducer producer, int injected, int brokerRestarts, long started)
                throws Exception {
            assertThat(producer.failure.get()).as("the producer's sends").isNull();
            Map<String, Boolean> produced = producer.acknowledged;
            List<String> good = produced.entrySet().stream().filter(Map.Entry::getValue).map(Map.Entry::getKey).toList();
            List<String> bad = produced.entrySet().stream().filter(e -> !e.getValue()).map(e -> e.getKey()).toList();
            assertThat(good).as("good frames produced").hasSizeGreaterThan(100);
            assertThat(bad).as("undecodable frames produced").isNotEmpty();

            List<ConsumerRecord<byte[], byte[]>> eventRecords =
                    kafka.readCommitted(detections, good.size(), RECOVERY_TIMEOUT, Duration.ofSeconds(5));
            WireCodec<DetectionEvent> events = WireCodec.forRecord(DetectionEvent.class);
            List<DetectionEvent> detected = new ArrayList<>();
            for (ConsumerRecord<byte[], byte[]> record : eventRecords) {
                detected.add(events.decode(record.value()));
            }
            WireCodec<FrameRejected> rejections = WireCodec.forRecord(FrameRejected.class);
            List<String> rejected = new ArrayList<>();
            for (ConsumerRecord<byte[], byte[]> record :
                    kafka.readCommitted(deadLetters, bad.size(), RECOVERY_TIMEOUT, Duration.ofSeconds(2))) {
                FrameRejected letter = rejections.decode(record.value());
                rejected.add(letter.getSourcePartition() + "@" + letter.getSourceOffset());
            }
            List<String> seen = new ArrayList<>(detected.stream().map(e -> e.getCameraId() + "#" + e.getFrameSequence())
                    .toList());
            seen.addAll(rejected);

            Map<String, Long> counts = seen.stream().collect(Collectors.groupingBy(Function.identity(),
                    Collectors.counting()));
            List<String> lost = produced.keySet().stream().filter(id -> !counts.containsKey(id)).sorted().toList();
            List<String> duplicated = counts.entrySet().stream().filter(e -> e.getValue() > 1).map(Map.Entry::getKey)
                    .sorted().toList();
            List<String> unexpected = counts.keySet().stream().filter(id -> !produced.containsKey(id)).sorted().toList();
            TransactionMarkers onEvents = kafka.transactionMarkers(detections);
            TransactionMarkers onDeadLetters = kafka.transactionMarkers(deadLetters);
            TransactionMarkers markers = new TransactionMarkers(onEvents.commits() + onDeadLetters.commits(),
                    onEvents.aborts() + onDeadLetters.aborts());
            return new Outcome(injected, brokerRestarts, good.size(), bad.size(), lost, duplicated, unexpected,
                    outOfOrderCameras(eventRecords, detected), markers,
                    Duration.ofNanos(System.nanoTime() - started));
        }

        /** Cameras whose events, in offset order within their partition, do not have rising frame sequences. */
        private static List<String> outOfOrderCameras(List<ConsumerRecord<byte[], byte[]>> records,
                                                      List<DetectionEvent> events) {
            Map<String, Long> last = new HashMap<>();
            List<String> outOfOrder = new ArrayList<>();
            for (int i = 0; i < records.size(); i++) {
                DetectionEvent event = events.get(i);
                String camera = event.getCameraId() + "@" + records.get(i).partition();
                Long previous = last.put(camera, event.getFrameSequence());
                if (previous != null && event.getFrameSequence() <= previous && !outOfOrder.contains(camera)) {
                    outOfOrder.add(camera);
                }
            }
            return outOfOrder;
        }
    }

    /**
     * Sends a frame per camera every {@link #FRAME_INTERVAL} until stopped, each camera pinned to one partition. About
     * one in twelve is undecodable: a truncated JPEG in a well-formed frame, or bytes that are no frame at all. Only
     * frames the broker acknowledged count as produced; a send that fails stops the test.
     */
    private static final class FrameProducer extends Thread {
        /** Frame id to whether it is a good frame: "camera#sequence" for good ones, "partition@offset" for bad. */
        final Map<String, Boolean> acknowledged = new ConcurrentHashMap<>();
        final AtomicReference<Exception> failure = new AtomicReference<>();
        private final String topic;
        private final Random random;
        private volatile boolean stopped;

        FrameProducer(String topic, Random random) {
            super("chaos-frame-producer");
            this.topic = topic;
            this.random = random;
        }

        @Override
        public void run() {
            try (KafkaProducer<byte[], byte[]> producer = kafka.producer()) {
                for (long sequence = 0; !stopped; sequence++) {
                    for (int c = 0; c < CAMERAS.size(); c++) {
                        send(producer, CAMERAS.get(c), c % PARALLELISM, sequence);
                    }
                    Thread.sleep(FRAME_INTERVAL.toMillis());
                }
                producer.flush();
            } catch (Exception e) {
                failure.compareAndSet(null, e);
            }
        }

        private void send(KafkaProducer<byte[], byte[]> producer, String camera, int partition, long sequence) {
            Instant now = Instant.now();
            int roll = random.nextInt(24);
            byte[] value;
            if (roll == 0) {
                value = TestFrames.encode(TestFrames.frame(camera, sequence, 64, 48, FrameEncoding.JPEG,
                        TestFrames.truncated(TestFrames.jpeg(64, 48, sequence)), now));
            } else if (roll == 1) {
                value = new byte[16 + random.nextInt(64)];
                random.nextBytes(value);
            } else {
                value = TestFrames.jpegFrame(camera, sequence, now);
            }
            boolean good = roll > 1;
            String frameId = camera + "#" + sequence;
            producer.send(new ProducerRecord<>(topic, partition, camera.getBytes(StandardCharsets.UTF_8), value),
                    (metadata, error) -> {
                        if (error != null) {
                            failure.compareAndSet(null, error);
                        } else {
                            acknowledged.put(good ? frameId : metadata.partition() + "@" + metadata.offset(), good);
                        }
                    });
        }

        void stopAndAwait() throws InterruptedException {
            stopped = true;
            join(RECOVERY_TIMEOUT.toMillis());
        }
    }
}
