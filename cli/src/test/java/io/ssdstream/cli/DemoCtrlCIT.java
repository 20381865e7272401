package io.ssdstream.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** {@code bin/ssd-stream demo} as a user starts it, stopped the way a user stops it: Ctrl-C (SIGINT). */
class DemoCtrlCIT {

    private static final Pattern DETECTED = Pattern.compile("detected (\\d+) ");

    @Test
    void ctrlCStopsTheDemoInOrderAndRemovesWhatItCreated() throws Exception {
        Process demo = new ProcessBuilder(Path.of("..", "bin", "ssd-stream").toString(), "demo", "--cameras", "2",
                "--viewer-port", "0", "--web-ui-port", "0", "--summary-interval", "1s")
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        List<String> lines = new CopyOnWriteArrayList<>();
        Thread reader = new Thread(() -> new BufferedReader(new InputStreamReader(demo.getInputStream(),
                StandardCharsets.UTF_8)).lines().forEach(lines::add));
        reader.start();
        try {
            long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(3);
            while (!detectedSomething(lines) && demo.isAlive() && System.nanoTime() < deadline) {
                Thread.sleep(200);
            }
            assertThat(detectedSomething(lines)).as(String.join("\n", lines)).isTrue();

            new ProcessBuilder("kill", "-INT", Long.toString(demo.pid())).start().waitFor();
            assertThat(demo.waitFor(90, TimeUnit.SECONDS)).as("stopped within 90 s").isTrue();
        } finally {
            demo.destroyForcibly();
        }
        reader.join(10_000);
        String out = String.join("\n", lines);
        assertThat(demo.exitValue()).as(out).isZero();
        assertThat(out).containsPattern("all \\d+ frames accounted for: \\d+ detection events, 0 rejected");
        Matcher removed = Pattern.compile("stopped; removed (\\S+)").matcher(out);
        assertThat(removed.find()).as(out).isTrue();
        assertThat(Path.of(removed.group(1))).doesNotExist();
    }

    private static boolean detectedSomething(List<String> lines) {
        return lines.stream().map(DETECTED::matcher).anyMatch(m -> m.find() && Long.parseLong(m.group(1)) > 0);
    }
}
