package io.ssdstream.job.config;

import io.ssdstream.ssd.detector.DeviceSpec;
import io.ssdstream.ssd.detector.Precision;
import io.ssdstream.ssd.postprocess.ThresholdOverrides;
import io.ssdstream.tracking.TrackerConfig;
import io.ssdstream.zones.counting.CountingSettings;
import java.io.Serializable;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Everything the detection job is configured with, validated on construction so a bad value fails at submission
 * with the option named. The defaults live here, in {@link Builder}'s field initialisers; {@link JobOptions} shows
 * them in {@code --help} and the cli module's {@code OptionDocsTest} writes them into docs/job.md.
 *
 * @param bootstrapServers Kafka bootstrap servers
 * @param framesTopic topic of {@code VideoFrame}s, keyed by camera id
 * @param detectionsTopic topic the {@code DetectionEvent}s go to, keyed by camera id
 * @param deadLetterTopic topic the {@code FrameRejected} records go to
 * @param objectsTopic topic the tracker's {@code ObjectEvent}s go to, keyed by camera id
 * @param groupId Kafka consumer group of the frames source
 * @param model model artifact directory, readable on every TaskManager
 * @param device where the model runs; {@code auto} spreads subtasks over a TaskManager's GPUs round-robin and falls
 *     back to the CPU
 * @param precision FP32, FP16 on GPUs, BF16 on CPUs with bfloat16 instructions, or AUTO
 * @param thresholds what replaces the artifact's postprocessing thresholds ({@link ThresholdOverrides#NONE}: none)
 * @param batchSize at most this many frames per model call (B)
 * @param batchTimeout a batch is run at the latest this long after its first frame arrived (T)
 * @param batching whether each slot batches and runs the model in its task thread, or one thread per device and
 *     TaskManager batches across the slots
 * @param maxFrameAge frames older than this (capture to batch start) are shed; zero disables shedding
 * @param staleToDeadLetter whether shed frames also go to the dead-letter topic (reason STALE)
 * @param maxPixels frames declaring or decoding to more pixels are rejected (TOO_LARGE)
 * @param maxEncodedBytes frames with more image bytes are rejected (TOO_LARGE)
 * @param deadLetterMaxBytes a dead letter carries at most this many of the original bytes
 * @param deliveryGuarantee exactly-once (default) or at-least-once
 * @param parallelism job parallelism, or 0 for the environment's default
 * @param checkpointInterval how often Flink checkpoints (and, with exactly-once, commits the output)
 * @param transactionTimeout Kafka transaction timeout, below the broker's transaction.max.timeout.ms (15 min default)
 * @param idleTimeout a partition without frames for this long stops holding back the watermark
 * @param maxOutOfOrderness how far capture times may go back within a partition
 * @param restartAttempts restarts after failures in a row before the job fails for good (exponential delay; the
 *     count starts again once the job has run {@link #RESTART_RESET_AFTER} without a failure)
 * @param restartDelay the delay before the first restart, doubled for each further one up to
 *     {@link #MAX_RESTART_DELAY}
 * @param tracking whether the job tracks objects (track ids in the detections, events in the objects topic)
 * @param tracker the tracker's settings; its defaults are {@link TrackerConfig#defaults()}
 * @param analytics whether the job runs the zone and line analytics on the tracked objects (only with tracking):
 *     cameras without a configuration on the camera-configs topic cost one broadcast-state lookup per frame
 * @param cameraConfigsTopic the compacted topic of {@code CameraConfig}s, keyed by camera id, read as broadcast state
 * @param zoneEventsTopic topic the {@code ZoneEvent}s go to, keyed by camera id
 * @param lineCrossingsTopic topic the {@code LineCrossing}s go to, keyed by camera id
 * @param countsTopic topic the {@code CameraClassCounts} go to, keyed by camera id
 * @param counting the count window and allowed lateness; defaults {@link CountingSettings#defaults()}
 * @param kafkaProperties passed to every Kafka client (SASL, SSL, ...); those the job sets itself are refused
 */
public record JobConfig(
        String bootstrapServers,
        String framesTopic,
        String detectionsTopic,
        String deadLetterTopic,
        String objectsTopic,
        String groupId,
        Path model,
        DeviceSpec device,
        Precision precision,
        ThresholdOverrides thresholds,
        int batchSize,
        Duration batchTimeout,
        Batching batching,
        Duration maxFrameAge,
        boolean staleToDeadLetter,
        long maxPixels,
        int maxEncodedBytes,
        int deadLetterMaxBytes,
        DeliveryGuarantee deliveryGuarantee,
        int parallelism,
        Duration checkpointInterval,
        Duration transactionTimeout,
        Duration idleTimeout,
        Duration maxOutOfOrderness,
        int restartAttempts,
        Duration restartDelay,
        boolean tracking,
        TrackerConfig tracker,
        boolean analytics,
        String cameraConfigsTopic,
        String zoneEventsTopic,
        String lineCrossingsTopic,
        String countsTopic,
        CountingSettings counting,
        Map<String, String> kafkaProperties) implements Serializable {

    private static final long serialVersionUID = 1L;

    /** The longest wait between two restarts, however many came before. */
    public static final Duration MAX_RESTART_DELAY = Duration.ofMinutes(1);

    /** A job that runs this long without failing gets its full restart attempts back. */
    public static final Duration RESTART_RESET_AFTER = Duration.ofMinutes(10);

    public JobConfig {
        require(bootstrapServers != null && !bootstrapServers.isBlank(), "--bootstrap-servers", "must be set");
        require(isTopic(framesTopic), "--frames-topic", "must be a Kafka topic name, got '" + framesTopic + "'");
        require(isTopic(detectionsTopic), "--detections-topic", "must be a Kafka topic name, got '" + detectionsTopic + "'");
        require(isTopic(deadLetterTopic), "--dead-letter-topic", "must be a Kafka topic name, got '" + deadLetterTopic + "'");
        require(isTopic(objectsTopic), "--objects-topic", "must be a Kafka topic name, got '" + objectsTopic + "'");
        require(isTopic(cameraConfigsTopic), "--camera-configs-topic",
                "must be a Kafka topic name, got '" + cameraConfigsTopic + "'");
        require(isTopic(zoneEventsTopic), "--zone-events-topic", "must be a Kafka topic name, got '" + zoneEventsTopic + "'");
        require(isTopic(lineCrossingsTopic), "--line-crossings-topic",
                "must be a Kafka topic name, got '" + lineCrossingsTopic + "'");
        require(isTopic(countsTopic), "--counts-topic", "must be a Kafka topic name, got '" + countsTopic + "'");
        List<String> topics = List.of(framesTopic, detectionsTopic, deadLetterTopic, objectsTopic, cameraConfigsTopic,
                zoneEventsTopic, lineCrossingsTopic, countsTopic);
        require(new HashSet<>(topics).size() == topics.size(), "--*-topic",
                "the frames, detections, dead-letter, objects, camera-configs, zone-events, line-crossings and counts"
                        + " topics must differ, got " + String.join(", ", topics));
        require(groupId != null && !groupId.isBlank(), "--group-id", "must be set");
        Objects.requireNonNull(model, "--model must be set");
        Objects.requireNonNull(device, "--device must be set");
        Objects.requireNonNull(precision, "--precision must be set");
        Objects.requireNonNull(thresholds, "thresholds must be set (ThresholdOverrides.NONE for the artifact's own)");
        require(batchSize >= 1 && batchSize <= 1024, "--batch-size", "must be in 1..1024, got " + batchSize);
        require(positive(batchTimeout), "--batch-timeout-ms", "must be positive, got " + batchTimeout);
        Objects.requireNonNull(batching, "--batching must be set");
        require(maxFrameAge != null && !maxFrameAge.isNegative(), "--max-frame-age-ms", "must be 0 (off) or positive");
        require(maxPixels > 0, "--max-pixels", "must be positive, got " + maxPixels);
        require(maxEncodedBytes > 0, "--max-encoded-bytes", "must be positive, got " + maxEncodedBytes);
        require(deadLetterMaxBytes >= 0, "--dead-letter-max-bytes", "must be 0 or more, got " + deadLetterMaxBytes);
        Objects.requireNonNull(deliveryGuarantee, "--delivery-guarantee must be set");
        require(parallelism >= 0, "--parallelism", "must be 0 (default) or positive, got " + parallelism);
        require(positive(checkpointInterval), "--checkpoint-interval-ms", "must be positive, got " + checkpointInterval);
        require(positive(transactionTimeout) && transactionTimeout.compareTo(checkpointInterval) > 0,
                "--transaction-timeout-ms", "must be longer than the checkpoint interval, got " + transactionTimeout);
        require(positive(idleTimeout), "--idle-timeout-ms", "must be positive, got " + idleTimeout);
        require(maxOutOfOrderness != null && !maxOutOfOrderness.isNegative(), "--max-out-of-orderness-ms",
                "must be 0 or positive");
        require(restartAttempts >= 0, "--restart-attempts", "must be 0 (fail on the first error) or positive, got "
                + restartAttempts);
        require(positive(restartDelay), "--restart-delay-ms", "must be positive, got " + restartDelay);
        Objects.requireNonNull(tracker, "tracker settings must be set (TrackerConfig.defaults() for the defaults)");
        Objects.requireNonNull(counting, "counting settings must be set (CountingSettings.defaults() for the defaults)");
        kafkaProperties.keySet().forEach(JobConfig::requireUnreserved);
        kafkaProperties = Map.copyOf(kafkaProperties);
    }

    /**
     * Kafka client properties the job sets from its own options or needs for its guarantees, with what to do
     * instead. Passed through {@code --kafka-property}, they would silently win over the validated options (the
     * connectors apply the properties last) or break exactly-once.
     */
    private static final Map<String, String> RESERVED_KAFKA_PROPERTIES = Map.ofEntries(
            Map.entry("bootstrap.servers", "use --bootstrap-servers"),
            Map.entry("group.id", "use --group-id"),
            Map.entry("transactional.id", "the sinks derive it from --group-id"),
            Map.entry("transaction.timeout.ms", "use --transaction-timeout-ms"),
            Map.entry("isolation.level", "the job reads read_committed so that aborted frames are never detected"),
            Map.entry("enable.idempotence", "use --delivery-guarantee"),
            Map.entry("acks", "use --delivery-guarantee; both guarantees need acks=all"),
            Map.entry("enable.auto.commit", "the job commits offsets with its checkpoints"),
            Map.entry("auto.offset.reset", "the job starts from the group's committed offsets, earliest on a first"
                    + " start; use another --group-id to start afresh"),
            Map.entry("key.serializer", "the job writes Avro with its own serializers"),
            Map.entry("value.serializer", "the job writes Avro with its own serializers"),
            Map.entry("key.deserializer", "the job reads frames with its own deserializer"),
            Map.entry("value.deserializer", "the job reads frames with its own deserializer"));

    /**
     * Every default, for the commands that show them or share them (the viewer's topics); the bootstrap servers and
     * the model, which have none, hold placeholders. Declared after the constants its validation reads.
     */
    public static final JobConfig DEFAULTS = builder("(required)", Path.of("(required)")).build();

    private static void requireUnreserved(String key) {
        String instead = RESERVED_KAFKA_PROPERTIES.get(key.strip());
        require(instead == null, "--kafka-property", key + " is set by the job; " + instead);
    }

    /** A builder holding every default; only the bootstrap servers and the model have none. */
    public static Builder builder(String bootstrapServers, Path model) {
        return new Builder(bootstrapServers, model);
    }

    /** Collects the options; {@link #build()} validates them. Field initialisers are the documented defaults. */
    public static final class Builder {
        private final String bootstrapServers;
        private final Path model;
        private String framesTopic = "frames";
        private String detectionsTopic = "detections";
        private String deadLetterTopic = "frames-rejected";
        private String objectsTopic = "objects";
        private String groupId = "ssd-stream-detector";
        private DeviceSpec device = DeviceSpec.AUTO;
        private Precision precision = Precision.FP32;
        private ThresholdOverrides thresholds = ThresholdOverrides.NONE;
        private int batchSize = 8;
        private Duration batchTimeout = Duration.ofMillis(50);
        private Batching batching = Batching.SLOT;
        private Duration maxFrameAge = Duration.ofSeconds(5);
        private boolean staleToDeadLetter = true;
        private long maxPixels = 8192L * 8192;
        private int maxEncodedBytes = 32 << 20;
        private int deadLetterMaxBytes = 1 << 20;
        private DeliveryGuarantee deliveryGuarantee = DeliveryGuarantee.EXACTLY_ONCE;
        private int parallelism;
        private Duration checkpointInterval = Duration.ofSeconds(10);
        private Duration transactionTimeout = Duration.ofMinutes(10);
        private Duration idleTimeout = Duration.ofSeconds(5);
        private Duration maxOutOfOrderness = Duration.ofSeconds(1);
        private int restartAttempts = 10;
        private Duration restartDelay = Duration.ofSeconds(1);
        private boolean tracking = true;
        private TrackerConfig tracker = TrackerConfig.defaults();
        private boolean analytics = true;
        private String cameraConfigsTopic = "camera-configs";
        private String zoneEventsTopic = "zone-events";
        private String lineCrossingsTopic = "line-crossings";
        private String countsTopic = "counts";
        private CountingSettings counting = CountingSettings.defaults();
        private Map<String, String> kafkaProperties = Map.of();

        private Builder(String bootstrapServers, Path model) {
            this.bootstrapServers = bootstrapServers;
            this.model = model;
        }

        public Builder topics(String frames, String detections, String deadLetters) {
            this.framesTopic = frames;
            this.detectionsTopic = detections;
            this.deadLetterTopic = deadLetters;
            return this;
        }

        public Builder objectsTopic(String value) {
            this.objectsTopic = value;
            return this;
        }

        /** Whether to track objects, and with which settings (kept when tracking is off, for a later restart). */
        public Builder tracking(boolean enabled, TrackerConfig settings) {
            this.tracking = enabled;
            this.tracker = settings;
            return this;
        }

        /** Whether to run the zone and line analytics (with tracking only), and how to window the counts. */
        public Builder analytics(boolean enabled, CountingSettings settings) {
            this.analytics = enabled;
            this.counting = settings;
            return this;
        }

        public Builder analyticsTopics(String cameraConfigs, String zoneEvents, String lineCrossings, String counts) {
            this.cameraConfigsTopic = cameraConfigs;
            this.zoneEventsTopic = zoneEvents;
            this.lineCrossingsTopic = lineCrossings;
            this.countsTopic = counts;
            return this;
        }

        public Builder groupId(String value) {
            this.groupId = value;
            return this;
        }

        public Builder device(DeviceSpec value) {
            this.device = value;
            return this;
        }

        public Builder precision(Precision value) {
            this.precision = value;
            return this;
        }

        public Builder thresholds(ThresholdOverrides value) {
            this.thresholds = value;
            return this;
        }

        public Builder batch(int size, Duration timeout) {
            this.batchSize = size;
            this.batchTimeout = timeout;
            return this;
        }

        public Builder batching(Batching value) {
            this.batching = value;
            return this;
        }

        public Builder maxFrameAge(Duration age, boolean toDeadLetter) {
            this.maxFrameAge = age;
            this.staleToDeadLetter = toDeadLetter;
            return this;
        }

        public Builder limits(long pixels, int encodedBytes, int deadLetterBytes) {
            this.maxPixels = pixels;
            this.maxEncodedBytes = encodedBytes;
            this.deadLetterMaxBytes = deadLetterBytes;
            return this;
        }

        public Builder delivery(DeliveryGuarantee guarantee, Duration checkpoints, Duration transactions) {
            this.deliveryGuarantee = guarantee;
            this.checkpointInterval = checkpoints;
            this.transactionTimeout = transactions;
            return this;
        }

        public Builder parallelism(int value) {
            this.parallelism = value;
            return this;
        }

        public Builder watermarks(Duration idle, Duration outOfOrderness) {
            this.idleTimeout = idle;
            this.maxOutOfOrderness = outOfOrderness;
            return this;
        }

        public Builder restarts(int attempts, Duration firstDelay) {
            this.restartAttempts = attempts;
            this.restartDelay = firstDelay;
            return this;
        }

        public Builder kafkaProperties(Map<String, String> value) {
            this.kafkaProperties = value;
            return this;
        }

        public JobConfig build() {
            return new JobConfig(bootstrapServers, framesTopic, detectionsTopic, deadLetterTopic, objectsTopic, groupId,
                    model, device, precision, thresholds, batchSize, batchTimeout, batching, maxFrameAge, staleToDeadLetter,
                    maxPixels, maxEncodedBytes, deadLetterMaxBytes, deliveryGuarantee, parallelism, checkpointInterval,
                    transactionTimeout, idleTimeout, maxOutOfOrderness, restartAttempts, restartDelay, tracking, tracker,
                    analytics, cameraConfigsTopic, zoneEventsTopic, lineCrossingsTopic, countsTopic, counting,
                    kafkaProperties);
        }
    }

    /** Whether the analytics stage runs: asked for, and fed by the tracker. */
    public boolean runsAnalytics() {
        return analytics && tracking;
    }

    private static boolean isTopic(String topic) {
        return topic != null && topic.matches("[a-zA-Z0-9._-]{1,249}");
    }

    private static boolean positive(Duration d) {
        return d != null && !d.isNegative() && !d.isZero();
    }

    private static void require(boolean ok, String option, String problem) {
        if (!ok) {
            throw new IllegalArgumentException(option + " " + problem);
        }
    }
}
