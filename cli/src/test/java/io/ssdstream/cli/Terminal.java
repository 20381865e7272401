package io.ssdstream.cli;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/** What a program started in a terminal's foreground sees of Ctrl-C. */
final class Terminal {

    private Terminal() {}

    /**
     * {@code command} with SIGINT's default handling restored. A build started as a script's background job runs
     * with SIGINT ignored, every process it starts inherits that, and the JVM then leaves Ctrl-C ignored; a
     * terminal's foreground program never starts that way, so the tests of Ctrl-C must not either.
     */
    static ProcessBuilder foreground(List<String> command) {
        List<String> restored = new ArrayList<>(List.of("env", "--default-signal=INT"));
        restored.addAll(command);
        return new ProcessBuilder(restored);
    }

    /** Ctrl-C: SIGINT to {@code process}. */
    static void pressCtrlC(Process process) throws IOException, InterruptedException {
        new ProcessBuilder("kill", "-INT", Long.toString(process.pid())).start().waitFor();
    }
}
