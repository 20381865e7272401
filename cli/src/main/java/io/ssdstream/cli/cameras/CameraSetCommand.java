package io.ssdstream.cli.cameras;

import io.ssdstream.job.analytics.CameraConfigs;
import io.ssdstream.ssd.io.ModelArtifact;
import io.ssdstream.zones.config.CameraConfig;
import io.ssdstream.zones.config.CameraConfigJson;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code ssd-stream cameras set}: validates a configuration document completely, then publishes it. Nothing is sent
 * when the document is refused, so a typo never replaces a camera's working configuration.
 */
@Command(name = "set", mixinStandardHelpOptions = true,
        description = "Validate a camera's zones and lines (JSON, see docs/zones.md) and publish them.")
public final class CameraSetCommand implements Callable<Integer> {

    @Mixin
    ConfigTopicOptions topic;

    @Option(names = "--camera-id", required = true, paramLabel = "ID",
            description = "The camera (its cameraId, which is also the message key).")
    String cameraId;

    @Option(names = "--config", required = true, paramLabel = "FILE.json", description = "The configuration document.")
    Path config;

    @Option(names = "--model", paramLabel = "DIR",
            description = "Model directory whose classes the zones and lines may name, checked before sending. Without"
                    + " it any class name is sent, and a job running a model without that class refuses the"
                    + " configuration (dead-lettered INVALID_CONFIG; the previous one stays active).")
    Path model;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws IOException, InterruptedException {
        if (cameraId.isBlank()) {
            throw new IllegalArgumentException("--camera-id must not be blank");
        }
        CameraConfig parsed = parse();
        CameraConfigTopic configs = topic.open();
        configs.requireCompacted();
        configs.publish(cameraId, CameraConfigs.toRecord(cameraId, parsed, Instant.now()));
        spec.commandLine().getOut().println("camera '" + cameraId + "': " + parsed.zones().size() + " zones, "
                + parsed.lines().size() + " lines published to " + topic.topic);
        return 0;
    }

    private CameraConfig parse() throws IOException {
        String json = Files.readString(config, StandardCharsets.UTF_8);
        try {
            if (model == null) {
                return CameraConfigJson.parse(json);
            }
            List<String> classes = ModelArtifact.open(model).metadata().classes();
            // index 0 is the background, which no zone can follow
            return CameraConfigJson.parse(json, classes.subList(1, classes.size()));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(config + ": " + e.getMessage() + "; nothing was published", e);
        }
    }
}
