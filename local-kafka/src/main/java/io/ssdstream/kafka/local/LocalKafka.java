package io.ssdstream.kafka.local;

import java.io.OutputStream;
import java.lang.reflect.Field;
import java.net.Inet6Address;
import java.net.InetAddress;
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

    /** Where {@link #start()} listens: this machine only. */
    public static final String LOOPBACK = "127.0.0.1";

    private final KafkaClusterTestKit cluster;
    private final String clientHost;

    private LocalKafka(KafkaClusterTestKit cluster, String clientHost) {
        this.cluster = cluster;
        this.clientHost = clientHost;
    }

    /** Formats and starts the node listening on loopback only; returns once the broker accepts clients. */
    public static LocalKafka start() throws Exception {
        return start(LOOPBACK);
    }

    /**
     * Formats and starts the node; returns once the broker accepts clients.
     *
     * @param bindAddress the interface the broker serves clients on: loopback keeps the topics (camera pictures)
     *        on this machine, {@code 0.0.0.0} exposes them on every interface, advertised under this machine's
     *        host name. The controller listens on localhost whatever this is: only the broker in this
     *        JVM talks to it.
     */
    public static LocalKafka start(String bindAddress) throws Exception {
        InetAddress address = InetAddress.getByName(bindAddress);
        // clients elsewhere cannot connect to 0.0.0.0: an exposed broker is advertised under this machine's name
        String advertisedHost = address.isAnyLocalAddress()
                ? InetAddress.getLocalHost().getCanonicalHostName()
                : hostLiteral(address);
        String clientHost = address.isAnyLocalAddress() ? "localhost" : hostLiteral(address);
        TestKitNodes nodes = new TestKitNodes.Builder()
                .setCombined(true)
                .setNumBrokerNodes(1)
                .setNumControllerNodes(1)
                .setBootstrapMetadataVersion(MetadataVersion.latestProduction())
                .build();
        KafkaClusterTestKit.Builder builder = new KafkaClusterTestKit.Builder(nodes)
                .setConfigProp("listeners", nodes.brokerListenerName().value() + "://" + hostLiteral(address)
                        + ":0," + nodes.controllerListenerName().value() + "://localhost:0")
                .setConfigProp("advertised.listeners", nodes.brokerListenerName().value() + "://" + advertisedHost
                        + ":0")
                .setConfigProp("offsets.topic.replication.factor", "1")
                .setConfigProp("transaction.state.log.replication.factor", "1")
                .setConfigProp("transaction.state.log.min.isr", "1")
                .setConfigProp("group.initial.rebalance.delay.ms", "0");
        bindListeners(builder, Map.of(nodes.brokerListenerName().value(), address,
                nodes.controllerListenerName().value(), InetAddress.getByName("localhost")));
        KafkaClusterTestKit cluster = builder.build();
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
        return new LocalKafka(cluster, clientHost);
    }

    /**
     * The test kit's builder has no setting for its socket manager, whose sockets listen on every interface; this
     * replaces it before the builder binds anything. {@code ListenersTest} (demo) fails if a Kafka upgrade
     * changes the field.
     */
    private static void bindListeners(KafkaClusterTestKit.Builder builder, Map<String, InetAddress> addresses)
            throws ReflectiveOperationException {
        Field manager = KafkaClusterTestKit.Builder.class.getDeclaredField("socketFactoryManager");
        manager.setAccessible(true);
        manager.set(builder, new ListenerSocketManager(addresses));
    }

    private static String hostLiteral(InetAddress address) {
        String host = address.getHostAddress();
        return address instanceof Inet6Address ? "[" + host + "]" : host;
    }

    /** The broker's address for clients in this JVM. */
    public String bootstrapServers() {
        return clientHost + ":" + broker().boundPort(cluster.nodes().brokerListenerName());
    }

    /** Creates a topic with one replica. */
    public void createTopic(String name, int partitions) throws Exception {
        createTopic(name, partitions, Map.of());
    }

    /** Creates a topic with one replica and the given topic settings, e.g. {@code cleanup.policy=compact}. */
    public void createTopic(String name, int partitions, Map<String, String> settings) throws Exception {
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrapServers()))) {
            admin.createTopics(List.of(new NewTopic(name, partitions, (short) 1).configs(settings))).all().get();
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
