package io.ssdstream.cli.cameras;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.ssdstream.cli.Json;
import io.ssdstream.job.analytics.CameraConfigs;
import io.ssdstream.schemas.CameraConfig;
import io.ssdstream.zones.config.CameraConfigJson;
import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code ssd-stream cameras list}: every configured camera, one JSON line each, by camera id. */
@Command(name = "list", mixinStandardHelpOptions = true,
        description = "Print every configured camera as a JSON line: cameraId, publishedTime and its config.")
public final class CameraListCommand implements Callable<Integer> {

    @Mixin
    ConfigTopicOptions topic;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws JsonProcessingException {
        PrintWriter out = spec.commandLine().getOut();
        for (Map.Entry<String, CameraConfig> camera : topic.open().readAll().entrySet()) {
            Map<String, Object> line = new LinkedHashMap<>();
            line.put("cameraId", camera.getKey());
            line.put("publishedTime", camera.getValue().getPublishedTime().toString());
            line.put("config", Json.mapper().readTree(
                    CameraConfigJson.write(CameraConfigs.toZones(camera.getValue()))));
            out.println(Json.line(line));
        }
        return 0;
    }
}
