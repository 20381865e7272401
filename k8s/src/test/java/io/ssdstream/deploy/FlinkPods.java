package io.ssdstream.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;

/** The containers a FlinkDeployment's pod templates declare: the shared one, the JobManager's and the TaskManagers'. */
public final class FlinkPods {

    private FlinkPods() {
    }

    public static List<JsonNode> containers(Manifest deployment) {
        List<JsonNode> containers = new ArrayList<>();
        for (JsonNode template : List.of(deployment.at("spec", "podTemplate"),
                deployment.at("spec", "jobManager", "podTemplate"), deployment.at("spec", "taskManager", "podTemplate"))) {
            template.at("/spec/containers").forEach(containers::add);
        }
        return containers;
    }

    /** Every {@code env} entry of every container. */
    public static List<JsonNode> environment(Manifest deployment) {
        List<JsonNode> variables = new ArrayList<>();
        containers(deployment).forEach(container -> container.path("env").forEach(variables::add));
        return variables;
    }

    /** Every container's mount paths. */
    public static List<String> mountPaths(Manifest deployment) {
        List<String> paths = new ArrayList<>();
        containers(deployment).forEach(container ->
                container.path("volumeMounts").forEach(mount -> paths.add(mount.path("mountPath").asText())));
        return paths;
    }
}
