package io.ssdstream.deploy.flink;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Every Flink option the deployment sets exists, under that name, in the Flink version the job is built for. */
class FlinkConfigurationTest {

    private final FlinkOptions options = FlinkOptions.ofBuild();

    @Test
    void everyKeyTheDeploymentSetsIsAFlinkOption() {
        List<FlinkSetting> settings = DeploymentFlinkSettings.all();

        List<String> problems = settings.stream()
                .flatMap(setting -> options.problem(setting.key()).map(problem -> setting.origin() + ": " + problem).stream())
                .toList();

        assertThat(settings).extracting(FlinkSetting::origin)
                .anyMatch(origin -> origin.contains("FlinkDeployment"))
                .anyMatch(origin -> origin.endsWith("docker/Dockerfile"))
                .anyMatch(origin -> origin.endsWith("compose.yaml services.taskmanager"));
        assertThat(problems).isEmpty();
    }

    @Test
    void optionsOfEveryScannedModuleAreKnown() {
        assertThat(options.problem("taskmanager.numberOfTaskSlots")).isEmpty();
        assertThat(options.problem("job-result-store.storage-path")).isEmpty();
        assertThat(options.problem("kubernetes.cluster-id")).isEmpty();
        assertThat(options.problem("high-availability.kubernetes.leader-election.lease-duration")).isEmpty();
        assertThat(options.problem("metrics.reporter.prom.factory.class")).isEmpty();
    }

    @Test
    void aMisspelledKeyIsUnknown() {
        assertThat(options.problem("taskmanager.numberOfTaskSlot")).contains("unknown Flink option taskmanager.numberOfTaskSlot");
        assertThat(options.problem("metrics.reporter.prom.factory.clas"))
                .contains("unknown Flink option metrics.reporter.prom.factory.clas");
    }

    @Test
    void aKeyRenamedInFlink2IsReportedWithItsReplacement() {
        assertThat(options.problem("state.checkpoints.dir"))
                .contains("deprecated Flink key state.checkpoints.dir, use execution.checkpointing.dir");
    }

    @Test
    void operatorOptionsAreNotFlinkOptions() {
        assertThat(options.problem("kubernetes.operator.periodic.savepoint.interval")).isPresent();
    }
}
