package io.ssdstream.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.ssdstream.deploy.model.InvalidManifestException;
import io.ssdstream.deploy.model.TypedModels;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.apache.flink.kubernetes.operator.api.FlinkDeployment;
import org.apache.flink.kubernetes.operator.api.spec.UpgradeMode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Every manifest binds to the typed model of its controller, and a misspelled field anywhere fails the build. */
class TypedManifestsTest {

    private static final Path FLINK_DEPLOYMENT = Repository.k8s().resolve("base/flink-deployment.yaml");
    private static final Path KAFKA_TOPICS = Repository.k8s().resolve("base/kafka-topics.yaml");

    @TempDir
    Path temp;

    static Stream<Manifest> manifestFiles() {
        return ManifestFiles.under(Repository.k8s().resolve("base")).stream();
    }

    static Stream<Manifest> patchFiles() {
        return ManifestFiles.under(Repository.k8s().resolve("overlays")).stream();
    }

    static Stream<Manifest> renderedOverlays() {
        return Overlays.all().stream().flatMap(overlay -> Overlays.render(overlay).stream());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("manifestFiles")
    void everyBaseManifestBindsToItsTypedModel(Manifest manifest) {
        assertThat(TypedModels.bind(manifest).getMetadata().getName()).isEqualTo(manifest.name());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("patchFiles")
    void everyOverlayPatchBindsAsAPartialObject(Manifest patch) {
        TypedModels.bind(patch);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("renderedOverlays")
    void everyRenderedObjectBindsToItsTypedModel(Manifest manifest) {
        HasMetadata bound = TypedModels.bind(manifest);
        assertThat(bound.getMetadata().getLabels()).containsEntry("app.kubernetes.io/name", "ssd-stream");
    }

    @Test
    void theBindingReadsTheValuesTheOperatorActsOn() {
        FlinkDeployment deployment = (FlinkDeployment) TypedModels.bind(ManifestFiles.read(FLINK_DEPLOYMENT).get(0));

        assertThat(deployment.getSpec().getJob().getUpgradeMode()).isEqualTo(UpgradeMode.SAVEPOINT);
        assertThat(deployment.getSpec().getJobManager().getReplicas()).isEqualTo(1);
    }

    @Test
    void aMisspelledFieldOfTheFlinkDeploymentFailsNamingFileAndField() throws IOException {
        Path file = mutated(FLINK_DEPLOYMENT, "    upgradeMode: savepoint", "    upgradeMod: savepoint");

        assertThatThrownBy(() -> bindAll(file))
                .isInstanceOf(InvalidManifestException.class)
                .hasMessageContaining(file.toString())
                .hasMessageContaining("FlinkDeployment ssd-stream")
                .hasMessageContaining("unknown field spec.job.upgradeMod");
    }

    @Test
    void aMisspelledFieldInAnOverlayFailsTheRenderedObject() throws IOException {
        Path k8s = copyOfK8s();
        Path patch = k8s.resolve("overlays/gpu/flink-deployment.yaml");
        Files.writeString(patch, Files.readString(patch).replace("nodeSelector:", "nodeSelecter:"));

        assertThatThrownBy(() -> Overlays.render(k8s.resolve("overlays/gpu")).forEach(TypedModels::bind))
                .isInstanceOf(InvalidManifestException.class)
                .hasMessageContaining(k8s.resolve("overlays/gpu") + " (" + k8s.resolve("base/flink-deployment.yaml") + ")")
                .hasMessageContaining("unknown field spec.taskManager.podTemplate.spec.nodeSelecter");
    }

    @Test
    void aMisspelledFieldOfAPodTemplateFails() throws IOException {
        // fabric8's core model would keep it in additionalProperties
        Path file = mutated(FLINK_DEPLOYMENT, "          volumeMounts:", "          volumeMount:");

        assertThatThrownBy(() -> bindAll(file))
                .hasMessageContaining("unknown field spec.podTemplate.spec.containers[0].volumeMount");
    }

    @Test
    void aMisspelledFieldOfAKafkaTopicFails() throws IOException {
        // Strimzi's model would keep it in additionalProperties
        Path file = mutated(KAFKA_TOPICS, "  partitions: 6", "  partition: 6");

        assertThatThrownBy(() -> bindAll(file))
                .hasMessageContaining("KafkaTopic frames-rejected")
                .hasMessageContaining("unknown field spec.partition");
    }

    @Test
    void aNumberWhereTheApiWantsAStringFails() throws IOException {
        Path file = mutated(FLINK_DEPLOYMENT, "taskmanager.numberOfTaskSlots: \"2\"", "taskmanager.numberOfTaskSlots: 2");

        assertThatThrownBy(() -> bindAll(file))
                .hasMessageContaining("spec.flinkConfiguration.taskmanager.numberOfTaskSlots");
    }

    @Test
    void aDuplicateKeyFails() throws IOException {
        Path file = mutated(FLINK_DEPLOYMENT, "  mode: native", "  mode: native\n  mode: standalone");

        assertThatThrownBy(() -> bindAll(file)).hasMessageContaining("Duplicate field 'mode'");
    }

    @Test
    void aFlinkVersionOtherThanTheBuildsFails() throws IOException {
        Path file = mutated(FLINK_DEPLOYMENT, "  flinkVersion: v2_2", "  flinkVersion: v2_1");

        assertThatThrownBy(() -> bindAll(file))
                .hasMessageContaining("spec.flinkVersion is v2_1, but the job is built for Flink 2.2");
    }

    @Test
    void aKindWithoutATypedModelFails() throws IOException {
        Path file = temp.resolve("unknown.yaml");
        Files.writeString(file, "apiVersion: example.com/v1\nkind: Widget\nmetadata:\n  name: w\n");

        assertThatThrownBy(() -> bindAll(file)).hasMessageContaining("no typed model for apiVersion example.com/v1 kind Widget");
    }

    private Path mutated(Path original, String text, String replacement) throws IOException {
        String content = Files.readString(original);
        assertThat(content).as("the mutation's anchor in %s", original).contains(text);
        Path copy = temp.resolve(original.getFileName());
        Files.writeString(copy, content.replace(text, replacement));
        return copy;
    }

    private Path copyOfK8s() throws IOException {
        Path copy = temp.resolve("k8s");
        try (Stream<Path> files = Files.walk(Repository.k8s())) {
            for (Path file : files.filter(file -> file.toString().endsWith(".yaml")).toList()) {
                Path target = copy.resolve(Repository.k8s().relativize(file));
                Files.createDirectories(target.getParent());
                Files.copy(file, target);
            }
        }
        return copy;
    }

    private static List<HasMetadata> bindAll(Path file) {
        return ManifestFiles.read(file).stream().map(TypedModels::bind).toList();
    }
}
