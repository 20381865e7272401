package io.ssdstream.cli.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.ssdstream.tracking.Box;
import io.ssdstream.tracking.Observation;
import io.ssdstream.tracking.metrics.LabelledBox;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A replay must track exactly what the model saw: every detection and truth box comes back bit for bit. */
class FilmedScenesTest {

    @Test
    void savedScenesLoadAsTheyWere(@TempDir Path dir) throws Exception {
        Box seen = new Box(50.244544982910156, 274.1462707519531, 98.8042984008789, 288.0);
        Box truth = new Box(48, 270, 99, 288);
        FilmedScenes.Frame frame = new FilmedScenes.Frame(100, 1,
                List.of(new Observation(seen, "block", 0.012953255325555801)),
                List.of(new Observation(truth, "2", 1)), List.of(new LabelledBox(7, truth)));
        FilmedScenes filmed = new FilmedScenes("models/demo", 6, 60, 10, 0.05, "384x288", 72.2,
                List.of(List.of(frame), List.of()));
        Path file = dir.resolve("scenes.json");

        filmed.save(file);

        assertThat(FilmedScenes.load(file)).isEqualTo(filmed);
    }
}
