package io.ssdstream.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * The Flink configuration the FlinkDeployment (k8s/base with the cpu overlay) gives the cluster, read from the
 * manifests, so that the standalone cluster runs with the keys a user deploys with. Only what names Kubernetes or
 * S3 is left out: the cluster puts checkpoints and savepoints on its local disk instead.
 */
record DeploymentConfiguration(Map<String, String> flinkConfiguration, String jobManagerMemory,
                               String taskManagerMemory) {

    /** Keys that only make sense on Kubernetes and S3. */
    private static final Set<String> CLUSTER_INFRASTRUCTURE = Set.of("high-availability.type",
            "high-availability.storageDir", "execution.checkpointing.dir", "execution.checkpointing.savepoint-dir");

    static DeploymentConfiguration cpu() {
        Path k8s = Path.of(System.getProperty("ssd-stream.root")).resolve("k8s");
        JsonNode base = read(k8s.resolve("base/flink-deployment.yaml")).path("spec");
        JsonNode overlay = read(k8s.resolve("overlays/cpu/flink-deployment.yaml")).path("spec");
        Map<String, String> configuration = new LinkedHashMap<>();
        for (JsonNode spec : new JsonNode[] {base, overlay}) {
            spec.path("flinkConfiguration").fields().forEachRemaining(
                    entry -> configuration.put(entry.getKey(), entry.getValue().asText()));
        }
        configuration.keySet().removeAll(CLUSTER_INFRASTRUCTURE);
        return new DeploymentConfiguration(configuration, base.at("/jobManager/resource/memory").asText(),
                overlay.at("/taskManager/resource/memory").asText());
    }

    private static JsonNode read(Path manifest) {
        try {
            return new ObjectMapper(new YAMLFactory()).readTree(manifest.toFile());
        } catch (IOException e) {
            throw new UncheckedIOException("the manifest " + manifest, e);
        }
    }
}
