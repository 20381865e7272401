package io.ssdstream.deploy.flink;

import io.ssdstream.deploy.Manifest;
import io.ssdstream.deploy.Overlays;
import io.ssdstream.deploy.Repository;
import io.ssdstream.deploy.docker.ComposeFile;
import io.ssdstream.deploy.docker.Dockerfile;
import java.util.ArrayList;
import java.util.List;

/**
 * Every place the deployment configures Flink: the FlinkDeployments' {@code flinkConfiguration} as each overlay
 * renders it, the configuration the image bakes in, and the compose services' {@code FLINK_PROPERTIES}.
 */
public final class DeploymentFlinkSettings {

    private DeploymentFlinkSettings() {
    }

    public static List<FlinkSetting> all() {
        List<FlinkSetting> settings = new ArrayList<>();
        for (Manifest deployment : Overlays.flinkDeployments()) {
            deployment.at("spec", "flinkConfiguration").fields().forEachRemaining(entry -> settings.add(
                    new FlinkSetting(deployment.describe(), entry.getKey(), entry.getValue().asText())));
        }
        Dockerfile dockerfile = Dockerfile.read(Repository.docker().resolve("Dockerfile"));
        dockerfile.bakedFlinkConfiguration().forEach((key, value) ->
                settings.add(new FlinkSetting(Repository.relative(dockerfile.context().resolve("Dockerfile")), key, value)));
        for (String file : List.of("compose.yaml", "compose.gpu.yaml")) {
            ComposeFile compose = ComposeFile.read(Repository.docker().resolve(file));
            for (String service : compose.services()) {
                compose.flinkProperties(service).forEach((key, value) ->
                        settings.add(new FlinkSetting(compose.where(service), key, value)));
            }
        }
        return settings;
    }
}
