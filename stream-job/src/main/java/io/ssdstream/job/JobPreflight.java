package io.ssdstream.job;

import io.ssdstream.job.config.JobConfig;
import io.ssdstream.ssd.detector.Detector;
import io.ssdstream.ssd.detector.DetectorOptions;
import io.ssdstream.ssd.detector.DeviceSpec;
import java.time.Duration;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.apache.kafka.common.KafkaException;

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
        Properties properties = new Properties();
        properties.putAll(config.kafkaProperties());
        properties.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, config.bootstrapServers());
        int timeoutMs = (int) KAFKA_TIMEOUT.toMillis();
        properties.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, timeoutMs);
        properties.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, timeoutMs);
        String cluster = "--bootstrap-servers " + config.bootstrapServers();
        Admin admin;
        try {
            admin = Admin.create(properties);
        } catch (KafkaException e) {
            throw new PreflightException(cluster + ": " + oneLine(e.getCause() != null ? e.getCause() : e), e);
        }
        try {
            admin.describeCluster(new DescribeClusterOptions().timeoutMs(timeoutMs)).nodes()
                    .get(timeoutMs + 1000L, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new PreflightException(cluster + ": interrupted while connecting", e);
        } catch (TimeoutException | ExecutionException e) {
            Throwable cause = e instanceof ExecutionException && e.getCause() != null ? e.getCause() : e;
            boolean timedOut = cause instanceof TimeoutException
                    || cause instanceof org.apache.kafka.common.errors.TimeoutException;
            throw new PreflightException(cluster + ": " + (timedOut
                    ? "no Kafka broker answered within " + KAFKA_TIMEOUT.toSeconds() + " s; is the cluster running"
                            + " and reachable from here?"
                    : oneLine(cause)), cause);
        } finally {
            admin.close(Duration.ofSeconds(1));
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
