package io.ssdstream.cli.model;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import io.ssdstream.cli.Json;
import io.ssdstream.cli.VersionProvider;
import io.ssdstream.ssd.io.ModelArtifact;
import io.ssdstream.ssd.io.ModelMetadata;
import io.ssdstream.ssd.io.WeightBinding;
import io.ssdstream.ssd.model.SsdArchitecture;
import io.ssdstream.ssd.model.SsdNetwork;
import io.ssdstream.ssd.postprocess.DetectionThresholds;
import io.ssdstream.ssd.preprocess.Normalization;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code ssd-stream model init}: an artifact with freshly initialised (untrained) weights — for benchmarks and
 * for testing a deployment's plumbing before a trained model exists. Its detections are meaningless.
 */
@Command(name = "init", mixinStandardHelpOptions = true,
        description = "Write a model artifact with freshly initialised, untrained weights (benchmarks, plumbing tests).")
public final class ModelInitCommand implements Callable<Integer> {

    @Option(names = "--arch", description = "ssd300 or ssd512. Default: ${DEFAULT-VALUE}.")
    String arch = ModelMetadata.DEFAULT_ARCHITECTURE.name();

    @Option(names = "--classes",
            description = "Classes including background; 91 uses COCO's names. Default: ${DEFAULT-VALUE}.")
    int classes = ModelMetadata.DEFAULT_ARCHITECTURE.numClasses();

    @Option(names = "--width", description = "Channel width multiplier. Default: ${DEFAULT-VALUE}.")
    double width = ModelMetadata.DEFAULT_ARCHITECTURE.widthMultiplier();

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "The artifact directory to write.")
    Path out;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        ArtifactOut.check(out);
        SsdArchitecture architecture = SsdArchitecture.named(arch, classes).withWidth(width);
        List<String> names = DefaultClassNames.forCount(classes);
        ModelMetadata metadata = new ModelMetadata(architecture.name() + "-untrained", "0.0.0", architecture, names,
                Normalization.TORCHVISION_SSD, DetectionThresholds.DEFAULTS,
                Map.of("source", "untrained: torchvision's initialisation", "createdAt", Instant.now().toString(),
                        "createdBy", "ssd-stream model init " + VersionProvider.version()));
        try (NDManager manager = NDManager.newBaseManager()) {
            SsdNetwork network = new SsdNetwork(architecture);
            network.initialize(manager, DataType.FLOAT32, network.inputShape(1));
            ModelArtifact.write(out, metadata, WeightBinding.snapshot(network, "init"));
            spec.commandLine().getOut().println(Json.line(Map.of("artifact", out.toString(),
                    "architecture", architecture.name(), "widthMultiplier", width, "numClasses", classes,
                    "parameters", network.parameterCount())));
        }
        return 0;
    }
}
