package io.ssdstream.job.config;

import io.ssdstream.ssd.detector.DeviceSpec;
import io.ssdstream.ssd.detector.Precision;
import io.ssdstream.ssd.io.ModelArtifact;
import io.ssdstream.ssd.postprocess.DetectionThresholds;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Option;

/**
 * The job's command-line options (picocli), shared by the job jar's main class and {@code bin/ssd-stream job}.
 * Defaults shown in {@code --help} come from {@link JobConfig.Builder}.
 */
public final class JobOptions {

    @Option(names = "--bootstrap-servers", required = true, paramLabel = "HOST:PORT,...",
            description = "Kafka bootstrap servers.")
    String bootstrapServers;

    @Option(names = "--model", required = true, paramLabel = "DIR",
            description = "Model artifact directory, readable on every TaskManager.")
    Path model;

    @Option(names = "--frames-topic", defaultValue = "frames", description = "Default: ${DEFAULT-VALUE}.")
    String framesTopic;

    @Option(names = "--detections-topic", defaultValue = "detections", description = "Default: ${DEFAULT-VALUE}.")
    String detectionsTopic;

    @Option(names = "--dead-letter-topic", defaultValue = "frames-rejected", description = "Default: ${DEFAULT-VALUE}.")
    String deadLetterTopic;

    @Option(names = "--group-id", defaultValue = "ssd-stream-detector",
            description = "Consumer group; also prefixes the sinks' transactional ids. Default: ${DEFAULT-VALUE}.")
    String groupId;

    @Option(names = "--device", defaultValue = "auto", converter = DeviceConverter.class,
            description = "auto (GPUs round-robin, else CPU), cpu, gpu or gpu:N. Default: ${DEFAULT-VALUE}.")
    DeviceSpec device;

    @Option(names = "--precision", defaultValue = "FP32", description = "FP32 or FP16 (GPUs). Default: ${DEFAULT-VALUE}.")
    Precision precision;

    @Option(names = "--batch-size", defaultValue = "8", description = "Frames per model call (B). Default: ${DEFAULT-VALUE}.")
    int batchSize;

    @Option(names = "--batch-timeout-ms", defaultValue = "50",
            description = "A batch runs at most this long after its first frame (T). Default: ${DEFAULT-VALUE}.")
    long batchTimeoutMs;

    @Option(names = "--max-frame-age-ms", defaultValue = "5000",
            description = "Shed frames older than this when their batch starts; 0 = never. Default: ${DEFAULT-VALUE}.")
    long maxFrameAgeMs;

    @Option(names = "--stale-to-dead-letter", defaultValue = "true", arity = "1",
            description = "Also dead-letter shed frames (reason STALE). Default: ${DEFAULT-VALUE}.")
    boolean staleToDeadLetter;

    @Option(names = "--max-pixels", defaultValue = "67108864",
            description = "Reject frames with more pixels (TOO_LARGE). Default: ${DEFAULT-VALUE}.")
    long maxPixels;

    @Option(names = "--max-encoded-bytes", defaultValue = "33554432",
            description = "Reject frames with more image bytes (TOO_LARGE). Default: ${DEFAULT-VALUE}.")
    int maxEncodedBytes;

    @Option(names = "--dead-letter-max-bytes", defaultValue = "1048576",
            description = "Original bytes kept in a dead letter. Default: ${DEFAULT-VALUE}.")
    int deadLetterMaxBytes;

    @Option(names = "--delivery-guarantee", defaultValue = "EXACTLY_ONCE",
            description = "EXACTLY_ONCE or AT_LEAST_ONCE. Default: ${DEFAULT-VALUE}.")
    DeliveryGuarantee deliveryGuarantee;

    @Option(names = "--parallelism", defaultValue = "0",
            description = "Job parallelism; 0 = the environment's default. Default: ${DEFAULT-VALUE}.")
    int parallelism;

    @Option(names = "--checkpoint-interval-ms", defaultValue = "10000", description = "Default: ${DEFAULT-VALUE}.")
    long checkpointIntervalMs;

    @Option(names = "--transaction-timeout-ms", defaultValue = "600000",
            description = "Kafka transaction timeout, below the broker's maximum. Default: ${DEFAULT-VALUE}.")
    long transactionTimeoutMs;

    @Option(names = "--idle-timeout-ms", defaultValue = "5000",
            description = "A partition without frames this long stops holding back the watermark. Default: ${DEFAULT-VALUE}.")
    long idleTimeoutMs;

    @Option(names = "--max-out-of-orderness-ms", defaultValue = "1000", description = "Default: ${DEFAULT-VALUE}.")
    long maxOutOfOrdernessMs;

    @Option(names = "--restart-attempts", defaultValue = "10",
            description = "Restarts after failures in a row before the job fails; 0 = fail at once. Default: ${DEFAULT-VALUE}.")
    int restartAttempts;

    @Option(names = "--restart-delay-ms", defaultValue = "1000",
            description = "Delay before the first restart, doubled for each further one up to a minute. Default: ${DEFAULT-VALUE}.")
    long restartDelayMs;

    @Option(names = "--score-threshold", description = "Override the artifact's score threshold.")
    Double scoreThreshold;

    @Option(names = "--nms-iou", description = "Override the artifact's NMS IoU threshold.")
    Double nmsIou;

    @Option(names = "--top-k", description = "Override the artifact's per-class top-k.")
    Integer topK;

    @Option(names = "--max-detections", description = "Override the artifact's detections per frame.")
    Integer maxDetections;

    @Option(names = "--kafka-property", paramLabel = "KEY=VALUE",
            description = "Passed to every Kafka client, e.g. security.protocol=SASL_SSL. Repeatable.")
    Map<String, String> kafkaProperties = new LinkedHashMap<>();

    /** The validated configuration; reads the artifact only to apply threshold overrides. */
    public JobConfig toConfig() throws IOException {
        return JobConfig.builder(bootstrapServers, model)
                .topics(framesTopic, detectionsTopic, deadLetterTopic)
                .groupId(groupId)
                .device(device)
                .precision(precision)
                .thresholds(thresholds())
                .batch(batchSize, Duration.ofMillis(batchTimeoutMs))
                .maxFrameAge(Duration.ofMillis(maxFrameAgeMs), staleToDeadLetter)
                .limits(maxPixels, maxEncodedBytes, deadLetterMaxBytes)
                .delivery(deliveryGuarantee, Duration.ofMillis(checkpointIntervalMs), Duration.ofMillis(transactionTimeoutMs))
                .parallelism(parallelism)
                .watermarks(Duration.ofMillis(idleTimeoutMs), Duration.ofMillis(maxOutOfOrdernessMs))
                .restarts(restartAttempts, Duration.ofMillis(restartDelayMs))
                .kafkaProperties(kafkaProperties)
                .build();
    }

    private DetectionThresholds thresholds() throws IOException {
        if (scoreThreshold == null && nmsIou == null && topK == null && maxDetections == null) {
            return null;
        }
        DetectionThresholds t = ModelArtifact.open(model).metadata().thresholds();
        if (scoreThreshold != null) {
            t = t.withScoreThreshold(scoreThreshold);
        }
        if (nmsIou != null) {
            t = t.withNmsIouThreshold(nmsIou);
        }
        if (topK != null) {
            t = t.withTopKCandidates(topK);
        }
        if (maxDetections != null) {
            t = t.withDetectionsPerImage(maxDetections);
        }
        return t;
    }
}
