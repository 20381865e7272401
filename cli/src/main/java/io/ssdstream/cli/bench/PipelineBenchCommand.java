package io.ssdstream.cli.bench;

import io.ssdstream.cli.Json;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code ssd-stream pipeline-bench}: the pipeline-efficiency benchmark, printed as one JSON document. */
@Command(name = "pipeline-bench", mixinStandardHelpOptions = true,
        description = "Benchmark Kafka -> Flink -> Kafka against the bare Detector with the same model, batch size and"
                + " machine, in one run (embedded broker, local Flink): throughput ratio, then end-to-end latency"
                + " percentiles at 50%% and 90%% of the pipeline's maximum rate, once batching per device and once per"
                + " slot (--batching); then what the stages behind the detector cost: the same frames through a job"
                + " that only detects, one with tracking and one with tracking and zones (20 zones, 20 lines per"
                + " camera), twice each in alternating order. Prints JSON.")
public final class PipelineBenchCommand implements Callable<Integer> {

    @Option(names = "--model", required = true, paramLabel = "DIR", description = "Model artifact directory.")
    Path model;

    @Option(names = "--scene", defaultValue = "RECTANGLES", description = "What the cameras film: RECTANGLES"
            + " (random coloured rectangles, nothing a model was trained on) or MOVING (the demo's moving shapes, one"
            + " scene per camera: with the demo model, a few objects a frame for the tracker). Default: ${DEFAULT-VALUE}.")
    PipelineBenchmark.Scene scene;

    @Option(names = "--frames", defaultValue = "400", description = "Frames per throughput measurement. Default: ${DEFAULT-VALUE}.")
    int frames;

    @Option(names = "--cameras", defaultValue = "4", description = "Cameras (and partitions). Default: ${DEFAULT-VALUE}.")
    int cameras;

    @Option(names = "--batch-size", defaultValue = "8", description = "Default: ${DEFAULT-VALUE}.")
    int batchSize;

    @Option(names = "--frame-width", defaultValue = "640", description = "Default: ${DEFAULT-VALUE}.")
    int width;

    @Option(names = "--frame-height", defaultValue = "480", description = "Default: ${DEFAULT-VALUE}.")
    int height;

    @Option(names = "--latency-seconds", defaultValue = "30",
            description = "Length of each latency phase. Default: ${DEFAULT-VALUE}.")
    int latencySeconds;

    @Option(names = "--checkpoint-interval-ms", defaultValue = "1000", description = "Default: ${DEFAULT-VALUE}.")
    long checkpointIntervalMs;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        PipelineBenchmark benchmark = new PipelineBenchmark(model, scene, frames, cameras, batchSize, width, height,
                latencySeconds, checkpointIntervalMs);
        spec.commandLine().getOut().println(Json.pretty(benchmark.run()));
        return 0;
    }
}
