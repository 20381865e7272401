package io.ssdstream.cli.bench;

import com.fasterxml.jackson.core.type.TypeReference;
import io.ssdstream.cli.Json;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * torchvision's eager ssd300_vgg16 forward, run by Python (Debian's python3-torch and python3-torchvision) from
 * the same benchmark run, so that our throughput can be given as a ratio to the one a Python user would get on
 * this machine at this moment. The script ships in this jar ({@code torchvision-forward.py}).
 */
final class TorchvisionComparison {

    private static final String SCRIPT = "torchvision-forward.py";

    private final Path python;

    TorchvisionComparison(Path python) {
        this.python = python;
    }

    /** The script's report: torch versions and, per batch size, fp32 (and bf16) images/s. */
    Map<String, Object> run(List<Integer> batchSizes, double seconds, int threads, boolean bf16)
            throws IOException, InterruptedException {
        Path script = Files.createTempFile("ssd-stream-", "-" + SCRIPT);
        try {
            try (InputStream in = TorchvisionComparison.class.getResourceAsStream(SCRIPT)) {
                Files.copy(in, script, StandardCopyOption.REPLACE_EXISTING);
            }
            List<String> command = new java.util.ArrayList<>(List.of(python.toString(), script.toString(),
                    batchSizes.stream().map(String::valueOf).collect(Collectors.joining(",")),
                    String.valueOf(seconds), String.valueOf(threads)));
            if (bf16) {
                command.add("--bf16");
            }
            Process process = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
            String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            // warm-ups and five runs per batch size bound it; an hour means the interpreter hangs
            if (!process.waitFor(1, TimeUnit.HOURS)) {
                process.destroyForcibly();
                throw new IOException(python + " " + SCRIPT + " did not finish within an hour");
            }
            if (process.exitValue() != 0) {
                throw new IOException(python + " " + SCRIPT + " exited with " + process.exitValue()
                        + " (are python3-torch and python3-torchvision installed?)");
            }
            return Json.mapper().readValue(out.strip(), new TypeReference<>() {});
        } finally {
            Files.deleteIfExists(script);
        }
    }
}
