package io.ssdstream.cli.model;

import io.ssdstream.cli.Json;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code ssd-stream model pull NAME}: published weights by name, as torchvision's users get them, downloaded into a
 * cache, verified against the SHA-256 prefix in their file name and imported into a model artifact.
 */
@Command(name = "pull", mixinStandardHelpOptions = true,
        description = "Download published weights by name (torchvision's URL, or --from a mirror) into the cache,"
                + " verify their SHA-256 and write a model artifact. Proxies: the JVM's standard settings"
                + " (-Dhttps.proxyHost, -Dhttps.proxyPort, -Dhttp.nonProxyHosts in JAVA_TOOL_OPTIONS).")
public final class ModelPullCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "NAME", description = "The weights' name: ${COMPLETION-CANDIDATES}.",
            completionCandidates = KnownNames.class)
    String name;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "The artifact directory to write.")
    Path out;

    @Option(names = "--from", paramLabel = "URL", description = "Download from this URL instead (a mirror of the"
            + " same file); it must pass the same hash check.")
    URI from;

    @Option(names = "--cache-dir", paramLabel = "DIR", description = "Where downloads are kept. Default: $"
            + WeightsCache.ENVIRONMENT_VARIABLE + ", else $XDG_CACHE_HOME/ssd-stream/weights, else"
            + " ~/.cache/ssd-stream/weights.")
    Path cacheDir;

    @Option(names = "--connect-timeout", paramLabel = "SECONDS", description = "Longest wait for a connection."
            + " Default: ${DEFAULT-VALUE}.")
    long connectTimeoutSeconds = DownloadSettings.DEFAULTS.connectTimeout().toSeconds();

    @Option(names = "--read-timeout", paramLabel = "SECONDS", description = "Longest wait for the response, and"
            + " for more bytes once it flows. Default: ${DEFAULT-VALUE}.")
    long readTimeoutSeconds = DownloadSettings.DEFAULTS.readTimeout().toSeconds();

    @Spec
    CommandSpec spec;

    private final WeightsRegistry registry;
    private final Map<String, String> environment;

    public ModelPullCommand() {
        this(WeightsRegistry.TORCHVISION, System.getenv());
    }

    ModelPullCommand(WeightsRegistry registry, Map<String, String> environment) {
        this.registry = registry;
        this.environment = environment;
    }

    @Override
    public Integer call() throws Exception {
        NamedWeights weights = registry.named(name);
        ArtifactOut.check(out);
        DownloadSettings settings = new DownloadSettings(Duration.ofSeconds(connectTimeoutSeconds),
                Duration.ofSeconds(readTimeoutSeconds), DownloadSettings.DEFAULTS.maxBytes());
        Path cached = WeightsCache.directory(cacheDir, environment, System.getProperty("user.home"))
                .resolve(weights.fileName());
        URI url = from != null ? from : weights.url();
        if (!"http".equals(url.getScheme()) && !"https".equals(url.getScheme())) {
            throw new IllegalArgumentException("--from must be an http:// or https:// URL, got " + url
                    + " (a file on disk is imported with model import --from FILE)");
        }
        PrintWriter err = spec.commandLine().getErr();
        DownloadProgress progress = new DownloadProgress(err, System.console() != null, weights.fileName());
        boolean downloaded = new WeightsDownload(settings, progress).fetch(url, cached, weights.sha256Prefix());
        if (!downloaded) {
            err.println(weights.fileName() + ": verified copy in the cache, " + cached);
            err.flush();
        }

        ImportedWeights imported = ImportedWeights.read(cached);
        Map<String, String> provenance = new LinkedHashMap<>();
        provenance.put("url", url.toString());
        provenance.put("publishedAs", weights.url().toString());
        Map<String, Object> summary = imported.writeArtifact(out, weights.name(), weights.sha256Prefix(),
                weights.classes(), weights.normalization(), "model pull", provenance);
        summary.put("weights", cached.toString());
        summary.put("downloaded", downloaded);
        spec.commandLine().getOut().println(Json.line(summary));
        return 0;
    }

    /** The registry's names, for {@code --help} and shell completion. */
    static final class KnownNames implements Iterable<String> {
        @Override
        public Iterator<String> iterator() {
            return WeightsRegistry.TORCHVISION.names().iterator();
        }
    }
}
