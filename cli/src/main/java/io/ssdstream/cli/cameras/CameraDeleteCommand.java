package io.ssdstream.cli.cameras;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code ssd-stream cameras delete}: a tombstone, after which the camera has no zones or lines. */
@Command(name = "delete", mixinStandardHelpOptions = true,
        description = "Remove a camera's zones and lines (publishes a tombstone for its key).")
public final class CameraDeleteCommand implements Callable<Integer> {

    @Mixin
    ConfigTopicOptions topic;

    @Option(names = "--camera-id", required = true, paramLabel = "ID", description = "The camera.")
    String cameraId;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws InterruptedException {
        CameraConfigTopic configs = topic.open();
        configs.requireCompacted();
        configs.publish(cameraId, null);
        spec.commandLine().getOut().println("camera '" + cameraId + "': configuration removed from " + topic.topic);
        return 0;
    }
}
