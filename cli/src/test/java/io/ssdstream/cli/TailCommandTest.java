package io.ssdstream.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.ssdstream.kafka.local.LocalKafka;
import io.ssdstream.schemas.BoundingBox;
import io.ssdstream.schemas.Detection;
import io.ssdstream.schemas.DetectionEvent;
import io.ssdstream.schemas.FrameEncoding;
import io.ssdstream.schemas.FrameRejected;
import io.ssdstream.schemas.InferenceTimings;
import io.ssdstream.schemas.ObjectEvent;
import io.ssdstream.schemas.ObjectEventKind;
import io.ssdstream.schemas.ObjectPath;
import io.ssdstream.schemas.RejectReason;
import io.ssdstream.schemas.UpdateReason;
import io.ssdstream.schemas.VideoFrame;
import io.ssdstream.schemas.WireCodec;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class TailCommandTest {

    private static final String TOPIC = "detections";
    private static final String OBJECTS_TOPIC = "objects";
    private static final Instant CAPTURED = Instant.parse("2025-03-01T12:00:00.125Z");

    private static LocalKafka kafka;

    @BeforeAll
    static void publish() throws Exception {
        kafka = LocalKafka.start();
        kafka.createTopic(TOPIC, 1);
        kafka.createTopic(OBJECTS_TOPIC, 1);
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName(),
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName()))) {
            send(producer, "lobby", WireCodec.forRecord(DetectionEvent.class).encode(detection("lobby", 7)));
            send(producer, "garbage", "not an avro message".getBytes(StandardCharsets.UTF_8));
            send(producer, "dock", WireCodec.forRecord(FrameRejected.class).encode(rejected()));
            send(producer, "dock", WireCodec.forRecord(VideoFrame.class).encode(frame()));
            send(producer, "lobby", WireCodec.forRecord(DetectionEvent.class).encode(detection("lobby", 8)));
            WireCodec<ObjectEvent> objects = WireCodec.forRecord(ObjectEvent.class);
            send(producer, OBJECTS_TOPIC, "lobby", objects.encode(object(ObjectEventKind.NEW, List.of())));
            send(producer, OBJECTS_TOPIC, "lobby", objects.encode(
                    object(ObjectEventKind.UPDATE, List.of(UpdateReason.SCORE_RAISED, UpdateReason.MOVED))));
            producer.flush();
        }
    }

    @AfterAll
    static void stop() throws Exception {
        kafka.close();
    }

    @Test
    void printsEveryContractRecordAsJsonAndReportsGarbageOnStderr() throws Exception {
        CliRun run = CliRun.of("tail", "--bootstrap-servers", kafka.bootstrapServers(), "--topic", TOPIC,
                "--from-beginning", "--max-messages", "5");

        assertThat(run.exitCode()).as(run.err()).isZero();
        List<JsonNode> lines = jsonLines(run.out());
        assertThat(lines).hasSize(4);

        JsonNode detection = lines.get(0);
        assertThat(detection.get("topic").asText()).isEqualTo(TOPIC);
        assertThat(detection.get("partition").asInt()).isZero();
        assertThat(detection.get("offset").asLong()).isZero();
        assertThat(detection.get("type").asText()).isEqualTo("DetectionEvent");
        assertThat(detection.get("cameraId").asText()).isEqualTo("lobby");
        assertThat(detection.get("frameSequence").asLong()).isEqualTo(7);
        assertThat(detection.get("captureTime").asText()).isEqualTo("2025-03-01T12:00:00.125Z");
        assertThat(detection.get("modelName").asText()).isEqualTo("ssd300-coco");
        assertThat(detection.at("/detections/0/label").asText()).isEqualTo("person");
        assertThat(detection.at("/detections/0/score").asDouble()).isEqualTo(0.875);
        assertThat(detection.at("/detections/0/box/xMax").asDouble()).isEqualTo(260.25);
        assertThat(detection.at("/timings/batchSize").asInt()).isEqualTo(8);

        JsonNode rejected = lines.get(1);
        assertThat(rejected.get("offset").asLong()).isEqualTo(2);
        assertThat(rejected.get("type").asText()).isEqualTo("FrameRejected");
        assertThat(rejected.get("reason").asText()).isEqualTo("TOO_LARGE");
        assertThat(rejected.get("frameSequence").isNull()).isTrue();
        assertThat(rejected.get("rejectedTime").asText()).isEqualTo("2025-03-01T12:00:00.125Z");
        assertThat(rejected.at("/originalBytes/size").asInt()).isEqualTo(6);

        JsonNode frame = lines.get(2);
        assertThat(frame.get("type").asText()).isEqualTo("VideoFrame");
        assertThat(frame.get("encoding").asText()).isEqualTo("JPEG");
        assertThat(frame.at("/image/size").asInt()).isEqualTo(1234);
        assertThat(frame.at("/metadata/site").asText()).isEqualTo("north");

        assertThat(lines.get(3).get("frameSequence").asLong()).isEqualTo(8);

        assertThat(run.err()).contains(TOPIC + " partition 0 offset 1:")
                .contains("not a single-object Avro message")
                .contains("1 of 5 records could not be decoded");
    }

    @Test
    void filtersOneCameraAndStopsWhenIdle() throws Exception {
        CliRun run = CliRun.of("tail", "--bootstrap-servers", kafka.bootstrapServers(), "--topic", TOPIC,
                "--from-beginning", "--camera", "lobby", "--idle-timeout-ms", "1500");

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(jsonLines(run.out())).extracting(line -> line.get("frameSequence").asLong())
                .containsExactly(7L, 8L);
    }

    @Test
    void aMissingTopicIsOneClearError() {
        CliRun run = CliRun.of("tail", "--bootstrap-servers", kafka.bootstrapServers(), "--topic", "no-such-topic",
                "--max-messages", "1");

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err().strip()).isEqualTo("ssd-stream tail: topic no-such-topic does not exist on "
                + kafka.bootstrapServers());
    }

    @Test
    void printsObjectEventsOfTheObjectsTopic() throws Exception {
        CliRun run = CliRun.of("tail", "--bootstrap-servers", kafka.bootstrapServers(), "--topic", OBJECTS_TOPIC,
                "--from-beginning", "--max-messages", "2");

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.err()).isEmpty();
        List<JsonNode> lines = jsonLines(run.out());
        assertThat(lines).extracting(line -> line.get("kind").asText()).containsExactly("NEW", "UPDATE");

        JsonNode created = lines.get(0);
        assertThat(created.get("type").asText()).isEqualTo("ObjectEvent");
        assertThat(created.get("cameraId").asText()).isEqualTo("lobby");
        assertThat(created.get("trackId").asLong()).isEqualTo(12);
        assertThat(created.get("label").asText()).isEqualTo("person");
        assertThat(created.get("frameSequence").asLong()).isEqualTo(9);
        assertThat(created.get("firstSeen").asText()).isEqualTo("2025-03-01T12:00:00.125Z");
        assertThat(created.get("lastSeen").asText()).isEqualTo("2025-03-01T12:00:01.125Z");
        assertThat(created.get("durationMillis").asLong()).isEqualTo(1000);
        assertThat(created.at("/box/yMax").asDouble()).isEqualTo(470.0);
        assertThat(created.at("/path/observations").asInt()).isEqualTo(11);
        assertThat(created.get("reasons")).isEmpty();
        assertThat(lines.get(1).get("reasons")).extracting(JsonNode::asText)
                .containsExactly("SCORE_RAISED", "MOVED");
    }

    private static void send(KafkaProducer<byte[], byte[]> producer, String key, byte[] value) throws Exception {
        send(producer, TOPIC, key, value);
    }

    private static void send(KafkaProducer<byte[], byte[]> producer, String topic, String key, byte[] value)
            throws Exception {
        producer.send(new ProducerRecord<>(topic, key.getBytes(StandardCharsets.UTF_8), value)).get();
    }

    private static ObjectEvent object(ObjectEventKind kind, List<UpdateReason> reasons) {
        return ObjectEvent.newBuilder()
                .setCameraId("lobby")
                .setTrackId(12L)
                .setKind(kind)
                .setLabel("person")
                .setCaptureTime(CAPTURED.plusSeconds(1))
                .setFrameSequence(9L)
                .setBox(new BoundingBox(112.5f, 40f, 260.25f, 470f))
                .setScore(0.75f)
                .setBestScore(0.875f)
                .setStationary(false)
                .setReasons(reasons)
                .setFirstSeen(CAPTURED)
                .setLastSeen(CAPTURED.plusSeconds(1))
                .setDurationMillis(1000L)
                .setPath(new ObjectPath(186.375f, 255f, 190f, 255f, 3.625f, 11))
                .build();
    }

    private static List<JsonNode> jsonLines(String out) throws Exception {
        List<JsonNode> lines = new ArrayList<>();
        for (String line : out.strip().split("\n")) {
            if (!line.isBlank()) {
                lines.add(Json.mapper().readTree(line));
            }
        }
        return lines;
    }

    private static DetectionEvent detection(String camera, long sequence) {
        return DetectionEvent.newBuilder()
                .setCameraId(camera)
                .setFrameSequence(sequence)
                .setCaptureTime(CAPTURED)
                .setProcessingTime(CAPTURED.plusMillis(80))
                .setModelName("ssd300-coco")
                .setModelVersion("1.0.0")
                .setFrameWidth(640)
                .setFrameHeight(480)
                .setDetections(List.of(Detection.newBuilder()
                        .setClassId(1)
                        .setLabel("person")
                        .setScore(0.875f)
                        .setBox(new BoundingBox(112.5f, 40f, 260.25f, 470f))
                        .build()))
                .setTimings(new InferenceTimings(12_500L, 8, 41_250L))
                .build();
    }

    private static FrameRejected rejected() {
        return FrameRejected.newBuilder()
                .setCameraId("dock")
                .setFrameSequence(null)
                .setSourceTopic("frames")
                .setSourcePartition(0)
                .setSourceOffset(41L)
                .setReason(RejectReason.TOO_LARGE)
                .setMessage("image exceeds the size limit")
                .setRejectedTime(CAPTURED)
                .setOriginalSize(9_000_000L)
                .setOriginalBytes(ByteBuffer.wrap(new byte[] {(byte) 0xC3, 0x01, 1, 2, 3, 4}))
                .build();
    }

    private static VideoFrame frame() {
        return VideoFrame.newBuilder()
                .setCameraId("dock")
                .setFrameSequence(3)
                .setCaptureTime(CAPTURED)
                .setIngestTime(CAPTURED.plusMillis(5))
                .setWidth(640)
                .setHeight(480)
                .setEncoding(FrameEncoding.JPEG)
                .setImage(ByteBuffer.wrap(new byte[1234]))
                .setMetadata(Map.of("site", "north"))
                .build();
    }
}
