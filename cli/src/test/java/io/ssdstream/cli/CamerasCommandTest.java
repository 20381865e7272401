package io.ssdstream.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.offset;

import com.fasterxml.jackson.databind.JsonNode;
import io.ssdstream.kafka.local.LocalKafka;
import io.ssdstream.schemas.CameraConfig;
import io.ssdstream.schemas.LineSide;
import io.ssdstream.schemas.PixelPoint;
import io.ssdstream.schemas.ReferencePoint;
import io.ssdstream.schemas.WireCodec;
import io.ssdstream.zones.config.CameraConfigJson;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code ssd-stream cameras} against a real in-JVM broker; each test uses its own topic. */
class CamerasCommandTest {

    /** The docs/zones.md example: fractions of a 1920x1080 frame. */
    private static final String CONFIG = """
            {"frame": {"width": 1920, "height": 1080}, "units": "fractions",
             "zones": [{"name": "loading-bay", "points": [[0.1, 0.5], [0.4, 0.5], [0.4, 1.0], [0.1, 1.0]],
                        "classes": ["person"], "inertia": 3, "loiteringSeconds": 30}],
             "lines": [{"name": "entrance", "from": [0.6, 0.3], "to": [0.6, 0.9], "in": "right",
                        "classes": ["person", "car"]}]}""";

    private static LocalKafka kafka;

    @TempDir
    Path dir;

    @BeforeAll
    static void start() throws Exception {
        kafka = LocalKafka.start();
    }

    @AfterAll
    static void stop() throws Exception {
        kafka.close();
    }

    @Test
    void setPublishesPixelsOnACompactedTopicAndGetPrintsThemBack() throws Exception {
        CliRun set = cameras("set", "configs-roundtrip", "--camera-id", "lobby-1", "--config", file(CONFIG));

        assertThat(set.exitCode()).as(set.err()).isZero();
        List<ConsumerRecord<byte[], byte[]>> records = records("configs-roundtrip");
        assertThat(records).hasSize(1);
        assertThat(new String(records.get(0).key(), StandardCharsets.UTF_8)).isEqualTo("lobby-1");
        CameraConfig sent = WireCodec.forRecord(CameraConfig.class).decode(records.get(0).value());
        // 0.1 * 1920 = 192, 0.4 * 1920 = 768, 0.5 * 1080 = 540; 0.6 * 1920 = 1152, 0.3 * 1080 = 324, 0.9 * 1080 = 972
        assertThat(sent.getCameraId()).isEqualTo("lobby-1");
        assertThat(sent.getZones().get(0).getPoints()).containsExactly(new PixelPoint(192.0, 540.0),
                new PixelPoint(768.0, 540.0), new PixelPoint(768.0, 1080.0), new PixelPoint(192.0, 1080.0));
        assertThat(sent.getZones().get(0).getLoiteringMillis()).isEqualTo(30_000L);
        assertThat(sent.getZones().get(0).getReferencePoint()).isEqualTo(ReferencePoint.BOTTOM_CENTRE);
        assertThat(sent.getLines().get(0).getFrom().getX()).isCloseTo(1152.0, offset(1e-9));
        assertThat(sent.getLines().get(0).getTo().getY()).isCloseTo(972.0, offset(1e-9));
        assertThat(sent.getLines().get(0).getInSide()).isEqualTo(LineSide.RIGHT);
        assertThat(sent.getLines().get(0).getClasses()).containsExactly("car", "person");
        assertThat(cleanupPolicy("configs-roundtrip")).isEqualTo("compact");

        CliRun get = cameras("get", "configs-roundtrip", "--camera-id", "lobby-1");

        assertThat(get.exitCode()).as(get.err()).isZero();
        assertThat(CameraConfigJson.parse(get.out())).isEqualTo(CameraConfigJson.parse(CONFIG));
    }

    @Test
    void anInvalidConfigIsRefusedNamingZoneAndPointBeforeAnythingIsSent() throws Exception {
        String bowTie = CONFIG.replace("[[0.1, 0.5], [0.4, 0.5], [0.4, 1.0], [0.1, 1.0]]",
                "[[0.1, 0.5], [0.4, 1.0], [0.4, 0.5], [0.1, 1.0]]");
        String outside = CONFIG.replace("\"to\": [0.6, 0.9]", "\"to\": [0.6, 1.5]");

        CliRun crossed = cameras("set", "configs-invalid", "--camera-id", "lobby-1", "--config", file(bowTie));
        CliRun off = cameras("set", "configs-invalid", "--camera-id", "lobby-1", "--config", file(outside));

        assertThat(crossed.exitCode()).isEqualTo(1);
        assertThat(crossed.err()).contains("zone 'loading-bay'", "nothing was published");
        // the diagonals (192, 540)-(768, 1080) and (768, 540)-(192, 1080) cross at (480, 810)
        assertThat(crossed.err()).contains("480", "810");
        assertThat(off.exitCode()).isEqualTo(1);
        assertThat(off.err()).contains("line 'entrance' end", "(0.6, 1.5)", "nothing was published");
        try (Admin admin = admin()) {
            assertThat(admin.listTopics().names().get()).doesNotContain("configs-invalid");
        }
    }

    @Test
    void deleteLeavesATombstoneAfterWhichListAndGetNoLongerShowTheCamera() throws Exception {
        String topic = "configs-delete";
        assertThat(cameras("set", topic, "--camera-id", "gate", "--config", file(CONFIG)).exitCode()).isZero();
        assertThat(cameras("set", topic, "--camera-id", "dock", "--config", file(CONFIG)).exitCode()).isZero();
        assertThat(cameraIds(cameras("list", topic))).containsExactly("dock", "gate");

        CliRun delete = cameras("delete", topic, "--camera-id", "gate");

        assertThat(delete.exitCode()).as(delete.err()).isZero();
        List<ConsumerRecord<byte[], byte[]>> records = records(topic);
        assertThat(records).hasSize(3);
        assertThat(records.get(2).value()).isNull();
        CliRun list = cameras("list", topic);
        assertThat(list.exitCode()).as(list.err()).isZero();
        assertThat(cameraIds(list)).containsExactly("dock");
        CliRun get = cameras("get", topic, "--camera-id", "gate");
        assertThat(get.exitCode()).isEqualTo(1);
        assertThat(get.err()).contains("camera 'gate' has no configuration in topic " + topic);
    }

    @Test
    void anExistingTopicThatIsNotCompactedIsRefused() throws Exception {
        kafka.createTopic("configs-plain", 1);

        CliRun set = cameras("set", "configs-plain", "--camera-id", "lobby-1", "--config", file(CONFIG));

        assertThat(set.exitCode()).isEqualTo(1);
        assertThat(set.err()).contains("topic configs-plain has cleanup.policy=delete", "must be compacted");
        assertThat(records("configs-plain")).isEmpty();
    }

    private CliRun cameras(String command, String topic, String... args) {
        List<String> all = new ArrayList<>(List.of("cameras", command, "--bootstrap-servers",
                kafka.bootstrapServers(), "--topic", topic, "--timeout-ms", "20000"));
        all.addAll(List.of(args));
        return CliRun.of(all.toArray(String[]::new));
    }

    private String file(String json) throws Exception {
        Path path = Files.createTempFile(dir, "camera", ".json");
        Files.writeString(path, json);
        return path.toString();
    }

    private static List<String> cameraIds(CliRun list) throws Exception {
        List<String> ids = new ArrayList<>();
        for (String line : list.out().lines().toList()) {
            JsonNode node = Json.mapper().readTree(line);
            assertThat(node.at("/config/frame/width").asInt()).isEqualTo(1920);
            ids.add(node.get("cameraId").asText());
        }
        return ids;
    }

    private static Admin admin() {
        return Admin.create(Map.of("bootstrap.servers", kafka.bootstrapServers()));
    }

    private static String cleanupPolicy(String topic) throws Exception {
        ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, topic);
        try (Admin admin = admin()) {
            return admin.describeConfigs(Set.of(resource)).all().get().get(resource).get("cleanup.policy").value();
        }
    }

    /** Every record of the topic's single partition, tombstones included, read independently of the command. */
    private static List<ConsumerRecord<byte[], byte[]>> records(String topic) {
        List<ConsumerRecord<byte[], byte[]>> records = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName(),
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName()))) {
            TopicPartition partition = new TopicPartition(topic, 0);
            consumer.assign(List.of(partition));
            consumer.seekToBeginning(List.of(partition));
            long end = consumer.endOffsets(List.of(partition)).get(partition);
            while (consumer.position(partition) < end) {
                consumer.poll(Duration.ofMillis(200)).forEach(records::add);
            }
        }
        return records;
    }
}
