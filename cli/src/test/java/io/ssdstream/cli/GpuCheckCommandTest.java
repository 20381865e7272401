package io.ssdstream.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ssdstream.ssd.detector.DeviceSelector;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** {@code ssd-stream model gpu-check}: what a machine without a GPU is told, and the checks themselves on the CPU. */
class GpuCheckCommandTest {

    private static final String MODEL = Path.of("..", "models", "demo").toString();

    @Test
    void withoutAGpuItSaysSoInOneLineAndHowToCheckTheCpu() {
        assumeTrue(DeviceSelector.gpuCount() == 0, "this machine has a GPU");
        CliRun run = CliRun.of("model", "gpu-check", "--model", MODEL);

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.out()).isEmpty();
        assertThat(run.err()).startsWith("ssd-stream gpu-check: PyTorch sees no GPU on this machine")
                .contains("-Pgpu", "--device cpu").hasLineCount(1);
    }

    @Test
    void onTheCpuBothPrecisionsAgreeWithFp32WithinTheirTolerances() throws Exception {
        CliRun run = CliRun.of("model", "gpu-check", "--model", MODEL, "--device", "cpu", "--batch-sizes", "1,2",
                "--seconds", "0.3", "--frames", "4");

        assertThat(run.exitCode()).as(run.err()).isZero();
        JsonNode report = new ObjectMapper().readTree(run.out());
        assertThat(report.at("/machine/deviceChecked").asText()).isEqualTo("cpu()");
        assertThat(report.at("/frames/confidentCpuDetections").asInt()).as("something to compare").isPositive();
        for (String precision : new String[] {"FP32", "FP16"}) {
            JsonNode checked = report.at("/precisions/" + precision);
            assertThat(checked.at("/detectionsVsCpuFp32/within").asBoolean()).as(precision).isTrue();
            assertThat(checked.at("/detectionsVsCpuFp32/matched").asInt()).as(precision).isPositive();
            assertThat(checked.at("/framesPerSecondByBatchSize/1").asDouble()).as(precision).isPositive();
            assertThat(checked.at("/framesPerSecondByBatchSize/2").asDouble()).as(precision).isPositive();
        }
        // the same code on the same device: fp32 is the reference itself
        assertThat(report.at("/precisions/FP32/detectionsVsCpuFp32/maxScoreDelta").asDouble()).isZero();
        assertThat(report.at("/problems")).isEmpty();
    }
}
