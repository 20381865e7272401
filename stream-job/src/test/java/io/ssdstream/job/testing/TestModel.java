package io.ssdstream.job.testing;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import io.ssdstream.job.detect.DetectorSettings;
import io.ssdstream.ssd.detector.DeviceSpec;
import io.ssdstream.ssd.detector.Precision;
import io.ssdstream.ssd.io.ModelArtifact;
import io.ssdstream.ssd.io.ModelMetadata;
import io.ssdstream.ssd.io.WeightBinding;
import io.ssdstream.ssd.model.SsdArchitecture;
import io.ssdstream.ssd.model.SsdNetwork;
import io.ssdstream.ssd.postprocess.DetectionThresholds;
import io.ssdstream.ssd.postprocess.ThresholdOverrides;
import io.ssdstream.ssd.preprocess.Normalization;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** A small SSD300 (1/16 width, freshly initialised) written as a real artifact: the pipeline's tests need speed, not accuracy. */
public final class TestModel {

    private TestModel() {}

    /** What the detect operators ask for to run the artifact in {@code directory} on the CPU in FP32. */
    public static DetectorSettings onCpu(Path directory) {
        return new DetectorSettings(directory.toString(), DeviceSpec.CPU, Precision.FP32, ThresholdOverrides.NONE);
    }

    public static Path write(Path directory) throws IOException {
        SsdArchitecture architecture = SsdArchitecture.ssd300(3).withWidth(1.0 / 16);
        try (NDManager manager = NDManager.newBaseManager()) {
            SsdNetwork network = new SsdNetwork(architecture);
            network.initialize(manager, DataType.FLOAT32, network.inputShape(1));
            ModelMetadata metadata = new ModelMetadata("job-test", "1.0.0", architecture,
                    List.of("__background__", "person", "vehicle"), Normalization.TORCHVISION_SSD,
                    DetectionThresholds.DEFAULTS.withDetectionsPerImage(20), Map.of("source", "TestModel"));
            ModelArtifact.write(directory, metadata, WeightBinding.snapshot(network, "TestModel"));
        }
        return directory;
    }
}
