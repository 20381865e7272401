package io.ssdstream.ssd.detector;

import io.ssdstream.ssd.postprocess.ThresholdOverrides;

/**
 * How to load a {@link Detector}.
 *
 * @param device where the model runs
 * @param precision FP16 is meant for GPUs
 * @param thresholds what replaces the artifact's own postprocessing thresholds
 */
public record DetectorOptions(DeviceSpec device, Precision precision, ThresholdOverrides thresholds) {

    public static final DetectorOptions DEFAULTS = new DetectorOptions(DeviceSpec.AUTO, Precision.FP32,
            ThresholdOverrides.NONE);

    public DetectorOptions {
        if (device == null || precision == null || thresholds == null) {
            throw new IllegalArgumentException("device, precision and thresholds must be set (ThresholdOverrides.NONE"
                    + " for the artifact's own)");
        }
    }

    public DetectorOptions withDevice(DeviceSpec value) {
        return new DetectorOptions(value, precision, thresholds);
    }

    public DetectorOptions withPrecision(Precision value) {
        return new DetectorOptions(device, value, thresholds);
    }

    public DetectorOptions withThresholds(ThresholdOverrides value) {
        return new DetectorOptions(device, precision, value);
    }
}
