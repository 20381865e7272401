package io.ssdstream.job.kafka;

import io.ssdstream.job.config.DeliveryGuarantee;
import io.ssdstream.job.config.JobConfig;
import io.ssdstream.job.analytics.CameraConfigDeserializer;
import io.ssdstream.job.analytics.ConfigMessage;
import io.ssdstream.job.frame.IncomingFrame;
import io.ssdstream.schemas.CameraClassCounts;
import io.ssdstream.schemas.DetectionEvent;
import io.ssdstream.schemas.FrameRejected;
import io.ssdstream.schemas.LineCrossing;
import io.ssdstream.schemas.ObjectEvent;
import io.ssdstream.schemas.ZoneEvent;
import java.time.Duration;
import java.util.Properties;
import java.util.regex.Pattern;
import org.apache.avro.specific.SpecificRecord;
import org.apache.flink.connector.kafka.sink.KafkaSink;
import org.apache.flink.connector.kafka.source.KafkaSource;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.flink.util.function.SerializableFunction;
import org.apache.kafka.clients.consumer.OffsetResetStrategy;

/** The job's Kafka source and sinks, configured from the {@link JobConfig}. */
public final class KafkaConnectors {

    /** How often the configuration source looks for its topic (and new partitions of it). */
    public static final Duration CONFIG_TOPIC_DISCOVERY = Duration.ofSeconds(10);

    private final JobConfig config;

    public KafkaConnectors(JobConfig config) {
        this.config = config;
    }

    /**
     * The frames source: committed offsets of the consumer group, else the earliest (a first start processes the
     * backlog, and the freshness check sheds what is too old); read_committed, so frames a transactional producer
     * aborted are never detected.
     */
    public KafkaSource<IncomingFrame> frames() {
        return KafkaSource.<IncomingFrame>builder()
                .setBootstrapServers(config.bootstrapServers())
                .setTopics(config.framesTopic())
                .setGroupId(config.groupId())
                .setStartingOffsets(OffsetsInitializer.committedOffsets(OffsetResetStrategy.EARLIEST))
                .setDeserializer(new FrameDeserializer())
                .setProperties(clientProperties())
                .setProperty("isolation.level", "read_committed")
                .build();
    }

    /**
     * The camera configurations: the whole compacted topic from its beginning on a first start (every camera's
     * latest configuration is state the job needs), from the checkpointed offsets on a restore, where the broadcast
     * state already holds what was read. read_committed, like the frames. Subscribed by pattern, so that a job
     * started before anyone configured a camera runs without the topic (a named topic that is missing fails the
     * source) and picks it up within {@link #CONFIG_TOPIC_DISCOVERY} of its creation, from its beginning.
     */
    public KafkaSource<ConfigMessage> cameraConfigs() {
        return KafkaSource.<ConfigMessage>builder()
                .setBootstrapServers(config.bootstrapServers())
                .setTopicPattern(Pattern.compile(Pattern.quote(config.cameraConfigsTopic())))
                .setProperty("partition.discovery.interval.ms", Long.toString(CONFIG_TOPIC_DISCOVERY.toMillis()))
                .setGroupId(config.groupId() + "-camera-configs")
                .setStartingOffsets(OffsetsInitializer.earliest())
                .setDeserializer(new CameraConfigDeserializer())
                .setProperties(clientProperties())
                .setProperty("isolation.level", "read_committed")
                .build();
    }

    public KafkaSink<DetectionEvent> detections() {
        return sink(DetectionEvent.class, config.detectionsTopic(), event -> event.getCameraId(), "detections");
    }

    /** The tracker's object events: a sink of its own, with the same delivery guarantee and transactions. */
    public KafkaSink<ObjectEvent> objects() {
        return sink(ObjectEvent.class, config.objectsTopic(), ObjectEvent::getCameraId, "objects");
    }

    public KafkaSink<ZoneEvent> zoneEvents() {
        return sink(ZoneEvent.class, config.zoneEventsTopic(), ZoneEvent::getCameraId, "zone-events");
    }

    public KafkaSink<LineCrossing> lineCrossings() {
        return sink(LineCrossing.class, config.lineCrossingsTopic(), LineCrossing::getCameraId, "line-crossings");
    }

    public KafkaSink<CameraClassCounts> counts() {
        return sink(CameraClassCounts.class, config.countsTopic(), CameraClassCounts::getCameraId, "counts");
    }

    /**
     * A dead-letter sink. Each stage that rejects frames gets its own, chained to it, so that dead letters never
     * cross the network and need no serializer of their own.
     */
    public KafkaSink<FrameRejected> deadLetters(String stage) {
        return sink(FrameRejected.class, config.deadLetterTopic(), FrameRejected::getCameraId, "dead-letters-" + stage);
    }

    private <T extends SpecificRecord> KafkaSink<T> sink(Class<T> type, String topic,
                                                         SerializableFunction<T, String> keyOf, String name) {
        Properties producer = clientProperties();
        producer.setProperty("transaction.timeout.ms", Long.toString(config.transactionTimeout().toMillis()));
        return KafkaSink.<T>builder()
                .setBootstrapServers(config.bootstrapServers())
                .setRecordSerializer(new KeyedAvroSerializer<>(type, topic, keyOf))
                .setDeliveryGuarantee(config.deliveryGuarantee() == DeliveryGuarantee.EXACTLY_ONCE
                        ? org.apache.flink.connector.base.DeliveryGuarantee.EXACTLY_ONCE
                        : org.apache.flink.connector.base.DeliveryGuarantee.AT_LEAST_ONCE)
                .setTransactionalIdPrefix(config.groupId() + "-" + name)
                .setKafkaProducerConfig(producer)
                .build();
    }

    private Properties clientProperties() {
        Properties properties = new Properties();
        properties.putAll(config.kafkaProperties());
        return properties;
    }
}
