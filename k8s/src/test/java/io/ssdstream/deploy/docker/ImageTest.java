package io.ssdstream.deploy.docker;

import static org.assertj.core.api.Assertions.assertThat;

import io.ssdstream.deploy.FlinkPods;
import io.ssdstream.deploy.Manifest;
import io.ssdstream.deploy.Overlays;
import io.ssdstream.deploy.Repository;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The image builds on the Flink and PyTorch versions the job is built and tested with, and runs as non-root. */
class ImageTest {

    private final Dockerfile dockerfile = Dockerfile.read(Repository.docker().resolve("Dockerfile"));

    @Test
    void theBaseImageIsTheFlinkReleaseTheJobIsBuiltFor() {
        assertThat(dockerfile.argumentDefault("FLINK_IMAGE"))
                .contains("flink:" + Repository.property("flink.version") + "-java17");
    }

    @Test
    void libtorchAndItsJniLibraryAreTheVersionsTheBuildPins() {
        assertThat(dockerfile.argumentDefault("PYTORCH_VERSION")).contains(Repository.property("pytorch.version"));
        assertThat(dockerfile.argumentDefault("DJL_VERSION")).contains(Repository.property("djl.version"));
    }

    @Test
    void theFinalStageRunsAsTheFlinkUser() {
        assertThat(dockerfile.finalUser()).contains("flink");
    }

    @Test
    void djlFindsLibtorchWithoutDownloadingOrExtracting() {
        List<String> environment = dockerfile.instructions().stream()
                .filter(instruction -> instruction.keyword().equals("ENV"))
                .flatMap(instruction -> List.of(instruction.arguments().split("\\s+")).stream())
                .toList();

        assertThat(environment).contains("PYTORCH_LIBRARY_PATH=/opt/ssd-stream/libtorch",
                "PYTORCH_FLAVOR=${PYTORCH_FLAVOR}", "PYTORCH_VERSION=${PYTORCH_VERSION}",
                "ENGINE_CACHE_DIR=/opt/ssd-stream/djl-cache", "DJL_OFFLINE=true");
    }

    @Test
    void theFilesystemPluginThePodsEnableShipsWithTheImagesFlink() {
        for (Manifest deployment : Overlays.flinkDeployments()) {
            assertThat(FlinkPods.environment(deployment))
                    .filteredOn(variable -> variable.path("name").asText().equals("ENABLE_BUILT_IN_PLUGINS"))
                    .as(deployment.describe())
                    .isNotEmpty()
                    .allSatisfy(plugins -> assertThat(plugins.path("value").asText())
                            .endsWith("-" + Repository.property("flink.version") + ".jar"));
        }
    }

    @Test
    void composeImagesArePinned() {
        for (String file : List.of("compose.yaml", "compose.gpu.yaml")) {
            ComposeFile compose = ComposeFile.read(Repository.docker().resolve(file));
            for (String service : compose.services()) {
                String image = compose.image(service);
                assertThat(image).as(compose.where(service) + " image").isNotNull().contains(":").doesNotEndWith(":latest");
            }
        }
    }
}
