package io.ssdstream.job;

import io.ssdstream.job.config.JobConfig;
import io.ssdstream.kafka.preflight.KafkaPreflight;
import io.ssdstream.ssd.detector.Detector;
import io.ssdstream.ssd.detector.DetectorOptions;
import io.ssdstream.ssd.detector.DeviceSpec;
import java.time.Duration;

/**
 * What the job needs before it is submitted: a model artifact that loads and a Kafka cluster that answers. Without
 * these checks a bad model or an unreachable broker only shows on the TaskManagers, as failures the restart strategy
 * retries; here each is one line naming the option and the value, within seconds.
 */
public final class JobPreflight {

    /** How long the Kafka cluster has to answer. */
    public static final Duration KAFKA_TIMEOUT = Duration.ofSeconds(10);

    private JobPreflight() {}

    /** @throws PreflightException naming the option whose value cannot work */
    public static void check(JobConfig config) {
        checkModel(config);
        checkKafka(config);
    }

    /**
     * Loads the model on the CPU exactly as a TaskManager would, so that a missing file, a corrupt {@code model.json},
     * truncated or mismatched weights all fail here.
     */
    static void checkModel(JobConfig config) {
        DetectorOptions options = DetectorOptions.DEFAULTS.withDevice(DeviceSpec.CPU).withThresholds(config.thresholds());
        try (Detector ignored = Detector.load(config.model(), options)) {
            // loading is the check
        } catch (Exception e) {
            String message = oneLine(e);
            String where = message.contains(config.model().toString()) ? "" : " " + config.model();
            throw new PreflightException("--model" + where + ": " + message, e);
        }
    }

    /** Asks the cluster for its brokers, with the job's client properties (SASL, SSL) and a bounded wait. */
    static void checkKafka(JobConfig config) {
        try {
            KafkaPreflight.requireReachable(config.bootstrapServers(), config.kafkaProperties(), KAFKA_TIMEOUT);
        } catch (IllegalStateException e) {
            throw new PreflightException(e.getMessage(), e.getCause());
        }
    }

    /** The exception's message on one line, or its type when it has none. */
    static String oneLine(Throwable e) {
        String message = e.getMessage();
        if (message == null || message.isBlank()) {
            return e.getClass().getSimpleName();
        }
        return message.lines().map(String::strip).filter(line -> !line.isEmpty())
                .reduce((a, b) -> a + " " + b).orElse(message);
    }

    /** A job that cannot run, with the reason on one line. */
    public static final class PreflightException extends IllegalStateException {
        private static final long serialVersionUID = 1L;

        PreflightException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
