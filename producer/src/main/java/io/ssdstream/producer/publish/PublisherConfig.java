package io.ssdstream.producer.publish;

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
