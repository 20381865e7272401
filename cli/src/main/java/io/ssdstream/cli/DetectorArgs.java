package io.ssdstream.cli;

import io.ssdstream.job.config.DeviceConverter;
import io.ssdstream.job.config.ThresholdOptions;
import io.ssdstream.ssd.detector.DetectorOptions;
import io.ssdstream.ssd.detector.DeviceSpec;
import io.ssdstream.ssd.detector.Precision;
import java.nio.file.Path;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * The options of every command that loads a model artifact to detect with. Defaults are
 * {@link DetectorOptions#DEFAULTS}'s, shown by picocli from the fields' initial values.
 */
public final class DetectorArgs {

    @Option(names = "--model", required = true, paramLabel = "DIR", description = "Model artifact directory.")
    public Path model;

    @Option(names = "--device", paramLabel = "DEVICE", converter = DeviceConverter.class,
            description = "cpu, gpu, gpu:N or auto (a GPU when one is visible). Default: ${DEFAULT-VALUE}.")
    public DeviceSpec device = DetectorOptions.DEFAULTS.device();

    @Option(names = "--precision", paramLabel = "P",
            description = "FP32, FP16 (for GPUs; slow on a CPU), BF16 (CPUs with AVX-512 BF16 or AMX; FP32"
                    + " elsewhere) or AUTO (BF16 where the CPU has it, else FP32). Default: ${DEFAULT-VALUE}.")
    public Precision precision = DetectorOptions.DEFAULTS.precision();

    @Mixin
    public ThresholdOptions thresholds;

    /** The loading options; the detector merges the threshold overrides onto the artifact's own. */
    public DetectorOptions options() {
        return DetectorOptions.DEFAULTS.withDevice(device).withPrecision(precision)
                .withThresholds(thresholds.overrides());
    }
}
