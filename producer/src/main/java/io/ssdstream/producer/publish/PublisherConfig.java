package io.ssdstream.producer.publish;

import java.util.Map;

/**
 * Where frames go.
 *
 * @param bootstrapServers the Kafka cluster, {@code host:port[,host:port...]}
 * @param topic the frames topic the detection job reads
 * @param kafkaProperties extra producer properties (security, client id); they override the defaults
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
        kafkaProperties = Map.copyOf(kafkaProperties);
    }
}
