package io.ssdstream.demo.network;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.ssdstream.demo.DemoConfig;
import io.ssdstream.demo.LocalDemo;
import io.ssdstream.job.LocalEnvironment;
import io.ssdstream.kafka.local.LocalKafka;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.flink.api.common.JobStatus;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.CoreOptions;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.sink.v2.DiscardingSink;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What another machine could connect to while the product runs locally: every socket the in-JVM broker and the
 * local Flink open listens on loopback unless the bind address says otherwise. The kernel's own socket tables are
 * the judge, not what the libraries say they bound.
 */
class ListenersTest {

    @TempDir
    Path scratch;

    private Set<InetSocketAddress> before;

    @BeforeEach
    void noteListenersOfEarlierTests() {
        assumeTrue(ListeningSockets.available(), "needs Linux's /proc/self/net/tcp");
        before = ListeningSockets.ofThisProcess();
    }

    @Test
    void kafkaBrokerAndControllerListenOnLoopbackOnlyAlsoAfterABrokerRestart() throws Exception {
        try (LocalKafka kafka = LocalKafka.start()) {
            usable(kafka);
            Set<InetSocketAddress> opened = openedSinceStart();
            assertThat(opened).as("the broker's and the controller's listeners").hasSizeGreaterThanOrEqualTo(2)
                    .allMatch(socket -> socket.getAddress().isLoopbackAddress(), "on loopback");

            kafka.stopBroker();
            kafka.restartBroker();
            usable(kafka);
            assertThat(openedSinceStart()).as("after the restart").isEqualTo(opened);
        }
    }

    @Test
    void kafkaBrokerListensOnEveryInterfaceWhenAsked() throws Exception {
        try (LocalKafka kafka = LocalKafka.start("0.0.0.0")) {
            usable(kafka);
            Set<InetSocketAddress> opened = openedSinceStart();
            int brokerPort = Integer.parseInt(kafka.bootstrapServers().replaceAll(".*:", ""));
            assertThat(opened).filteredOn(socket -> socket.getPort() == brokerPort)
                    .singleElement().matches(socket -> socket.getAddress().isAnyLocalAddress(), "on 0.0.0.0");
            assertThat(opened).filteredOn(socket -> socket.getPort() != brokerPort).as("the controller")
                    .isNotEmpty().allMatch(socket -> socket.getAddress().isLoopbackAddress(), "on loopback");
        }
    }

    @Test
    void localFlinkListensOnLoopbackOnly() throws Exception {
        Set<InetSocketAddress> opened = whileAJobRuns(LocalEnvironment.LOOPBACK);
        assertThat(opened).as("Flink's web UI and blob server at least").hasSizeGreaterThanOrEqualTo(2)
                .allMatch(socket -> socket.getAddress().isLoopbackAddress(), "on loopback");
    }

    @Test
    void localFlinkListensOnEveryInterfaceWhenAsked() throws Exception {
        Set<InetSocketAddress> opened = whileAJobRuns("0.0.0.0");
        assertThat(opened).as("Flink's web UI and blob server at least").hasSizeGreaterThanOrEqualTo(2)
                .allMatch(socket -> socket.getAddress().isAnyLocalAddress(), "on 0.0.0.0");
    }

    @Test
    void theDemoListensOnLoopbackOnly() throws Exception {
        DemoConfig defaults = DemoConfig.DEFAULTS;
        DemoConfig config = new DemoConfig(Path.of("..").resolve(defaults.model()), 1, defaults.fps(),
                defaults.frameWidth(), defaults.frameHeight(), 1, Duration.ZERO, 0, freePort(),
                defaults.bindAddress(), defaults.summaryInterval(), defaults.scoreThreshold(), defaults.delivery(),
                defaults.checkpointInterval(), defaults.countWindow());
        try (LocalDemo demo = LocalDemo.start(config, new PrintWriter(OutputStream.nullOutputStream(), true))) {
            Set<InetSocketAddress> opened = openedSinceStart();
            assertThat(opened).as("broker, controller, Flink's web UI and blob server, viewer")
                    .hasSizeGreaterThanOrEqualTo(5)
                    .allMatch(socket -> socket.getAddress().isLoopbackAddress(), "on loopback");
        }
    }

    private Set<InetSocketAddress> whileAJobRuns(String bindAddress) throws Exception {
        Configuration flink = new Configuration();
        flink.set(CoreOptions.TMP_DIRS, scratch.toString());
        StreamExecutionEnvironment env = LocalEnvironment.create(flink, freePort(), bindAddress);
        env.fromSequence(0, Long.MAX_VALUE).sinkTo(new DiscardingSink<>());
        JobClient job = env.executeAsync("listeners");
        try {
            long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(1);
            while (job.getJobStatus().get() != JobStatus.RUNNING && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
            assertThat(job.getJobStatus().get()).isEqualTo(JobStatus.RUNNING);
            return openedSinceStart();
        } finally {
            job.cancel().get(30, TimeUnit.SECONDS);
        }
    }

    private Set<InetSocketAddress> openedSinceStart() {
        Set<InetSocketAddress> opened = new HashSet<>(ListeningSockets.ofThisProcess());
        opened.removeAll(before);
        return opened;
    }

    /** A round trip through the broker, so that every listener it needs is up. */
    private static void usable(LocalKafka kafka) throws Exception {
        String topic = "probe-" + UUID.randomUUID();
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", kafka.bootstrapServers()))) {
            admin.createTopics(List.of(new NewTopic(topic, 1, (short) 1))).all().get(30, TimeUnit.SECONDS);
            assertThat(admin.listTopics().names().get(30, TimeUnit.SECONDS)).contains(topic);
        }
    }

    private static int freePort() throws Exception {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
