package io.ssdstream.demo.viewer;

import io.ssdstream.job.config.JobConfig;
import java.util.Map;

/**
 * Where the viewer reads and where it listens.
 *
 * @param bootstrapServers the Kafka cluster
 * @param framesTopic the topic of the frames (their pictures)
 * @param detectionsTopic the topic of the detection events
 * @param deadLetterTopic the topic of rejected frames (counted)
 * @param objectsTopic the topic of the tracker's object events (active objects); read only if it exists, since a
 *        job without tracking may never have created it
 * @param analytics the topics of the job's zone and line analytics; each is read only if it exists
 * @param bindAddress the interface the web page is served on; loopback by default, since the page shows camera
 *        pictures to anyone who can reach it
 * @param port the web page's port; 0 for any free one
 * @param kafkaProperties extra consumer properties (security); those the viewer sets itself are refused
 */
public record ViewerConfig(String bootstrapServers, String framesTopic, String detectionsTopic,
        String deadLetterTopic, String objectsTopic, AnalyticsTopics analytics, String bindAddress, int port,
        Map<String, String> kafkaProperties) {

    public static final String DEFAULT_BIND_ADDRESS = "127.0.0.1";
    public static final int DEFAULT_PORT = 8090;

    /**
     * The analytics topics the viewer reads.
     *
     * @param cameraConfigs the compacted topic of camera configurations (zones and lines), read from its beginning
     * @param zoneEvents the topic of zone ENTER, EXIT and LOITERING events (who is in each zone)
     * @param lineCrossings the topic of line crossings (counted per line and direction)
     * @param counts the topic of each camera's windowed counts per class (the latest window is shown)
     */
    public record AnalyticsTopics(String cameraConfigs, String zoneEvents, String lineCrossings, String counts) {

        /** The detection job's default topics. */
        public static final AnalyticsTopics JOB_DEFAULTS = new AnalyticsTopics(
                JobConfig.DEFAULTS.cameraConfigsTopic(), JobConfig.DEFAULTS.zoneEventsTopic(),
                JobConfig.DEFAULTS.lineCrossingsTopic(), JobConfig.DEFAULTS.countsTopic());
    }

    public ViewerConfig {
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("--viewer-port must be 0 (any free port) to 65535, got " + port);
        }
        if (bindAddress == null || bindAddress.isBlank()) {
            throw new IllegalArgumentException("--bind-address must name an interface address");
        }
        for (String key : kafkaProperties.keySet()) {
            String instead = RESERVED_KAFKA_PROPERTIES.get(key.strip());
            if (instead != null) {
                throw new IllegalArgumentException("--kafka-property " + key + " is set by the viewer; " + instead);
            }
        }
        kafkaProperties = Map.copyOf(kafkaProperties);
    }

    /**
     * Consumer properties the viewer sets from its options or needs to show only what was committed, with what to
     * do instead; {@code --kafka-property} would otherwise silently win over them.
     */
    private static final Map<String, String> RESERVED_KAFKA_PROPERTIES = Map.of(
            "bootstrap.servers", "use --bootstrap-servers",
            "isolation.level", "the viewer reads read_committed so that frames of aborted transactions are not shown",
            "key.deserializer", "the viewer reads the contracts' wire format with its own deserializers",
            "value.deserializer", "the viewer reads the contracts' wire format with its own deserializers");
}
