package io.ssdstream.cli.bench;

import io.ssdstream.cli.Json;
import io.ssdstream.job.config.DeviceConverter;
import io.ssdstream.ssd.detector.DeviceSpec;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code ssd-stream model gpu-check}: the product verified on a GPU, printed as one JSON document. */
@Command(name = "gpu-check", mixinStandardHelpOptions = true,
        description = "Verify the model on this machine's GPU in minutes: the device PyTorch selects, fp32 and fp16"
                + " frames/s per batch size, device memory per model instance, and detections on rendered frames"
                + " against the CPU's fp32 ones within each precision's tolerance. Prints JSON; exits 1 naming what"
                + " is outside a tolerance, or when PyTorch sees no GPU. --device cpu runs the same checks on the"
                + " CPU.")
public final class GpuCheckCommand implements Callable<Integer> {

    @Option(names = "--model", required = true, paramLabel = "DIR", description = "Model artifact directory.")
    Path model;

    @Option(names = "--device", defaultValue = "gpu:0", paramLabel = "DEVICE", converter = DeviceConverter.class,
            description = "gpu:N, gpu, auto or cpu. Default: ${DEFAULT-VALUE}.")
    DeviceSpec device;

    @Option(names = "--batch-sizes", split = ",", defaultValue = "1,4,8,16,32", paramLabel = "B,...",
            description = "Batch sizes timed. Default: ${DEFAULT-VALUE}.")
    List<Integer> batchSizes;

    @Option(names = "--seconds", defaultValue = "5", paramLabel = "S",
            description = "Timing per batch size and precision. Default: ${DEFAULT-VALUE}.")
    double seconds;

    @Option(names = "--frames", defaultValue = "32", paramLabel = "N",
            description = "Rendered frames compared with the CPU. Default: ${DEFAULT-VALUE}.")
    int frames;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        GpuCheck check = new GpuCheck(model, device, batchSizes, seconds, frames);
        spec.commandLine().getOut().println(Json.pretty(check.run()));
        for (String problem : check.problems()) {
            spec.commandLine().getErr().println("ssd-stream model gpu-check: " + problem);
        }
        return check.problems().isEmpty() ? 0 : 1;
    }
}
