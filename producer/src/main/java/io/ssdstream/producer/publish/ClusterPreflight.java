package io.ssdstream.producer.publish;

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
 * Asks the cluster for its brokers before the first frame, with the publisher's client properties (SASL, SSL) and a
 * bounded wait ({@link PublisherConfig#CONNECT_TIMEOUT}): a wrong address or a cluster that is down is one message
 * naming it, instead of every frame waiting for metadata.
 */
public final class ClusterPreflight {

    private ClusterPreflight() {
    }

    /** @throws IllegalStateException naming the address and what went wrong */
    public static void check(PublisherConfig config) {
        Properties properties = new Properties();
        properties.putAll(config.kafkaProperties());
        properties.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, config.bootstrapServers());
        int timeoutMs = (int) PublisherConfig.CONNECT_TIMEOUT.toMillis();
        properties.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, timeoutMs);
        properties.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, timeoutMs);
        String cluster = "--bootstrap-servers " + config.bootstrapServers();
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
                    ? "no Kafka broker answered within " + PublisherConfig.CONNECT_TIMEOUT.toSeconds() + " s; is the"
                            + " cluster running and reachable from here?"
                    : oneLine(cause)), cause);
        } finally {
            admin.close(Duration.ofSeconds(1));
        }
    }

    private static String oneLine(Throwable e) {
        String message = e.getMessage();
        return message == null || message.isBlank() ? e.getClass().getSimpleName()
                : String.join(" ", message.strip().split("\\s*\\R\\s*"));
    }
}
