package io.ssdstream.cli.model;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import io.ssdstream.cli.SsdStreamCli;
import io.ssdstream.ssd.io.ModelArtifact;
import io.ssdstream.ssd.io.ModelMetadata;
import io.ssdstream.ssd.io.StateDict;
import io.ssdstream.ssd.io.TorchSaveFiles;
import io.ssdstream.ssd.io.WeightBinding;
import io.ssdstream.ssd.model.SsdArchitecture;
import io.ssdstream.ssd.model.SsdNetwork;
import io.ssdstream.ssd.preprocess.Normalization;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code model pull} against a real HTTP server on loopback serving a real torch.save checkpoint of a narrow SSD300
 * with COCO's 91 classes, named as torchvision names its files: with the first 8 hex digits of its SHA-256.
 */
class ModelPullCommandTest {

    private static final String TORCHVISION_LIST_START = "__background__ person bicycle car motorcycle airplane bus"
            + " train truck boat traffic light|fire hydrant|N/A|stop sign";

    @TempDir
    static Path fixtures;

    static byte[] checkpoint;
    static String digest;
    static StateDict saved;

    @TempDir
    Path dir;

    record Run(int exitCode, String out, String err) {}

    @BeforeAll
    static void writeCheckpoint() throws Exception {
        try (NDManager manager = NDManager.newBaseManager()) {
            SsdNetwork network = new SsdNetwork(SsdArchitecture.ssd300(91).withWidth(0.0625));
            network.initialize(manager, DataType.FLOAT32, network.inputShape(1));
            saved = WeightBinding.snapshot(network, "fixture");
        }
        Path file = fixtures.resolve("checkpoint.pth");
        TorchSaveFiles.write(file, "ssd300_vgg16_coco", saved);
        checkpoint = Files.readAllBytes(file);
        digest = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(checkpoint));
    }

    private static String fileName(String prefix) {
        return "ssd300_vgg16_coco-" + prefix + ".pth";
    }

    /** torchvision's entry as the product registers it, served from {@code url} instead. */
    private static WeightsRegistry registry(URI url) {
        NamedWeights published = WeightsRegistry.TORCHVISION.named("ssd300_vgg16_coco");
        return new WeightsRegistry(List.of(new NamedWeights(published.name(), url, published.classes(),
                published.normalization())));
    }

    private Run pull(WeightsRegistry registry, String... options) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cli = new CommandLine(new ModelPullCommand(registry, Map.of()));
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
            commandLine.getErr().println(e.getMessage());
            return 1;
        });
        List<String> args = new ArrayList<>(List.of("ssd300_vgg16_coco", "--cache-dir", dir.resolve("cache").toString(),
                "--read-timeout", "2", "--connect-timeout", "2"));
        args.addAll(List.of(options));
        int code = cli.execute(args.toArray(String[]::new));
        return new Run(code, out.toString(), err.toString());
    }

    private List<Path> cached() throws Exception {
        Path cache = dir.resolve("cache");
        if (!Files.isDirectory(cache)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(cache)) {
            return files.map(Path::getFileName).toList();
        }
    }

    @Test
    void aMatchingFileBecomesALoadableArtifactWithCocoNames() throws Exception {
        String name = fileName(digest.substring(0, 8));
        try (WeightsServer server = new WeightsServer("/models/" + name, checkpoint)) {
            Path out = dir.resolve("model");
            Run run = pull(registry(server.url()), "--out", out.toString());

            assertThat(run.exitCode()).as(run.err()).isZero();
            assertThat(run.out()).contains("\"downloaded\":true");
            assertThat(run.err()).contains(name).contains("100%");
            assertThat(Files.readAllBytes(dir.resolve("cache").resolve(name))).isEqualTo(checkpoint);
            assertThat(cached()).containsExactly(Path.of(name));

            ModelArtifact artifact = ModelArtifact.open(out);
            ModelMetadata metadata = artifact.metadata();
            assertThat(metadata.name()).isEqualTo("ssd300_vgg16_coco");
            assertThat(metadata.classes()).hasSize(91);
            assertThat(String.join(" ", metadata.classes().subList(0, 11)) + "|" + metadata.classes().get(11) + "|"
                    + metadata.classes().get(12) + "|" + metadata.classes().get(13)).isEqualTo(TORCHVISION_LIST_START);
            assertThat(metadata.normalization()).isEqualTo(Normalization.TORCHVISION_SSD);
            assertThat(metadata.architecture().numClasses()).isEqualTo(91);
            assertThat(metadata.provenance()).containsEntry("sourceSha256", digest)
                    .containsEntry("url", server.url().toString());
            StateDict weights = artifact.weights();
            assertThat(weights.tensors().keySet()).containsExactlyElementsOf(saved.tensors().keySet());
            String someKey = saved.tensors().keySet().iterator().next();
            assertThat(weights.get(someKey)).isEqualTo(saved.get(someKey));
            assertThat(server.seen()).hasSize(1);
        }
    }

    @Test
    void aMismatchingFileIsRefusedAndNothingIsLeftUnderItsName() throws Exception {
        String wrong = digest.charAt(0) == '0' ? "1" + digest.substring(1, 8) : "0" + digest.substring(1, 8);
        String name = fileName(wrong);
        try (WeightsServer server = new WeightsServer("/models/" + name, checkpoint)) {
            Path out = dir.resolve("model");
            Run run = pull(registry(server.url()), "--out", out.toString());

            assertThat(run.exitCode()).isEqualTo(1);
            String message = run.err().lines().reduce((a, b) -> b).orElseThrow();
            assertThat(message).contains(name).contains(wrong).contains(digest);
            assertThat(cached()).isEmpty();
            assertThat(out).doesNotExist();
        }
    }

    @Test
    void aDownloadCutOffHalfwayIsResumedWithARangeRequest() throws Exception {
        String name = fileName(digest.substring(0, 8));
        try (WeightsServer server = new WeightsServer("/models/" + name, checkpoint)) {
            server.dropHalfway(1);
            Path out = dir.resolve("model");
            Run broken = pull(registry(server.url()), "--out", out.toString());

            assertThat(broken.exitCode()).isEqualTo(1);
            assertThat(broken.err()).contains(server.url().toString()).contains("run the same command again to resume");
            assertThat(cached()).containsExactly(Path.of(name + ".part"));
            long kept = Files.size(dir.resolve("cache").resolve(name + ".part"));
            assertThat(kept).isPositive().isLessThan(checkpoint.length);

            Run resumed = pull(registry(server.url()), "--out", out.toString());

            assertThat(resumed.exitCode()).as(resumed.err()).isZero();
            assertThat(resumed.err()).contains("resuming at");
            assertThat(server.seen()).extracting(WeightsServer.Seen::range).containsExactly(null, "bytes=" + kept + "-");
            assertThat(Files.readAllBytes(dir.resolve("cache").resolve(name))).isEqualTo(checkpoint);
            assertThat(cached()).containsExactly(Path.of(name));
            assertThat(ModelArtifact.open(out).metadata().classes()).hasSize(91);
        }
    }

    @Test
    void aServerThatIsNotThereIsOneClearLineInBoundedTime() throws Exception {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        URI url = URI.create("http://127.0.0.1:" + port + "/models/" + fileName(digest.substring(0, 8)));
        long start = System.nanoTime();
        Run run = pull(registry(url), "--out", dir.resolve("model").toString());

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err()).contains("cannot connect to " + url + " (connection refused)");
        assertThat((System.nanoTime() - start) / 1e9).isLessThan(10);
        assertThat(cached()).isEmpty();
    }

    @Test
    void aServerThatNeverAnswersTimesOut() throws Exception {
        String name = fileName(digest.substring(0, 8));
        try (WeightsServer server = new WeightsServer("/models/" + name, checkpoint)) {
            server.stall(10_000);
            long start = System.nanoTime();
            Run run = pull(registry(server.url()), "--out", dir.resolve("model").toString());

            assertThat(run.exitCode()).isEqualTo(1);
            assertThat(run.err()).contains(server.url() + " did not answer within 2 s");
            assertThat((System.nanoTime() - start) / 1e9).isLessThan(8);
        }
    }

    @Test
    void aBodyThatStopsFlowingTimesOutAndKeepsWhatCame() throws Exception {
        String name = fileName(digest.substring(0, 8));
        try (WeightsServer server = new WeightsServer("/models/" + name, checkpoint)) {
            server.stallHalfway(10_000);
            long start = System.nanoTime();
            Run run = pull(registry(server.url()), "--out", dir.resolve("model").toString());

            assertThat(run.exitCode()).isEqualTo(1);
            assertThat(run.err()).contains("no data from " + server.url() + " for 2 s")
                    .contains("run the same command again to resume");
            assertThat((System.nanoTime() - start) / 1e9).isLessThan(8);
            assertThat(cached()).containsExactly(Path.of(name + ".part"));
            assertThat(Files.size(dir.resolve("cache").resolve(name + ".part"))).isEqualTo(checkpoint.length / 2);
        }
    }

    @Test
    void aMirrorGivenWithFromPassesTheSameCheck() throws Exception {
        String name = fileName(digest.substring(0, 8));
        try (WeightsServer mirror = new WeightsServer("/mirror/weights.pth", checkpoint)) {
            WeightsRegistry unreachable = registry(URI.create("http://127.0.0.1:9/models/" + name));
            Path out = dir.resolve("model");
            Run run = pull(unreachable, "--out", out.toString(), "--from", mirror.url().toString());

            assertThat(run.exitCode()).as(run.err()).isZero();
            assertThat(cached()).containsExactly(Path.of(name));
            assertThat(ModelArtifact.open(out).metadata().provenance()).containsEntry("url", mirror.url().toString());
        }
    }

    @Test
    void theJvmsStandardProxyPropertiesAreFollowed() throws Exception {
        String name = fileName(digest.substring(0, 8));
        try (WeightsServer proxy = new WeightsServer("/models/" + name, checkpoint)) {
            WeightsRegistry published = registry(URI.create("http://weights.example.invalid/models/" + name));
            System.setProperty("http.proxyHost", "127.0.0.1");
            System.setProperty("http.proxyPort", Integer.toString(proxy.url().getPort()));
            Run run;
            try {
                run = pull(published, "--out", dir.resolve("model").toString());
            } finally {
                System.clearProperty("http.proxyHost");
                System.clearProperty("http.proxyPort");
            }

            assertThat(run.exitCode()).as(run.err()).isZero();
            assertThat(proxy.seen()).extracting(WeightsServer.Seen::host).containsExactly("weights.example.invalid");
        }
    }

    @Test
    void aFromThatIsNotHttpIsRefusedByName() {
        Run run = pull(WeightsRegistry.TORCHVISION, "--out", dir.resolve("model").toString(), "--from",
                "file:///srv/weights.pth");

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err()).contains("--from").contains("file:///srv/weights.pth").contains("model import");
    }

    @Test
    void aCachedVerifiedFileIsNotDownloadedAgain() throws Exception {
        String name = fileName(digest.substring(0, 8));
        Files.createDirectories(dir.resolve("cache"));
        Files.write(dir.resolve("cache").resolve(name), checkpoint);
        try (WeightsServer server = new WeightsServer("/models/" + name, checkpoint)) {
            Run run = pull(registry(server.url()), "--out", dir.resolve("model").toString());

            assertThat(run.exitCode()).as(run.err()).isZero();
            assertThat(run.out()).contains("\"downloaded\":false");
            assertThat(server.seen()).isEmpty();
        }
    }

    @Test
    void theCacheDirectoryIsTheOptionThenTheVariableThenXdgThenHome() {
        Path option = Path.of("/opt/weights");
        Map<String, String> both = Map.of("SSD_STREAM_WEIGHTS_CACHE", "/srv/cache", "XDG_CACHE_HOME", "/xdg");
        assertThat(WeightsCache.directory(option, both, "/home/u")).isEqualTo(option);
        assertThat(WeightsCache.directory(null, both, "/home/u")).isEqualTo(Path.of("/srv/cache"));
        assertThat(WeightsCache.directory(null, Map.of("XDG_CACHE_HOME", "/xdg"), "/home/u"))
                .isEqualTo(Path.of("/xdg/ssd-stream/weights"));
        assertThat(WeightsCache.directory(null, Map.of(), "/home/u")).isEqualTo(Path.of("/home/u/.cache/ssd-stream/weights"));
    }

    @Test
    void helpListsTheKnownNames() {
        StringWriter out = new StringWriter();
        CommandLine cli = SsdStreamCli.commandLine();
        cli.setOut(new PrintWriter(out, true));

        assertThat(cli.execute("model", "pull", "--help")).isZero();
        assertThat(out.toString()).contains("ssd300_vgg16_coco").contains("--from=URL").contains("https.proxyHost");
    }

    @Test
    void torchvisionsEntryCarriesThePrefixOfItsPublishedFileName() {
        NamedWeights coco = WeightsRegistry.TORCHVISION.named("ssd300_vgg16_coco");
        assertThat(coco.url()).hasToString("https://download.pytorch.org/models/ssd300_vgg16_coco-b556d3b4.pth");
        assertThat(coco.sha256Prefix()).isEqualTo("b556d3b4");
        assertThat(coco.classes()).hasSize(91);
    }
}
