package io.ssdstream.cli.cameras;

import io.ssdstream.schemas.CameraConfig;
import io.ssdstream.schemas.WireCodec;
import io.ssdstream.schemas.WireFormatException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * The compacted topic of camera configurations: one record per camera id, the latest one counting, a tombstone
 * removing it. Reading means reading from the beginning to the end offsets taken at the start, within a time limit.
 */
final class CameraConfigTopic {

    private static final WireCodec<CameraConfig> CODEC = WireCodec.forRecord(CameraConfig.class);

    private final String name;
    private final Map<String, Object> client;
    private final Duration timeout;

    CameraConfigTopic(String name, String bootstrapServers, Map<String, String> kafkaProperties, Duration timeout) {
        this.name = name;
        this.timeout = timeout;
        Map<String, Object> properties = new HashMap<>(kafkaProperties);
        properties.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        this.client = properties;
    }

    /** Creates the topic compacted if it is missing; refuses an existing topic that would delete configurations. */
    void requireCompacted() throws InterruptedException {
        try (Admin admin = Admin.create(client)) {
            NewTopic topic = new NewTopic(name, Optional.of(1), Optional.empty())
                    .configs(Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT));
            try {
                admin.createTopics(List.of(topic)).all().get();
                return;
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof TopicExistsException)) {
                    throw new IllegalStateException("cannot create topic " + name + ": " + e.getCause().getMessage(),
                            e.getCause());
                }
            }
            ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, name);
            Config config;
            try {
                config = admin.describeConfigs(Set.of(resource)).all().get().get(resource);
            } catch (ExecutionException e) {
                throw new IllegalStateException("cannot read topic " + name + "'s settings: "
                        + e.getCause().getMessage(), e.getCause());
            }
            String policy = config.get(TopicConfig.CLEANUP_POLICY_CONFIG).value();
            if (!policy.contains(TopicConfig.CLEANUP_POLICY_COMPACT)) {
                throw new IllegalStateException("topic " + name + " has cleanup.policy=" + policy
                        + "; a camera configuration topic must be compacted, or old configurations are deleted");
            }
        }
    }

    /** Publishes one camera's configuration, or its removal for {@code null}, and waits for the broker's ack. */
    void publish(String cameraId, CameraConfig config) throws InterruptedException {
        Map<String, Object> properties = new HashMap<>(client);
        properties.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        properties.put(ProducerConfig.ACKS_CONFIG, "all");
        properties.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, timeout.toMillis());
        properties.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        properties.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        byte[] value = config == null ? null : encode(config);
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(properties)) {
            producer.send(new ProducerRecord<>(name, cameraId.getBytes(StandardCharsets.UTF_8), value))
                    .get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            throw new IllegalStateException("no acknowledgement from topic " + name + " within "
                    + timeout.toMillis() + " ms", e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("cannot publish to topic " + name + ": " + e.getCause().getMessage(),
                    e.getCause());
        }
    }

    private static byte[] encode(CameraConfig config) {
        try {
            return CODEC.encode(config);
        } catch (WireFormatException e) {
            throw new IllegalStateException("camera '" + config.getCameraId() + "': " + e.getMessage(), e);
        }
    }

    /** Every camera's current configuration, by camera id; empty when the topic does not exist yet. */
    SortedMap<String, CameraConfig> readAll() {
        Properties properties = new Properties();
        properties.putAll(client);
        properties.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        properties.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        properties.put(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, "false");
        properties.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        properties.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        SortedMap<String, CameraConfig> latest = new TreeMap<>();
        long deadline = System.nanoTime() + timeout.toNanos();
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(properties)) {
            List<PartitionInfo> info = consumer.partitionsFor(name, timeout);
            if (info == null || info.isEmpty()) {
                return latest;
            }
            List<TopicPartition> partitions = info.stream()
                    .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions, timeout);
            while (partitions.stream().anyMatch(p -> consumer.position(p, timeout) < end.get(p))) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("could not read topic " + name + " to its end within "
                            + timeout.toMillis() + " ms");
                }
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                    apply(record, latest);
                }
            }
        }
        return latest;
    }

    private void apply(ConsumerRecord<byte[], byte[]> record, Map<String, CameraConfig> latest) {
        String cameraId = new String(record.key(), StandardCharsets.UTF_8);
        if (record.value() == null) {
            latest.remove(cameraId);
            return;
        }
        try {
            latest.put(cameraId, CODEC.decode(record.value()));
        } catch (WireFormatException e) {
            throw new IllegalStateException("topic " + name + " partition " + record.partition() + " offset "
                    + record.offset() + " (camera '" + cameraId + "') is not a CameraConfig: " + e.getMessage(), e);
        }
    }
}
