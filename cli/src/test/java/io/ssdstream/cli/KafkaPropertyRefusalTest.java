package io.ssdstream.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * {@code produce} and {@code view} refuse, as {@code job} does, the Kafka properties they set themselves: passed
 * through, they would silently win over the options and the guarantees. Refused before any connection is tried
 * (the broker address is unroutable on purpose).
 */
class KafkaPropertyRefusalTest {

    @ParameterizedTest(name = "{0} --kafka-property {1}")
    @CsvSource({
        "produce, bootstrap.servers=elsewhere:9092, is set by the producer; use --bootstrap-servers",
        "produce, acks=1, is set by the producer; frames are written with acks=all",
        "produce, enable.idempotence=false, is set by the producer; frames are written idempotently",
        "produce, value.serializer=x, is set by the producer; frames are written in the wire format",
        "view, bootstrap.servers=elsewhere:9092, is set by the viewer; use --bootstrap-servers",
        "view, isolation.level=read_uncommitted, is set by the viewer; the viewer reads read_committed",
        "view, value.deserializer=x, is set by the viewer; the viewer reads the contracts' wire format"})
    void reservedKeysAreRefusedWithWhatToDoInstead(String command, String property, String refusal) {
        String key = property.substring(0, property.indexOf('='));
        CliRun run = command.equals("produce")
                ? CliRun.of("produce", "synthetic:5", "--bootstrap-servers", "192.0.2.1:9092", "--kafka-property",
                        "security.protocol=PLAINTEXT", "--kafka-property", property)
                : CliRun.of("view", "--bootstrap-servers", "192.0.2.1:9092", "--kafka-property",
                        "security.protocol=PLAINTEXT", "--kafka-property", property);
        assertThat(run.exitCode()).as(run.err()).isEqualTo(1);
        assertThat(run.err()).startsWith("ssd-stream " + command + ": --kafka-property " + key + " " + refusal);
    }
}
