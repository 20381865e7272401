package io.ssdstream.kafka.preflight;

import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.apache.kafka.common.KafkaException;

/**
 * Asks a Kafka cluster for its brokers before the first record, with the caller's client properties (SASL, SSL) and
 * a bounded wait: a wrong address or a cluster that is down is one line naming {@code --bootstrap-servers} and the
 * address, instead of every record waiting for metadata (the publisher) or the TaskManagers failing and restarting
 * (the job).
 */
public final class KafkaPreflight {

    private KafkaPreflight() {
    }

    /**
     * @param clientProperties the caller's Kafka client properties; the address and the timeouts set here win
     * @throws IllegalStateException naming {@code --bootstrap-servers}, the address and what went wrong
     */
    public static void requireReachable(String bootstrapServers, Map<String, String> clientProperties,
            Duration timeout) {
        Properties properties = new Properties();
        properties.putAll(clientProperties);
        properties.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        int timeoutMs = (int) timeout.toMillis();
        properties.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, timeoutMs);
        properties.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, timeoutMs);
        String cluster = "--bootstrap-servers " + bootstrapServers;
        Admin admin;
        try {
            admin = Admin.create(properties);
        } catch (KafkaException e) {
            throw new IllegalStateException(cluster + ": " + oneLine(e.getCause() != null ? e.getCause() : e), e);
        }
        try {
            admin.describeCluster(new DescribeClusterOptions().timeoutMs(timeoutMs)).nodes()
                    .get(timeoutMs + 1000L, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(cluster + ": interrupted while connecting", e);
        } catch (TimeoutException | ExecutionException e) {
            Throwable cause = e instanceof ExecutionException && e.getCause() != null ? e.getCause() : e;
            boolean timedOut = cause instanceof TimeoutException
                    || cause instanceof org.apache.kafka.common.errors.TimeoutException;
            throw new IllegalStateException(cluster + ": " + (timedOut
                    ? "no Kafka broker answered within " + timeout.toSeconds() + " s; is the cluster running and"
                            + " reachable from here?"
                    : oneLine(cause)), cause);
        } finally {
            admin.close(Duration.ofSeconds(1));
        }
    }

    /** The exception's message on one line, or its type when it has none. */
    private static String oneLine(Throwable e) {
        String message = e.getMessage();
        if (message == null || message.isBlank()) {
            return e.getClass().getSimpleName();
        }
        return message.lines().map(String::strip).filter(line -> !line.isEmpty())
                .reduce((a, b) -> a + " " + b).orElse(message);
    }
}
