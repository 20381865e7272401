package io.ssdstream.cli.cameras;

import io.ssdstream.job.analytics.CameraConfigs;
import io.ssdstream.schemas.CameraConfig;
import io.ssdstream.zones.config.CameraConfigJson;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code ssd-stream cameras get}: one camera's current configuration, as a document {@code set} accepts. */
@Command(name = "get", mixinStandardHelpOptions = true,
        description = "Print a camera's current zones and lines as JSON in pixels (what set accepts).")
public final class CameraGetCommand implements Callable<Integer> {

    @Mixin
    ConfigTopicOptions topic;

    @Option(names = "--camera-id", required = true, paramLabel = "ID", description = "The camera.")
    String cameraId;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        CameraConfig record = topic.open().readAll().get(cameraId);
        if (record == null) {
            throw new IllegalArgumentException("camera '" + cameraId + "' has no configuration in topic "
                    + topic.topic);
        }
        spec.commandLine().getOut().println(CameraConfigJson.write(CameraConfigs.toZones(record)));
        return 0;
    }
}
