package io.ssdstream.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.ssdstream.ssd.io.ModelArtifact;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.function.Supplier;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code job} with a model or a Kafka cluster it cannot use: it must end with the cause on one line and a non-zero
 * exit, within seconds, instead of restarting forever (which the timeout turns into a failure).
 */
@Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class JobCommandTest {

    /** Model loading and Kafka's timeout with room for a slow shared machine; far below a restart loop. */
    private static final Duration BOUND = Duration.ofSeconds(30);

    @TempDir
    static Path dir;

    private static Path goodModel;

    @BeforeAll
    static void writeModel() {
        goodModel = dir.resolve("good");
        CliRun init = CliRun.of("model", "init", "--out", goodModel.toString(), "--classes", "3", "--width", "0.0625");
        assertThat(init.exitCode()).as(init.err()).isZero();
    }

    /** A copy of the good model for one test to damage. */
    private static Path copyOfGoodModel(String name) throws IOException {
        Path copy = Files.createDirectories(dir.resolve(name));
        try (var files = Files.list(goodModel)) {
            for (Path file : files.toList()) {
                Files.copy(file, copy.resolve(file.getFileName()));
            }
        }
        return copy;
    }

    /** A port on this machine that nothing listens on. */
    private static int closedPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    /** The model tests give an unreachable broker too: the model is checked first, and its error is the one shown. */
    private static CliRun job(String bootstrapServers, Path model) {
        return CliRun.of("job", "--bootstrap-servers", bootstrapServers, "--model", model.toString(),
                "--web-ui-port", "0");
    }

    private static CliRun timed(Supplier<CliRun> run) {
        long start = System.nanoTime();
        CliRun result = run.get();
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(BOUND);
        return result;
    }

    private static void assertOneLineNaming(CliRun run, String... parts) {
        assertThat(run.exitCode()).isNotZero();
        assertThat(run.err().lines().toList()).as(run.err()).hasSize(1);
        assertThat(run.err()).startsWith("ssd-stream job: ").contains(parts);
    }

    @Test
    void aMissingModelDirectoryIsNamed() throws Exception {
        Path missing = dir.resolve("nope");
        String broker = "127.0.0.1:" + closedPort();
        CliRun run = timed(() -> job(broker, missing));
        assertOneLineNaming(run, "--model", missing.toString());
    }

    @Test
    void aCorruptModelJsonIsNamed() throws Exception {
        Path model = copyOfGoodModel("corrupt-json");
        Files.writeString(model.resolve(ModelArtifact.METADATA_FILE), "{\"format\": \"ssd-stream-model\", \"arch");
        String broker = "127.0.0.1:" + closedPort();
        CliRun run = timed(() -> job(broker, model));
        assertOneLineNaming(run, "--model", model.toString());
    }

    @Test
    void truncatedWeightsAreNamed() throws Exception {
        Path model = copyOfGoodModel("truncated-weights");
        Path weights = model.resolve(ModelArtifact.WEIGHTS_FILE);
        try (FileChannel channel = FileChannel.open(weights, StandardOpenOption.WRITE)) {
            channel.truncate(channel.size() / 2);
        }
        String broker = "127.0.0.1:" + closedPort();
        CliRun run = timed(() -> job(broker, model));
        assertOneLineNaming(run, "--model", ModelArtifact.WEIGHTS_FILE);
    }

    @Test
    void anUnreachableBrokerIsNamedWithItsAddress() throws Exception {
        String address = "127.0.0.1:" + closedPort();
        CliRun run = timed(() -> job(address, goodModel));
        assertOneLineNaming(run, "--bootstrap-servers " + address, "no Kafka broker answered");
    }

    @Test
    void anUnresolvableBrokerIsNamed() {
        CliRun run = timed(() -> job("kafka.invalid:9092", goodModel));
        assertOneLineNaming(run, "--bootstrap-servers kafka.invalid:9092");
    }

}
