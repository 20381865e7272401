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

/**
 * {@code bin/ssd-stream demo} stopped the two ways users stop it: Ctrl-C (SIGINT) in a terminal, and SIGTERM for a
 * demo a script started in the background, where the shell makes it ignore SIGINT.
 */
class DemoCtrlCIT {

    private static final Pattern DETECTED = Pattern.compile("detected (\\d+) ");

    private static final List<String> DEMO = List.of(Path.of("..", "bin", "ssd-stream").toString(), "demo",
            "--cameras", "2", "--viewer-port", "0", "--web-ui-port", "0", "--summary-interval", "1s");

    @Test
    void ctrlCStopsTheDemoInOrderAndRemovesWhatItCreated() throws Exception {
        Process demo = Terminal.foreground(DEMO).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        stopsInOrder(demo, lines(demo), demo.pid(), "-INT");
    }

    /**
     * A script's background job: non-interactive bash starts it with SIGINT ignored, so Ctrl-C's signal would do
     * nothing; SIGTERM (what {@code kill PID} sends) must stop it just as cleanly.
     */
    @Test
    void sigtermStopsADemoAScriptStartedInTheBackground() throws Exception {
        Process script = new ProcessBuilder("bash", "-c", String.join(" ", DEMO) + " & echo $!; wait $!")
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        BufferedReader output = lines(script);
        long demoPid = Long.parseLong(output.readLine().trim());
        try {
            stopsInOrder(script, output, demoPid, "-TERM");
        } finally {
            ProcessHandle.of(demoPid).ifPresent(ProcessHandle::destroyForcibly);
        }
    }

    /** Waits for detections in {@code output}, signals {@code target}, checks that {@code demo} stopped in order. */
    private static void stopsInOrder(Process demo, BufferedReader output, long target, String signal) throws Exception {
        List<String> lines = new CopyOnWriteArrayList<>();
        Thread reader = new Thread(() -> output.lines().forEach(lines::add));
        reader.start();
        try {
            long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(3);
            while (!detectedSomething(lines) && demo.isAlive() && System.nanoTime() < deadline) {
                Thread.sleep(200);
            }
            assertThat(detectedSomething(lines)).as(String.join("\n", lines)).isTrue();

            new ProcessBuilder("kill", signal, Long.toString(target)).start().waitFor();
            assertThat(demo.waitFor(90, TimeUnit.SECONDS)).as("stopped within 90 s").isTrue();
        } finally {
            demo.destroyForcibly();
        }
        reader.join(10_000);
        String out = String.join("\n", lines);
        assertThat(demo.exitValue()).as(out).isZero();
        assertThat(out).containsPattern(
                "all \\d+ frames accounted for: [1-9]\\d* detection events, \\d+ shed as stale, 0 rejected");
        Matcher removed = Pattern.compile("stopped; removed (\\S+)").matcher(out);
        assertThat(removed.find()).as(out).isTrue();
        assertThat(Path.of(removed.group(1))).doesNotExist();
    }

    private static BufferedReader lines(Process process) {
        return new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
    }

    private static boolean detectedSomething(List<String> lines) {
        return lines.stream().map(DETECTED::matcher).anyMatch(m -> m.find() && Long.parseLong(m.group(1)) > 0);
    }
}
