package io.ssdstream.deploy.job;

import static org.assertj.core.api.Assertions.assertThat;

import io.ssdstream.deploy.FlinkPods;
import io.ssdstream.deploy.Manifest;
import io.ssdstream.deploy.Overlays;
import io.ssdstream.deploy.Repository;
import io.ssdstream.deploy.docker.ComposeFile;
import io.ssdstream.deploy.docker.Dockerfile;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The deployments start the job jar the image holds, with a main class and arguments the job accepts. */
class JobWiringTest {

    static Stream<Manifest> flinkDeployments() {
        return Overlays.flinkDeployments().stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("flinkDeployments")
    void theFlinkDeploymentNamesTheJobsMainClassAndArgumentsItAccepts(Manifest deployment) {
        assertThat(deployment.at("spec", "job", "entryClass").asText()).isEqualTo(JobArguments.mainClass());
        assertThat(JobArguments.problem(arguments(deployment))).as(deployment.describe()).isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("flinkDeployments")
    void theJarUriIsTheJobJarTheImageHolds(Manifest deployment) {
        Dockerfile dockerfile = Dockerfile.read(Repository.docker().resolve("Dockerfile"));

        assertThat(dockerfile.contextSources())
                .filteredOn(source -> source.source().endsWith("/ssd-stream-job.jar"))
                .extracting(source -> "local://" + source.destination())
                .containsExactly(deployment.at("spec", "job", "jarURI").asText());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("flinkDeployments")
    void theModelIsOnAVolumeEveryPodMounts(Manifest deployment) {
        List<String> arguments = arguments(deployment);
        String model = arguments.get(arguments.indexOf("--model") + 1);

        assertThat(FlinkPods.mountPaths(deployment)).as(deployment.describe())
                .anyMatch(mount -> model.startsWith(mount + "/"));
    }

    @Test
    void theComposeStackStartsTheJobWithArgumentsItAccepts() {
        ComposeFile compose = ComposeFile.read(Repository.docker().resolve("compose.yaml"));
        List<String> command = compose.command("jobmanager");

        assertThat(command.subList(0, 3)).containsExactly("standalone-job", "--job-classname", JobArguments.mainClass());
        assertThat(JobArguments.problem(command.subList(3, command.size()))).isEmpty();
    }

    @Test
    void aMisspelledOptionIsRefused() {
        assertThat(JobArguments.problem(List.of("--bootstrap-servers", "kafka:9092", "--model", "/m", "--batchsize", "4")))
                .hasValueSatisfying(problem -> assertThat(problem).contains("--batchsize"));
    }

    @Test
    void aMissingRequiredOptionIsRefused() {
        assertThat(JobArguments.problem(List.of("--model", "/m")))
                .hasValueSatisfying(problem -> assertThat(problem).contains("--bootstrap-servers"));
    }

    private static List<String> arguments(Manifest deployment) {
        List<String> arguments = new ArrayList<>();
        deployment.at("spec", "job", "args").forEach(argument -> arguments.add(argument.asText()));
        return arguments;
    }
}
