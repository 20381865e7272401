package io.ssdstream.kafka.preflight;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ssdstream.kafka.local.LocalKafka;
import java.io.IOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class KafkaPreflightTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(2);

    @Test
    void aRunningBrokerPasses() throws Exception {
        try (LocalKafka kafka = LocalKafka.start()) {
            assertThatCode(() -> KafkaPreflight.requireReachable(kafka.bootstrapServers(),
                    Map.of("client.id", "preflight-test"), TIMEOUT)).doesNotThrowAnyException();
        }
    }

    @Test
    void aClosedPortIsNamedWithinTheTimeout() throws IOException {
        String address = "127.0.0.1:" + closedPort();
        long start = System.nanoTime();

        assertThatThrownBy(() -> KafkaPreflight.requireReachable(address, Map.of(), TIMEOUT))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("--bootstrap-servers " + address + ": no Kafka broker answered within 2 s; is the cluster"
                        + " running and reachable from here?");
        // the timeout plus the second the admin client is given to close
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(TIMEOUT.plusSeconds(3));
    }

    @Test
    void anUnresolvableHostIsNamedOnOneLine() {
        assertThatThrownBy(() -> KafkaPreflight.requireReachable("kafka.invalid:9092", Map.of(), TIMEOUT))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageStartingWith("--bootstrap-servers kafka.invalid:9092: ")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
    }

    private static int closedPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
