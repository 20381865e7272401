package io.ssdstream.deploy.model;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.ssdstream.deploy.Manifest;
import io.ssdstream.deploy.yaml.StrictYaml;
import io.strimzi.api.kafka.model.topic.KafkaTopic;
import io.strimzi.api.kafka.model.user.KafkaUser;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.flink.kubernetes.operator.api.FlinkDeployment;

/**
 * Binds manifests to the typed models their controllers are built on: the Flink Kubernetes Operator's API,
 * Strimzi's API and fabric8's core model, with unknown fields rejected.
 */
public final class TypedModels {

    private static final Map<String, Class<? extends HasMetadata>> TYPES = Map.of(
            "flink.apache.org/v1beta1 FlinkDeployment", FlinkDeployment.class,
            "kafka.strimzi.io/v1 KafkaTopic", KafkaTopic.class,
            "kafka.strimzi.io/v1 KafkaUser", KafkaUser.class,
            "v1 PersistentVolumeClaim", PersistentVolumeClaim.class);

    private TypedModels() {
    }

    /** The manifest as its typed model; fails naming the manifest and the offending field. */
    public static HasMetadata bind(Manifest manifest) {
        Class<? extends HasMetadata> type = TYPES.get(manifest.apiVersion() + " " + manifest.kind());
        if (type == null) {
            throw new InvalidManifestException(manifest.describe() + ": no typed model for apiVersion "
                    + manifest.apiVersion() + " kind " + manifest.kind() + "; known: "
                    + TYPES.keySet().stream().sorted().collect(Collectors.joining(", ")));
        }
        try {
            return StrictYaml.mapper().treeToValue(OperatorFlinkVersion.checked(manifest), type);
        } catch (UnrecognizedPropertyException e) {
            throw new InvalidManifestException(manifest.describe() + ": unknown field " + FieldPath.of(e)
                    + " (not in " + e.getReferringClass().getSimpleName() + ")", e);
        } catch (JsonMappingException e) {
            throw new InvalidManifestException(
                    manifest.describe() + ": " + FieldPath.of(e) + ": " + e.getOriginalMessage(), e);
        } catch (JsonProcessingException e) {
            throw new InvalidManifestException(manifest.describe() + ": " + e.getOriginalMessage(), e);
        }
    }
}
