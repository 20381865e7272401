package io.ssdstream.job.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ssdstream.job.DetectionJobMain;
import io.ssdstream.job.detect.DetectorSettings;
import io.ssdstream.ssd.detector.DeviceSpec;
import io.ssdstream.ssd.detector.Precision;
import io.ssdstream.ssd.postprocess.ThresholdOverrides;
import io.ssdstream.tracking.TrackerConfig;
import io.ssdstream.zones.counting.CountingSettings;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import picocli.CommandLine;

class JobOptionsTest {

    private static JobConfig parse(String... args) throws Exception {
        DetectionJobMain main = new DetectionJobMain();
        new CommandLine(main).parseArgs(args);
        return main.options().toConfig();
    }

    @Test
    void defaultsNeedOnlyTheBrokerAndTheModel() throws Exception {
        JobConfig config = parse("--bootstrap-servers", "kafka:9092", "--model", "/models/ssd300");
        // the options hold no defaults of their own: left out, each is the config's
        assertThat(config).isEqualTo(JobConfig.builder("kafka:9092", Path.of("/models/ssd300")).build());
        assertThat(config.transactionTimeout()).isLessThan(Duration.ofMinutes(15));
        assertThat(config.thresholds()).isEqualTo(ThresholdOverrides.NONE);
    }

    @Test
    void thresholdOptionsBecomeOverridesOfTheModelsOwn() throws Exception {
        JobConfig config = parse("--bootstrap-servers", "k:9092", "--model", "m", "--top-k", "50", "--nms-iou", "0.6");
        assertThat(config.thresholds()).isEqualTo(new ThresholdOverrides(null, 0.6, 50, null));
        assertThatThrownBy(() -> parse("--bootstrap-servers", "k:1", "--model", "m", "--score-threshold", "2"))
                .hasMessage("--score-threshold: score threshold must be in [0, 1), got 2.0");
        assertThatThrownBy(() -> parse("--bootstrap-servers", "k:1", "--model", "m", "--max-detections", "0"))
                .hasMessage("--max-detections: detections per image must be at least 1, got 0");
    }

    @Test
    void kafkaPropertiesPassThrough() throws Exception {
        JobConfig config = parse("--bootstrap-servers", "k:9093", "--model", "m",
                "--kafka-property", "security.protocol=SASL_SSL", "--kafka-property", "sasl.mechanism=SCRAM-SHA-512");
        assertThat(config.kafkaProperties()).containsEntry("security.protocol", "SASL_SSL")
                .containsEntry("sasl.mechanism", "SCRAM-SHA-512");
    }

    @ParameterizedTest
    @CsvSource({
        "bootstrap.servers=other:9092, use --bootstrap-servers",
        "group.id=someone-else, use --group-id",
        "transactional.id=x, derive it from --group-id",
        "isolation.level=read_uncommitted, read_committed",
        "transaction.timeout.ms=60000, use --transaction-timeout-ms",
        "enable.idempotence=false, use --delivery-guarantee",
        "acks=1, use --delivery-guarantee",
        "value.serializer=org.apache.kafka.common.serialization.StringSerializer, its own serializers"})
    void kafkaPropertiesTheJobSetsItselfAreRefusedNamingTheOptionToUse(String property, String instead) {
        String key = property.substring(0, property.indexOf('='));
        assertThatThrownBy(() -> parse("--bootstrap-servers", "k:9093", "--model", "m",
                "--kafka-property", "security.protocol=SSL", "--kafka-property", property))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("--kafka-property " + key + " is set by the job; ")
                .hasMessageContaining(instead);
    }

    /** Flink ships the detector's settings inside the operator by Java serialization, overrides included. */
    @Test
    void detectorSettingsWithThresholdOverridesTravelToTheTaskManagers() throws Exception {
        DetectorSettings settings = new DetectorSettings("m", DeviceSpec.CPU, Precision.FP32,
                new ThresholdOverrides(0.5, null, null, 50));
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(settings);
        }
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
            assertThat(((DetectorSettings) in.readObject()).thresholds()).isEqualTo(settings.thresholds());
        }
    }

    @Test
    void aBadValueFailsNamingTheOption() {
        assertThatThrownBy(() -> parse("--bootstrap-servers", "k:1", "--model", "m", "--batch-size", "0"))
                .hasMessage("--batch-size must be in 1..1024, got 0");
        assertThatThrownBy(() -> parse("--bootstrap-servers", "k:1", "--model", "m", "--device", "tpu"))
                .hasMessage("Invalid value for option '--device': device 'tpu' is not one of auto, cpu, gpu, gpu:N"
                        + " (N a GPU index from 0)");
        assertThatThrownBy(() -> parse("--bootstrap-servers", "k:1", "--model", "m", "--checkpoint-interval-ms", "60000",
                "--transaction-timeout-ms", "30000"))
                .hasMessageStartingWith("--transaction-timeout-ms must be longer than the checkpoint interval");
        assertThatThrownBy(() -> parse("--bootstrap-servers", "k:1", "--model", "m", "--frames-topic", "bad topic"))
                .hasMessageStartingWith("--frames-topic must be a Kafka topic name");
        assertThatThrownBy(() -> parse("--bootstrap-servers", "k:1", "--model", "m", "--detections-topic", "frames"))
                .hasMessageContaining("topics must differ");
        assertThatThrownBy(() -> parse("--bootstrap-servers", "k:1", "--model", "m", "--objects-topic", "detections"))
                .hasMessageStartingWith("--*-topic the frames, detections, dead-letter, objects, camera-configs,"
                        + " zone-events, line-crossings and counts topics must differ");
        assertThatThrownBy(() -> parse("--bootstrap-servers", "k:1", "--model", "m", "--counts-topic", "objects"))
                .hasMessageContaining("topics must differ");
        assertThatThrownBy(() -> parse("--bootstrap-servers", "k:1", "--model", "m", "--count-window-ms", "0"))
                .hasMessageStartingWith("--count-window-ms / --count-allowed-lateness-ms: count window");
        assertThatThrownBy(() -> parse("--bootstrap-servers", "k:1", "--model", "m", "--track-match-iou", "1.5"))
                .hasMessage("--track-* options: match IoU 1.5 must be in (0, 1]");
        assertThatThrownBy(() -> parse("--bootstrap-servers", "k:1", "--model", "m", "--track-low-score", "0.7"))
                .hasMessageStartingWith("--track-* options: score thresholds must satisfy 0 <= low (0.7) <= high");
    }

    @Test
    void trackingIsOnWithTheTrackersDefaultsAndEveryTrackerSettingIsAnOption() throws Exception {
        JobConfig defaults = parse("--bootstrap-servers", "k:1", "--model", "m");
        assertThat(defaults.tracking()).isTrue();
        assertThat(defaults.objectsTopic()).isEqualTo("objects");
        assertThat(defaults.tracker()).isEqualTo(TrackerConfig.defaults());

        JobConfig config = parse("--bootstrap-servers", "k:1", "--model", "m", "--tracking", "false",
                "--objects-topic", "tracks", "--track-confirmation-hits", "5", "--track-high-score", "0.6",
                "--track-low-score", "0.2", "--track-match-iou", "0.3", "--track-max-lost-age-ms", "4000",
                "--track-stationary-tolerance", "0.05", "--track-stationary-after-ms", "30000",
                "--track-move-threshold", "1.5", "--track-update-interval-ms", "2500");
        assertThat(config.tracking()).isFalse();
        assertThat(config.objectsTopic()).isEqualTo("tracks");
        assertThat(config.tracker()).isEqualTo(new TrackerConfig(5, 0.6, 0.2, 0.3, Duration.ofSeconds(4), 0.05,
                Duration.ofSeconds(30), 1.5, Duration.ofMillis(2500)));
    }

    @Test
    void analyticsAreOnWithTheCountingDefaultsAndNeedTracking() throws Exception {
        JobConfig defaults = parse("--bootstrap-servers", "k:1", "--model", "m");
        assertThat(defaults.runsAnalytics()).isTrue();
        assertThat(List.of(defaults.cameraConfigsTopic(), defaults.zoneEventsTopic(), defaults.lineCrossingsTopic(),
                defaults.countsTopic())).containsExactly("camera-configs", "zone-events", "line-crossings", "counts");
        assertThat(defaults.counting()).isEqualTo(CountingSettings.defaults());

        JobConfig config = parse("--bootstrap-servers", "k:1", "--model", "m", "--camera-configs-topic", "cams",
                "--zone-events-topic", "ze", "--line-crossings-topic", "lc", "--counts-topic", "c",
                "--count-window-ms", "30000", "--count-allowed-lateness-ms", "5000");
        assertThat(List.of(config.cameraConfigsTopic(), config.zoneEventsTopic(), config.lineCrossingsTopic(),
                config.countsTopic())).containsExactly("cams", "ze", "lc", "c");
        assertThat(config.counting()).isEqualTo(new CountingSettings(Duration.ofSeconds(30), Duration.ofSeconds(5)));
        assertThat(parse("--bootstrap-servers", "k:1", "--model", "m", "--analytics", "false").runsAnalytics())
                .isFalse();
        assertThat(parse("--bootstrap-servers", "k:1", "--model", "m", "--tracking", "false").runsAnalytics())
                .as("the analytics follow tracks").isFalse();
    }

    @Test
    void helpListsEveryOption() {
        String help = new CommandLine(new DetectionJobMain()).getUsageMessage();
        assertThat(help).contains("--bootstrap-servers", "--model", "--batch-size", "--batch-timeout-ms",
                "--max-frame-age-ms", "--delivery-guarantee", "--parallelism", "--checkpoint-interval-ms",
                "--kafka-property", "--score-threshold", "--device");
    }
}
