package io.ssdstream.kafka.local;

import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import kafka.server.BrokerServer;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.apache.kafka.common.test.TestKitNodes;
import org.apache.kafka.server.common.MetadataVersion;

/**
 * A real single-node Kafka cluster inside this JVM: one KRaft node acting as broker and controller, on production
 * metadata (the test kit would otherwise enable unstable features), with the internal topics sized for one broker
 * so that consumer groups and transactions work. For the local demo, the benchmarks and the tests; data lives in a
 * temporary directory removed on {@link #close()}.
 */
public final class LocalKafka implements AutoCloseable {

    private final KafkaClusterTestKit cluster;

    private LocalKafka(KafkaClusterTestKit cluster) {
        this.cluster = cluster;
    }

    /** Formats and starts the node; returns once the broker accepts clients. */
    public static LocalKafka start() throws Exception {
        TestKitNodes nodes = new TestKitNodes.Builder()
                .setCombined(true)
                .setNumBrokerNodes(1)
                .setNumControllerNodes(1)
                .setBootstrapMetadataVersion(MetadataVersion.latestProduction())
                .build();
        KafkaClusterTestKit cluster = new KafkaClusterTestKit.Builder(nodes)
                .setConfigProp("offsets.topic.replication.factor", "1")
                .setConfigProp("transaction.state.log.replication.factor", "1")
                .setConfigProp("transaction.state.log.min.isr", "1")
                .setConfigProp("group.initial.rebalance.delay.ms", "0")
                .build();
        PrintStream stdout = System.out;
        try {
            // the formatter reports on System.out, which is the commands' JSON output; what it says is noise
            System.setOut(new PrintStream(OutputStream.nullOutputStream()));
            cluster.format();
            System.setOut(stdout);
            cluster.startup();
            cluster.waitForReadyBrokers();
        } catch (Exception e) {
            cluster.close();
            throw e;
        } finally {
            System.setOut(stdout);
        }
        return new LocalKafka(cluster);
    }

    public String bootstrapServers() {
        return cluster.bootstrapServers();
    }

    /** Creates a topic with one replica. */
    public void createTopic(String name, int partitions) throws Exception {
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrapServers()))) {
            admin.createTopics(List.of(new NewTopic(name, partitions, (short) 1))).all().get();
        }
    }

    /**
     * Stops the broker the way a crashed or restarted broker process goes away, keeping its log directory and its
     * port; the controller keeps running. Clients see the broker as unreachable until {@link #restartBroker()}.
     */
    public void stopBroker() {
        BrokerServer broker = broker();
        broker.shutdown();
        broker.awaitShutdown();
    }

    /** Starts the broker stopped by {@link #stopBroker()} on the same port and log directory; returns once it serves. */
    public void restartBroker() throws Exception {
        broker().startup();
        cluster.waitForReadyBrokers();
    }

    /** The broker's log directories: where a test can read what the broker wrote, transaction markers included. */
    public List<Path> logDirectories() {
        return cluster.nodes().brokerNodes().values().stream()
                .flatMap(node -> node.logDataDirectories().stream())
                .map(Path::of)
                .toList();
    }

    private BrokerServer broker() {
        return cluster.brokers().values().iterator().next();
    }

    /** Stops the node and deletes its data. */
    @Override
    public void close() throws Exception {
        cluster.close();
    }
}
