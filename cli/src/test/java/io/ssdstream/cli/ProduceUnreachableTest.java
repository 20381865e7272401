package io.ssdstream.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** {@code produce} to an address where no broker listens: one line within the documented bound, and Ctrl-C works. */
class ProduceUnreachableTest {

    @Test
    void anUnreachableBrokerIsOneLineNamingTheAddressWithinTheConnectTimeout() throws IOException {
        String address = "127.0.0.1:" + closedPort();
        long start = System.nanoTime();
        CliRun run = CliRun.of("produce", "synthetic:1", "--bootstrap-servers", address, "--max-frames", "3");
        Duration took = Duration.ofNanos(System.nanoTime() - start);

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err()).isEqualTo("ssd-stream produce: --bootstrap-servers " + address + ": no Kafka broker"
                + " answered within 10 s; is the cluster running and reachable from here?" + System.lineSeparator());
        assertThat(run.out()).isEmpty();
        // the 10 s wait, plus the Kafka client's start and close on a machine shared by parallel builds
        assertThat(took).isBetween(Duration.ofSeconds(10), Duration.ofSeconds(20));
    }

    @Test
    void ctrlCStopsItLongBeforeTheWaitForTheClusterEnds() throws Exception {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Process produce = Terminal.foreground(List.of(java.toString(), "-cp", System.getProperty("java.class.path"),
                SsdStreamCli.class.getName(), "produce", "synthetic:1", "--bootstrap-servers",
                "127.0.0.1:" + closedPort(), "--fps", "0"))
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        try {
            // past the JVM's start and into the wait for the cluster, well before its 10 s bound
            Thread.sleep(4000);
            assertThat(produce.isAlive()).isTrue();
            long start = System.nanoTime();
            Terminal.pressCtrlC(produce);
            // the wait for the cluster would last 6 s more; 5 s leaves room for a JVM's shutdown on a machine
            // shared by parallel builds (2 s failed once under a concurrent compile)
            assertThat(produce.waitFor(5, TimeUnit.SECONDS)).as("stopped within 5 s").isTrue();
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
            assertThat(produce.exitValue()).isNotZero();
        } finally {
            produce.destroyForcibly();
        }
    }

    /** A port nothing listens on: one the system just handed out and took back. */
    private static int closedPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
