package io.ssdstream.cli.cameras;

import io.ssdstream.job.config.JobConfig;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Option;

/** Where the camera configurations live: the options every {@code cameras} command shares. */
final class ConfigTopicOptions {

    @Option(names = "--bootstrap-servers", required = true, paramLabel = "HOST:PORT[,...]",
            description = "Kafka brokers to connect to.")
    String bootstrapServers;

    @Option(names = "--topic", paramLabel = "TOPIC",
            description = "The compacted camera configuration topic. Default: ${DEFAULT-VALUE}.")
    String topic = JobConfig.DEFAULTS.cameraConfigsTopic();

    @Option(names = "--timeout-ms", defaultValue = "30000", paramLabel = "MS",
            description = "Give up after MS milliseconds without reaching the broker or the topic's end."
                    + " Default: ${DEFAULT-VALUE}.")
    long timeoutMs;

    @Option(names = "--kafka-property", paramLabel = "KEY=VALUE",
            description = "Extra client setting, for example security.protocol=SSL; repeatable.")
    Map<String, String> kafkaProperties = new LinkedHashMap<>();

    CameraConfigTopic open() {
        if (timeoutMs < 1) {
            throw new IllegalArgumentException("--timeout-ms must be at least 1, got " + timeoutMs);
        }
        return new CameraConfigTopic(topic, bootstrapServers, kafkaProperties, Duration.ofMillis(timeoutMs));
    }
}
