package io.ssdstream.job;

import static org.assertj.core.api.Assertions.assertThat;

import io.ssdstream.job.config.DeliveryGuarantee;
import io.ssdstream.job.config.JobConfig;
import io.ssdstream.job.testing.EmbeddedKafka;
import io.ssdstream.job.testing.TestCluster;
import io.ssdstream.job.testing.TestFrames;
import io.ssdstream.job.testing.TestModel;
import io.ssdstream.schemas.DetectionEvent;
import io.ssdstream.schemas.FrameEncoding;
import io.ssdstream.schemas.FrameRejected;
import io.ssdstream.schemas.RejectReason;
import io.ssdstream.schemas.WireCodec;
import io.ssdstream.ssd.detector.DeviceSpec;
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
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.StateRecoveryOptions;
import org.apache.flink.core.execution.SavepointFormatType;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** The detection job end to end on a real Kafka broker and Flink's MiniCluster, with real checkpoints. */
class DetectionJobIT {

    private static final int SLOTS = 4;

    @RegisterExtension
    static final MiniClusterExtension FLINK = TestCluster.withSlots(SLOTS,
            TestCluster.restarts(5, Duration.ofMillis(500)));

    @TempDir
    static Path modelDirectory;

    private static EmbeddedKafka kafka;
    private static Path model;

    @BeforeAll
    static void start() throws Exception {
        kafka = EmbeddedKafka.start();
        model = TestModel.write(modelDirectory);
    }

    @AfterAll
    static void stop() throws Exception {
        kafka.close();
    }

    /** Topics of one test run, so tests never see each other's records. */
    private record Topics(String frames, String detections, String deadLetters) {
        static Topics create(String name, int partitions) throws Exception {
            Topics topics = new Topics(name + "-frames", name + "-detections", name + "-rejected");
            kafka.createTopic(topics.frames, partitions);
            kafka.createTopic(topics.detections, partitions);
            kafka.createTopic(topics.deadLetters, 1);
            return topics;
        }
    }

    private static JobConfig.Builder job(Topics topics) {
        return JobConfig.builder(kafka.bootstrapServers(), model)
                .topics(topics.frames, topics.detections, topics.deadLetters)
                .groupId("it-" + topics.frames)
                .device(DeviceSpec.CPU)
                .batch(4, Duration.ofMillis(50))
                .maxFrameAge(Duration.ZERO, false)
                .delivery(DeliveryGuarantee.EXACTLY_ONCE, Duration.ofMillis(500), Duration.ofMinutes(5))
                .parallelism(2);
    }

    private static JobClient run(JobConfig config) throws Exception {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        DetectionJob.build(env, config);
        return env.executeAsync(DetectionJobMain.JOB_NAME);
    }

    /** Sends {@code count} JPEG frames per camera, cameras interleaved, each keyed by its camera id. */
    private static List<String> produceFrames(Topics topics, List<String> cameras, int from, int count) throws Exception {
        List<String> sent = new ArrayList<>();
        try (KafkaProducer<byte[], byte[]> producer = kafka.producer()) {
            for (int sequence = from; sequence < from + count; sequence++) {
                for (String camera : cameras) {
                    producer.send(new ProducerRecord<>(topics.frames, camera.getBytes(StandardCharsets.UTF_8),
                            TestFrames.jpegFrame(camera, sequence, Instant.now())));
                    sent.add(camera + "#" + sequence);
                }
            }
            producer.flush();
        }
        return sent;
    }

    private static List<DetectionEvent> events(List<ConsumerRecord<byte[], byte[]>> records) throws Exception {
        WireCodec<DetectionEvent> codec = WireCodec.forRecord(DetectionEvent.class);
        List<DetectionEvent> events = new ArrayList<>();
        for (ConsumerRecord<byte[], byte[]> record : records) {
            DetectionEvent event = codec.decode(record.value());
            assertThat(new String(record.key(), StandardCharsets.UTF_8)).isEqualTo(event.getCameraId());
            events.add(event);
        }
        return events;
    }

    private static List<String> frameIds(List<DetectionEvent> events) {
        return events.stream().map(e -> e.getCameraId() + "#" + e.getFrameSequence()).toList();
    }

    /** Within each partition, in offset order, every camera's frame sequence numbers only go up. */
    private static void assertCameraOrder(List<ConsumerRecord<byte[], byte[]>> records) throws Exception {
        Map<String, Long> last = new HashMap<>();
        List<DetectionEvent> events = events(records);
        Set<String> cameraPartitions = new HashSet<>();
        for (int i = 0; i < records.size(); i++) {
            DetectionEvent event = events.get(i);
            cameraPartitions.add(event.getCameraId() + "@" + records.get(i).partition());
            Long previous = last.put(event.getCameraId(), event.getFrameSequence());
            if (previous != null) {
                assertThat(event.getFrameSequence()).as("order of camera %s", event.getCameraId()).isGreaterThan(previous);
            }
        }
        assertThat(cameraPartitions).as("each camera in exactly one partition")
                .hasSize((int) events.stream().map(DetectionEvent::getCameraId).distinct().count());
    }

    @Test
    void everyGoodFrameGetsOneEventInCameraOrderAndEveryBadFrameADeadLetter() throws Exception {
        Topics topics = Topics.create("e2e", 4);
        List<String> cameras = List.of("lobby", "garage", "gate", "dock");
        List<String> sent = produceFrames(topics, cameras, 0, 6);

        Instant now = Instant.now();
        byte[] goodJpeg = TestFrames.jpeg(64, 48, 7);
        WireCodec<FrameRejected> otherSchema = WireCodec.forRecord(FrameRejected.class);
        Map<String, byte[]> bad = new HashMap<>();
        bad.put("garbage", "definitely not avro".getBytes(StandardCharsets.UTF_8));
        bad.put("wrong-schema", otherSchema.encode(FrameRejected.newBuilder().setSourceTopic("x").setSourcePartition(0)
                .setSourceOffset(0).setReason(RejectReason.UNKNOWN).setMessage("m").setRejectedTime(now)
                .setOriginalSize(0).setOriginalBytes(java.nio.ByteBuffer.allocate(0)).build()));
        bad.put("truncated", TestFrames.encode(TestFrames.frame("truncated", 0, 64, 48, FrameEncoding.JPEG,
                TestFrames.truncated(goodJpeg), now)));
        bad.put("bomb", TestFrames.encode(TestFrames.frame("bomb", 0, 50_000, 50_000, FrameEncoding.PNG,
                TestFrames.pngHeader(50_000, 50_000), now)));
        bad.put("empty", TestFrames.encode(TestFrames.frame("empty", 0, 0, 0, FrameEncoding.JPEG, new byte[0], now)));
        bad.put("unknown-encoding", TestFrames.encode(TestFrames.frame("unknown-encoding", 0, 64, 48,
                FrameEncoding.UNKNOWN, goodJpeg, now)));
        for (Map.Entry<String, byte[]> input : bad.entrySet()) {
            kafka.send(topics.frames, input.getKey().getBytes(StandardCharsets.UTF_8), input.getValue());
        }
        sent.addAll(produceFrames(topics, cameras, 6, 4));

        JobClient job = run(job(topics).build());
        try {
            List<ConsumerRecord<byte[], byte[]>> detections =
                    kafka.readCommitted(topics.detections, sent.size(), Duration.ofMinutes(3), Duration.ofSeconds(3));
            assertThat(frameIds(events(detections))).containsExactlyInAnyOrderElementsOf(sent);
            assertCameraOrder(detections);

            WireCodec<FrameRejected> codec = WireCodec.forRecord(FrameRejected.class);
            Map<String, RejectReason> reasons = new HashMap<>();
            for (ConsumerRecord<byte[], byte[]> record :
                    kafka.readCommitted(topics.deadLetters, bad.size(), Duration.ofMinutes(1), Duration.ofSeconds(1))) {
                FrameRejected rejected = codec.decode(record.value());
                assertThat(rejected.getSourceTopic()).isEqualTo(topics.frames);
                reasons.put(rejected.getCameraId(), rejected.getReason());
            }
            assertThat(reasons).containsOnly(
                    Map.entry("garbage", RejectReason.UNDECODABLE),
                    Map.entry("wrong-schema", RejectReason.SCHEMA_MISMATCH),
                    Map.entry("truncated", RejectReason.UNDECODABLE),
                    Map.entry("bomb", RejectReason.TOO_LARGE),
                    Map.entry("empty", RejectReason.UNDECODABLE),
                    Map.entry("unknown-encoding", RejectReason.UNSUPPORTED_ENCODING));
        } finally {
            job.cancel().get();
        }
    }

    @Test
    void aSavepointRestartWithAnotherBatchSizeAndParallelismLosesAndRepeatsNothing(@TempDir Path savepoints)
            throws Exception {
        Topics topics = Topics.create("savepoint", 4);
        List<String> cameras = List.of("a", "b", "c", "d", "e");
        List<String> sent = produceFrames(topics, cameras, 0, 6);
        JobClient first = run(job(topics).build());
        kafka.readCommitted(topics.detections, sent.size(), Duration.ofMinutes(2), Duration.ZERO);
        String savepoint = first.stopWithSavepoint(false, savepoints.toUri().toString(), SavepointFormatType.CANONICAL)
                .get();
        sent.addAll(produceFrames(topics, cameras, 6, 6));

        Configuration restore = new Configuration();
        restore.set(StateRecoveryOptions.SAVEPOINT_PATH, savepoint);
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(restore);
        DetectionJob.build(env, job(topics).batch(7, Duration.ofMillis(30)).parallelism(3).build());
        JobClient second = env.executeAsync(DetectionJobMain.JOB_NAME);
        try {
            List<ConsumerRecord<byte[], byte[]>> detections =
                    kafka.readCommitted(topics.detections, sent.size(), Duration.ofMinutes(3), Duration.ofSeconds(5));
            assertThat(frameIds(events(detections))).containsExactlyInAnyOrderElementsOf(sent);
            assertCameraOrder(detections);
        } finally {
            second.cancel().get();
        }
    }
}
