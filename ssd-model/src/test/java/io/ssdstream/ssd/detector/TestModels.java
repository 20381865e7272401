package io.ssdstream.ssd.detector;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import io.ssdstream.ssd.io.ModelArtifact;
import io.ssdstream.ssd.io.ModelMetadata;
import io.ssdstream.ssd.model.SsdArchitecture;
import io.ssdstream.ssd.model.SsdNetwork;
import io.ssdstream.ssd.io.WeightBinding;
import io.ssdstream.ssd.postprocess.DetectionThresholds;
import io.ssdstream.ssd.preprocess.Normalization;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** Small freshly initialised models written as real artifacts, for tests that need a loadable model. */
public final class TestModels {

    public static final List<String> CLASSES = List.of("__background__", "car", "person", "bus");

    private TestModels() {}

    /** An SSD300 of the given width with {@link #CLASSES}, random (torchvision-initialised) weights. */
    public static ModelArtifact write(Path directory, double width) throws IOException {
        SsdArchitecture architecture = SsdArchitecture.ssd300(CLASSES.size()).withWidth(width);
        try (NDManager manager = NDManager.newBaseManager()) {
            SsdNetwork network = new SsdNetwork(architecture);
            network.initialize(manager, DataType.FLOAT32, network.inputShape(1));
            ModelMetadata metadata = new ModelMetadata("test-ssd", "0.0.1", architecture, CLASSES,
                    Normalization.TORCHVISION_SSD, DetectionThresholds.DEFAULTS, Map.of("source", "TestModels"));
            return ModelArtifact.write(directory, metadata, WeightBinding.snapshot(network, "TestModels"));
        }
    }
}
