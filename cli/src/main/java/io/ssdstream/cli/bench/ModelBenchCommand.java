package io.ssdstream.cli.bench;

import io.ssdstream.cli.Json;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code ssd-stream model bench}: the model benchmark, printed as one JSON document. */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = "Benchmark SSD300 on this machine's CPU: forward images/s at several batch sizes in fp32 and"
                + " (on a CPU with bfloat16 instructions) bf16, achieved GFLOP/s against the measured fp32 matmul"
                + " peak, optionally torchvision's eager forward in the same run, and the batched postprocess"
                + " against a per-image, per-class loop. Prints JSON.")
public final class ModelBenchCommand implements Callable<Integer> {

    @Option(names = "--batch-sizes", split = ",", defaultValue = "1,4,8", paramLabel = "B,...",
            description = "Forward batch sizes. Default: ${DEFAULT-VALUE}.")
    List<Integer> batchSizes;

    @Option(names = "--seconds", defaultValue = "20", paramLabel = "S",
            description = "Measuring time per forward batch size, after warm-up. Default: ${DEFAULT-VALUE}.")
    double seconds;

    @Option(names = "--width", defaultValue = "1.0", paramLabel = "W",
            description = "Channel width multiplier of the benchmarked SSD300. Default: ${DEFAULT-VALUE}.")
    double width;

    @Option(names = "--compare-torchvision",
            description = "Also time torchvision's eager ssd300_vgg16 forward (fp32, and bf16 where ours runs it) with"
                    + " PYTHON and print our ratio to it. Needs python3-torch and python3-torchvision.")
    boolean compareTorchvision;

    @Option(names = "--python", defaultValue = "/usr/bin/python3", paramLabel = "PYTHON",
            description = "The Python with torch and torchvision for --compare-torchvision. Default: ${DEFAULT-VALUE}.")
    Path python;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        if (compareTorchvision && width != 1.0) {
            throw new ParameterException(spec.commandLine(), "--compare-torchvision times torchvision's full-width"
                    + " ssd300_vgg16: leave --width at 1.0");
        }
        ModelBenchmark benchmark = new ModelBenchmark(width, seconds);
        Optional<TorchvisionComparison> torchvision =
                compareTorchvision ? Optional.of(new TorchvisionComparison(python)) : Optional.empty();
        spec.commandLine().getOut().println(Json.pretty(benchmark.run(batchSizes, torchvision)));
        return 0;
    }
}
