package io.ssdstream.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ModelInfoCommandTest {

    @Test
    void describesTorchvisionsSsd300() throws Exception {
        CliRun run = CliRun.of("model", "info", "--arch", "ssd300", "--classes", "91");
        assertThat(run.exitCode()).as(run.err()).isZero();
        JsonNode info = Json.mapper().readTree(run.out());
        assertThat(info.get("parameters").asLong()).isEqualTo(35_641_826L);
        assertThat(info.get("stateDictTensors").asInt()).isEqualTo(71);
        assertThat(info.get("defaultBoxes").asInt()).isEqualTo(8732);
        List<Integer> sizes = new ArrayList<>();
        info.get("featureMaps").forEach(m -> sizes.add(m.get("size").asInt()));
        assertThat(sizes).containsExactly(38, 19, 10, 5, 3, 1);
    }

    @Test
    void aBadArchitectureIsOneClearLine() {
        CliRun run = CliRun.of("model", "info", "--arch", "ssd640");
        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err().strip()).isEqualTo("ssd-stream info: unknown architecture 'ssd640' (ssd300 or ssd512)");
    }
}
