package io.ssdstream.producer.publish;

import java.time.Duration;
import java.util.Map;

/**
 * Where frames go.
 *
 * @param bootstrapServers the Kafka cluster, {@code host:port[,host:port...]}
 * @param topic the frames topic the detection job reads
 * @param kafkaProperties extra producer properties (security, client id, linger); they override the defaults, but
 *        those the publisher needs for its guarantees are refused
 */
public record PublisherConfig(String bootstrapServers, String topic, Map<String, String> kafkaProperties) {

    public static final String DEFAULT_TOPIC = "frames";
    /** How long the cluster has to answer before the first frame: an unreachable one fails here, not per frame. */
    public static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);
    /** Longest wait of one send for the topic's metadata or buffer space (Kafka's max.block.ms, 60 s otherwise). */
    public static final Duration SEND_BLOCK_TIMEOUT = Duration.ofSeconds(10);
    /** Longest wait for a broker's answer to one request (Kafka's request.timeout.ms). */
    public static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(10);
    /** Longest time a frame may take to be acknowledged, retries included (Kafka's delivery.timeout.ms). */
    public static final Duration DELIVERY_TIMEOUT = Duration.ofSeconds(30);

    public PublisherConfig {
        if (bootstrapServers == null || bootstrapServers.isBlank()) {
            throw new IllegalArgumentException("--bootstrap-servers must name at least one broker");
        }
        if (topic == null || topic.isBlank()) {
            throw new IllegalArgumentException("--topic must not be empty");
        }
        for (String key : kafkaProperties.keySet()) {
            String instead = RESERVED_KAFKA_PROPERTIES.get(key.strip());
            if (instead != null) {
                throw new IllegalArgumentException("--kafka-property " + key + " is set by the producer; " + instead);
            }
        }
        kafkaProperties = Map.copyOf(kafkaProperties);
    }

    /**
     * Producer properties the publisher sets from its options or needs so that a retried frame is written once,
     * with what to do instead; {@code --kafka-property} would otherwise silently win over them.
     */
    private static final Map<String, String> RESERVED_KAFKA_PROPERTIES = Map.of(
            "bootstrap.servers", "use --bootstrap-servers",
            "acks", "frames are written with acks=all so that an acknowledged frame is not lost",
            "enable.idempotence", "frames are written idempotently so that a retried frame is written once",
            "key.serializer", "frames are written in the wire format by the publisher's own serializers",
            "value.serializer", "frames are written in the wire format by the publisher's own serializers");
}
