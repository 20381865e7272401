package io.ssdstream.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a new user sees: {@code bin/ssd-stream demo} as a process, its stdout and stderr captured whole. The console
 * carries the demo's own lines only; the broker's, Flink's and libtorch's go to the log file the demo names.
 */
class DemoConsoleIT {

    private static final String BUILDING = "ssd-stream: building (first run or sources changed)...";
    /**
     * libtorch's native warnings ({@code [W1202 01:41:21.894104101 LegacyTypeDispatch.h:74] Warning: ...}) are
     * written to the process's stderr by C++ code, beyond the JVM's reach; {@code TORCH_CPP_LOG_LEVEL} does not
     * silence them in the libtorch DJL loads. Everything else is the demo's.
     */
    private static final Pattern LIBTORCH_NATIVE = Pattern.compile("\\[W\\d{4} [\\d:.]+ [\\w.]+:\\d+\\] .*");

    @TempDir
    Path dir;

    @Test
    void theConsoleShowsOnlyTheDemosOwnLinesAndTheModelLoadsBeforeTheCameras() throws Exception {
        Path out = dir.resolve("stdout");
        Path err = dir.resolve("stderr");
        Process demo = new ProcessBuilder(Path.of("..", "bin", "ssd-stream").toString(), "demo", "--cameras", "1",
                "--duration", "20s", "--viewer-port", "0", "--web-ui-port", "0", "--summary-interval", "2s")
                .redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        try {
            assertThat(demo.waitFor(6, TimeUnit.MINUTES)).as("ended within 6 minutes").isTrue();
        } finally {
            demo.destroyForcibly();
        }
        List<String> stdout = Files.readAllLines(out);
        List<String> stderr = Files.readAllLines(err);
        String console = String.join("\n", stdout) + "\n--- stderr ---\n" + String.join("\n", stderr);
        assertThat(demo.exitValue()).as(console).isZero();

        assertThat(stdout).as(console).isNotEmpty().allMatch(line -> line.startsWith("demo"), "a demo line");
        assertThat(stderr).as(console).allMatch(line -> line.equals(BUILDING)
                || LIBTORCH_NATIVE.matcher(line).matches(), "the launcher's build notice or libtorch's own");
        assertThat(stdout).as(console).anyMatch(line -> line.matches("demo: all [1-9]\\d* frames accounted for.*"));

        int loaded = indexOf(stdout, "demo: model loaded");
        int cameras = indexOf(stdout, "synthetic cameras at");
        assertThat(loaded).as(console).isNotNegative().isLessThan(cameras);

        Matcher named = Pattern.compile("demo: log of the broker, Flink and the model runtime in (\\S+)")
                .matcher(String.join("\n", stdout));
        assertThat(named.find()).as(console).isTrue();
        Path log = Path.of(named.group(1));
        try {
            assertThat(Files.readString(log)).as("the log file").contains("QuorumController", "Detector");
        } finally {
            Files.deleteIfExists(log);
        }
    }

    private static int indexOf(List<String> lines, String fragment) {
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).contains(fragment)) {
                return i;
            }
        }
        return -1;
    }
}
