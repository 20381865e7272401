package io.ssdstream.job.config;

import io.ssdstream.ssd.detector.DeviceSpec;
import io.ssdstream.ssd.detector.Precision;
import io.ssdstream.tracking.TrackerConfig;
import io.ssdstream.zones.counting.CountingSettings;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * The job's command-line options (picocli), shared by the job jar's main class and {@code bin/ssd-stream job}.
 * Each field starts at {@link JobConfig}'s default, which picocli shows as {@code ${DEFAULT-VALUE}} in
 * {@code --help} and keeps when the option is left out; no default is written here.
 */
public final class JobOptions {

    private static final JobConfig DEFAULTS = JobConfig.DEFAULTS;

    @Option(names = "--bootstrap-servers", required = true, paramLabel = "HOST:PORT,...",
            description = "Kafka bootstrap servers.")
    String bootstrapServers;

    @Option(names = "--model", required = true, paramLabel = "DIR",
            description = "Model artifact directory, readable on every TaskManager and where the job is submitted.")
    Path model;

    @Option(names = "--frames-topic", description = "Topic of the VideoFrame records. Default: ${DEFAULT-VALUE}.")
    String framesTopic = DEFAULTS.framesTopic();

    @Option(names = "--detections-topic",
            description = "Topic the DetectionEvent records go to. Default: ${DEFAULT-VALUE}.")
    String detectionsTopic = DEFAULTS.detectionsTopic();

    @Option(names = "--dead-letter-topic",
            description = "Topic the FrameRejected records go to. Default: ${DEFAULT-VALUE}.")
    String deadLetterTopic = DEFAULTS.deadLetterTopic();

    @Option(names = "--objects-topic",
            description = "Topic the tracker's ObjectEvent records go to. Default: ${DEFAULT-VALUE}.")
    String objectsTopic = DEFAULTS.objectsTopic();

    @Option(names = "--camera-configs-topic",
            description = "Compacted topic of the cameras' CameraConfig records (zones and lines), read live."
                    + " Default: ${DEFAULT-VALUE}.")
    String cameraConfigsTopic = DEFAULTS.cameraConfigsTopic();

    @Option(names = "--zone-events-topic",
            description = "Topic the ZoneEvent records (ENTER, EXIT, LOITERING) go to. Default: ${DEFAULT-VALUE}.")
    String zoneEventsTopic = DEFAULTS.zoneEventsTopic();

    @Option(names = "--line-crossings-topic",
            description = "Topic the LineCrossing records go to. Default: ${DEFAULT-VALUE}.")
    String lineCrossingsTopic = DEFAULTS.lineCrossingsTopic();

    @Option(names = "--counts-topic",
            description = "Topic the CameraClassCounts records (one per camera and window) go to."
                    + " Default: ${DEFAULT-VALUE}.")
    String countsTopic = DEFAULTS.countsTopic();

    @Option(names = "--group-id",
            description = "Consumer group; also prefixes the sinks' transactional ids. Default: ${DEFAULT-VALUE}.")
    String groupId = DEFAULTS.groupId();

    @Option(names = "--device", converter = DeviceConverter.class,
            description = "auto (GPUs round-robin, else CPU), cpu, gpu or gpu:N. Default: ${DEFAULT-VALUE}.")
    DeviceSpec device = DEFAULTS.device();

    @Option(names = "--precision", description = "FP32, FP16 (GPUs), BF16 (CPUs with AVX-512 BF16 or AMX; FP32 elsewhere) or AUTO (BF16 where"
            + " the CPU has it, else FP32). Default: ${DEFAULT-VALUE}.")
    Precision precision = DEFAULTS.precision();

    @Option(names = "--batch-size", description = "Frames per model call (B). Default: ${DEFAULT-VALUE}.")
    int batchSize = DEFAULTS.batchSize();

    @Option(names = "--batch-timeout-ms",
            description = "A batch runs at most this long after its first frame (T). Default: ${DEFAULT-VALUE}.")
    long batchTimeoutMs = DEFAULTS.batchTimeout().toMillis();

    @Option(names = "--batching", description = "DEVICE: one inference thread per device and TaskManager batches the"
            + " frames of all its slots while they go on decoding; SLOT: each slot batches and runs the model in its"
            + " own thread. Default: ${DEFAULT-VALUE}.")
    Batching batching = DEFAULTS.batching();

    @Option(names = "--max-frame-age-ms",
            description = "Shed frames older than this (capture to now) before decoding and again when their batch"
                    + " starts; 0 = never. Default: ${DEFAULT-VALUE}.")
    long maxFrameAgeMs = DEFAULTS.maxFrameAge().toMillis();

    @Option(names = "--stale-to-dead-letter", arity = "1",
            description = "Also dead-letter shed frames (reason STALE). Default: ${DEFAULT-VALUE}.")
    boolean staleToDeadLetter = DEFAULTS.staleToDeadLetter();

    @Option(names = "--max-pixels", description = "Reject frames with more pixels (TOO_LARGE). Default: ${DEFAULT-VALUE}.")
    long maxPixels = DEFAULTS.maxPixels();

    @Option(names = "--max-encoded-bytes",
            description = "Reject frames with more image bytes (TOO_LARGE). Default: ${DEFAULT-VALUE}.")
    int maxEncodedBytes = DEFAULTS.maxEncodedBytes();

    @Option(names = "--dead-letter-max-bytes", description = "Original bytes kept in a dead letter. Default: ${DEFAULT-VALUE}.")
    int deadLetterMaxBytes = DEFAULTS.deadLetterMaxBytes();

    @Option(names = "--delivery-guarantee", description = "EXACTLY_ONCE or AT_LEAST_ONCE. Default: ${DEFAULT-VALUE}.")
    DeliveryGuarantee deliveryGuarantee = DEFAULTS.deliveryGuarantee();

    @Option(names = "--parallelism",
            description = "Job parallelism; 0 = the environment's default. Default: ${DEFAULT-VALUE}.")
    int parallelism = DEFAULTS.parallelism();

    @Option(names = "--checkpoint-interval-ms",
            description = "How often Flink checkpoints; also the commit interval of exactly-once output."
                    + " Default: ${DEFAULT-VALUE}.")
    long checkpointIntervalMs = DEFAULTS.checkpointInterval().toMillis();

    @Option(names = "--transaction-timeout-ms",
            description = "Kafka transaction timeout, below the broker's transaction.max.timeout.ms (15 min by"
                    + " default). Default: ${DEFAULT-VALUE}.")
    long transactionTimeoutMs = DEFAULTS.transactionTimeout().toMillis();

    @Option(names = "--idle-timeout-ms",
            description = "A partition without frames this long stops holding back the watermark. Default: ${DEFAULT-VALUE}.")
    long idleTimeoutMs = DEFAULTS.idleTimeout().toMillis();

    @Option(names = "--max-out-of-orderness-ms",
            description = "How far capture times may go back within a partition (watermark bound)."
                    + " Default: ${DEFAULT-VALUE}.")
    long maxOutOfOrdernessMs = DEFAULTS.maxOutOfOrderness().toMillis();

    @Option(names = "--restart-attempts",
            description = "Restarts after failures in a row before the job fails; 0 = fail at once. Default: ${DEFAULT-VALUE}.")
    int restartAttempts = DEFAULTS.restartAttempts();

    @Option(names = "--restart-delay-ms",
            description = "Delay before the first restart, doubled for each further one up to a minute. Default: ${DEFAULT-VALUE}.")
    long restartDelayMs = DEFAULTS.restartDelay().toMillis();

    @Option(names = "--tracking", arity = "1",
            description = "Track objects: track ids in the detections, NEW/UPDATE/END events in the objects topic."
                    + " Default: ${DEFAULT-VALUE}.")
    boolean tracking = DEFAULTS.tracking();

    @Option(names = "--analytics", arity = "1",
            description = "Zones, lines and counts for the cameras configured on the camera-configs topic (needs"
                    + " --tracking). Default: ${DEFAULT-VALUE}.")
    boolean analytics = DEFAULTS.analytics();

    @Option(names = "--count-window-ms",
            description = "Length of the tumbling capture-time windows of the counts. Default: ${DEFAULT-VALUE}.")
    long countWindowMs = DEFAULTS.counting().window().toMillis();

    @Option(names = "--count-allowed-lateness-ms",
            description = "How far the watermark must pass a window's end before a quiet camera's counts are"
                    + " emitted; later frames revise them. Default: ${DEFAULT-VALUE}.")
    long countAllowedLatenessMs = DEFAULTS.counting().allowedLateness().toMillis();

    @Option(names = "--track-confirmation-hits",
            description = "Frames a new object must be detected in before it gets an id. Default: ${DEFAULT-VALUE}.")
    int trackConfirmationHits = DEFAULTS.tracker().confirmationHits();

    @Option(names = "--track-high-score",
            description = "Detections at or above this score start objects and are matched first."
                    + " Default: ${DEFAULT-VALUE}.")
    double trackHighScore = DEFAULTS.tracker().highScore();

    @Option(names = "--track-low-score",
            description = "Weaker detections at or above this only continue objects seen in the previous frame."
                    + " Default: ${DEFAULT-VALUE}.")
    double trackLowScore = DEFAULTS.tracker().lowScore();

    @Option(names = "--track-match-iou",
            description = "Least IoU of a detection with an object's predicted box to continue it."
                    + " Default: ${DEFAULT-VALUE}.")
    double trackMatchIou = DEFAULTS.tracker().matchIou();

    @Option(names = "--track-max-lost-age-ms",
            description = "An object not seen for this long (capture time, frames the job shed not counted) ends."
                    + " Default: ${DEFAULT-VALUE}.")
    long trackMaxLostAgeMs = DEFAULTS.tracker().maxLostAge().toMillis();

    @Option(names = "--track-stationary-tolerance",
            description = "Centre movement, as a fraction of the box size, that still counts as standing still."
                    + " Default: ${DEFAULT-VALUE}.")
    double trackStationaryTolerance = DEFAULTS.tracker().stationaryTolerance();

    @Option(names = "--track-stationary-after-ms",
            description = "Time standing still before an object is stationary (and sends no updates)."
                    + " Default: ${DEFAULT-VALUE}.")
    long trackStationaryAfterMs = DEFAULTS.tracker().stationaryAfter().toMillis();

    @Option(names = "--track-move-threshold",
            description = "Centre movement since the last event, as a fraction of the box size, that is an UPDATE."
                    + " Default: ${DEFAULT-VALUE}.")
    double trackMoveThreshold = DEFAULTS.tracker().moveThreshold();

    @Option(names = "--track-update-interval-ms",
            description = "Least capture time between two UPDATEs of one object. Default: ${DEFAULT-VALUE}.")
    long trackUpdateIntervalMs = DEFAULTS.tracker().updateInterval().toMillis();

    @Mixin
    ThresholdOptions thresholds;

    @Option(names = "--kafka-property", paramLabel = "KEY=VALUE",
            description = "Passed to every Kafka client, e.g. security.protocol=SASL_SSL; repeatable. Keys the job sets"
                    + " itself are refused.")
    Map<String, String> kafkaProperties = new LinkedHashMap<>();

    private TrackerConfig tracker() {
        try {
            return new TrackerConfig(trackConfirmationHits, trackHighScore, trackLowScore, trackMatchIou,
                    Duration.ofMillis(trackMaxLostAgeMs), trackStationaryTolerance,
                    Duration.ofMillis(trackStationaryAfterMs), trackMoveThreshold,
                    Duration.ofMillis(trackUpdateIntervalMs));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--track-* options: " + e.getMessage(), e);
        }
    }

    private CountingSettings counting() {
        try {
            return new CountingSettings(Duration.ofMillis(countWindowMs), Duration.ofMillis(countAllowedLatenessMs));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--count-window-ms / --count-allowed-lateness-ms: " + e.getMessage(), e);
        }
    }

    /** The validated configuration. */
    public JobConfig toConfig() {
        return JobConfig.builder(bootstrapServers, model)
                .topics(framesTopic, detectionsTopic, deadLetterTopic)
                .objectsTopic(objectsTopic)
                .tracking(tracking, tracker())
                .analytics(analytics, counting())
                .analyticsTopics(cameraConfigsTopic, zoneEventsTopic, lineCrossingsTopic, countsTopic)
                .groupId(groupId)
                .device(device)
                .precision(precision)
                .thresholds(thresholds.overrides())
                .batch(batchSize, Duration.ofMillis(batchTimeoutMs))
                .batching(batching)
                .maxFrameAge(Duration.ofMillis(maxFrameAgeMs), staleToDeadLetter)
                .limits(maxPixels, maxEncodedBytes, deadLetterMaxBytes)
                .delivery(deliveryGuarantee, Duration.ofMillis(checkpointIntervalMs), Duration.ofMillis(transactionTimeoutMs))
                .parallelism(parallelism)
                .watermarks(Duration.ofMillis(idleTimeoutMs), Duration.ofMillis(maxOutOfOrdernessMs))
                .restarts(restartAttempts, Duration.ofMillis(restartDelayMs))
                .kafkaProperties(kafkaProperties)
                .build();
    }
}
