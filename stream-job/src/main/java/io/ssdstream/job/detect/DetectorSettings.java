package io.ssdstream.job.detect;

import io.ssdstream.job.config.JobConfig;
import io.ssdstream.ssd.detector.DeviceSpec;
import io.ssdstream.ssd.detector.Precision;
import io.ssdstream.ssd.postprocess.ThresholdOverrides;
import java.io.Serializable;
import java.util.Objects;

/**
 * What a task needs to obtain its detector: the artifact, where to run it and how. Tasks of one TaskManager that
 * ask for the same settings share one loaded model per device.
 *
 * @param modelDirectory the artifact directory, as a path readable on the TaskManager
 * @param device where the model runs; {@code auto} spreads the TaskManager's slots over its GPUs
 * @param thresholds what replaces the artifact's thresholds
 */
public record DetectorSettings(String modelDirectory, DeviceSpec device, Precision precision,
                               ThresholdOverrides thresholds) implements Serializable {

    private static final long serialVersionUID = 1L;

    public DetectorSettings {
        Objects.requireNonNull(modelDirectory, "modelDirectory");
        Objects.requireNonNull(device, "device");
        Objects.requireNonNull(precision, "precision");
        Objects.requireNonNull(thresholds, "thresholds (ThresholdOverrides.NONE for the artifact's own)");
    }

    /** The detector the job's tasks ask for. */
    public static DetectorSettings of(JobConfig config) {
        return new DetectorSettings(config.model().toString(), config.device(), config.precision(),
                config.thresholds());
    }
}
