package io.ssdstream.cli.bench;

import io.ssdstream.cli.Json;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code ssd-stream model bench}: the model benchmark, printed as one JSON document. */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = "Benchmark SSD300 on this machine's CPU: forward images/s at several batch sizes, achieved"
                + " GFLOP/s against the measured fp32 matmul peak, and the batched postprocess against a per-image,"
                + " per-class loop. Prints JSON.")
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

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        ModelBenchmark benchmark = new ModelBenchmark(width, seconds);
        spec.commandLine().getOut().println(Json.pretty(benchmark.run(batchSizes)));
        return 0;
    }
}
