package io.ssdstream.ssd.detector;

import io.ssdstream.ssd.postprocess.DetectionThresholds;
import java.util.Optional;

/**
 * How to load a {@link Detector}.
 *
 * @param device where the model runs
 * @param precision FP16 is meant for GPUs
 * @param thresholds overrides the artifact's postprocessing thresholds when present
 */
public record DetectorOptions(DeviceSpec device, Precision precision, Optional<DetectionThresholds> thresholds) {

    public static final DetectorOptions DEFAULTS = new DetectorOptions(DeviceSpec.AUTO, Precision.FP32, Optional.empty());

    public DetectorOptions withDevice(DeviceSpec value) {
        return new DetectorOptions(value, precision, thresholds);
    }

    public DetectorOptions withPrecision(Precision value) {
        return new DetectorOptions(device, value, thresholds);
    }

    public DetectorOptions withThresholds(DetectionThresholds value) {
        return new DetectorOptions(device, precision, Optional.of(value));
    }
}
