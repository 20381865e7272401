package io.ssdstream.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The demo's refusals: one line naming what is wrong, before or while starting, and nothing left running. */
class DemoCommandTest {

    @TempDir
    Path dir;

    @Test
    void badOptionsFailBeforeAnythingStarts() {
        assertThat(CliRun.of("demo", "--cameras", "0").err())
                .isEqualTo("ssd-stream demo: --cameras must be 1 to 16, got 0\n");
        assertThat(CliRun.of("demo", "--frame-size", "640").err()).contains("'640' is not a size such as 384x288");
        assertThat(CliRun.of("demo", "--duration", "soon").err()).contains("'soon' is not a duration");
        CliRun noModel = CliRun.of("demo", "--model", dir.toString());
        assertThat(noModel.exitCode()).isEqualTo(1);
        assertThat(noModel.err()).contains("no model artifact at " + dir.toAbsolutePath());
    }

    @Test
    void aViewerPortInUseIsNamedAndTheStartedPartsAreStopped() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            CliRun run = CliRun.of("demo", "--model", Path.of("..", "models", "demo").toString(),
                    "--viewer-port", String.valueOf(taken.getLocalPort()), "--web-ui-port", "0");
            assertThat(run.exitCode()).isEqualTo(1);
            assertThat(run.err()).contains("cannot serve the viewer on 127.0.0.1:" + taken.getLocalPort(),
                    "--viewer-port");
            assertThat(run.out()).containsPattern("stopped; removed \\S+");
        }
    }
}
