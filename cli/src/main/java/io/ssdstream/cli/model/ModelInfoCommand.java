package io.ssdstream.cli.model;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import io.ssdstream.cli.Json;
import io.ssdstream.ssd.io.ModelArtifact;
import io.ssdstream.ssd.io.ModelMetadata;
import io.ssdstream.ssd.model.SsdArchitecture;
import io.ssdstream.ssd.model.SsdNetwork;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code ssd-stream model info}: a network's size and geometry as JSON. */
@Command(name = "info", mixinStandardHelpOptions = true,
        description = "Print a model's parameter count, feature maps, default boxes and classes as JSON.")
public final class ModelInfoCommand implements Callable<Integer> {

    static final class Source {
        @Option(names = "--model", paramLabel = "DIR", description = "A model artifact directory.")
        Path model;

        @ArgGroup(exclusive = false)
        Blueprint blueprint;
    }

    static final class Blueprint {
        @Option(names = "--arch", required = true, paramLabel = "ARCH", description = "ssd300 or ssd512.")
        String arch;

        @Option(names = "--classes", paramLabel = "N",
                description = "Classes including background. Default: ${DEFAULT-VALUE}.")
        int classes = ModelMetadata.DEFAULT_ARCHITECTURE.numClasses();

        @Option(names = "--width", paramLabel = "W",
                description = "Channel width multiplier in (0, 1]. Default: ${DEFAULT-VALUE}.")
        double width = ModelMetadata.DEFAULT_ARCHITECTURE.widthMultiplier();
    }

    @ArgGroup(exclusive = true, multiplicity = "0..1")
    Source source;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        Map<String, Object> info = new LinkedHashMap<>();
        SsdArchitecture architecture;
        if (source != null && source.model != null) {
            ModelMetadata metadata = ModelArtifact.open(source.model).metadata();
            architecture = metadata.architecture();
            info.put("name", metadata.name());
            info.put("version", metadata.version());
            info.put("provenance", metadata.provenance());
            info.put("classNames", metadata.classes());
        } else if (source != null && source.blueprint != null) {
            architecture = SsdArchitecture.named(source.blueprint.arch, source.blueprint.classes)
                    .withWidth(source.blueprint.width);
        } else {
            architecture = ModelMetadata.DEFAULT_ARCHITECTURE;
        }
        info.putAll(describe(architecture));
        spec.commandLine().getOut().println(Json.pretty(info));
        return 0;
    }

    static Map<String, Object> describe(SsdArchitecture architecture) {
        Map<String, Object> info = new LinkedHashMap<>();
        info.put("architecture", architecture.name());
        info.put("imageSize", architecture.imageSize());
        info.put("widthMultiplier", architecture.widthMultiplier());
        info.put("numClasses", architecture.numClasses());
        try (NDManager manager = NDManager.newBaseManager()) {
            SsdNetwork network = new SsdNetwork(architecture);
            network.initialize(manager, DataType.FLOAT32, network.inputShape(1));
            info.put("parameters", network.parameterCount());
            info.put("stateDictTensors", network.stateDict().size());
        }
        List<Map<String, Object>> maps = new ArrayList<>();
        List<Integer> sizes = architecture.featureMapSizes();
        for (int k = 0; k < sizes.size(); k++) {
            Map<String, Object> map = new LinkedHashMap<>();
            map.put("size", sizes.get(k));
            map.put("boxesPerLocation", architecture.boxesPerLocation(k));
            map.put("defaultBoxes", sizes.get(k) * sizes.get(k) * architecture.boxesPerLocation(k));
            maps.add(map);
        }
        info.put("featureMaps", maps);
        info.put("defaultBoxes", architecture.anchorCount());
        return info;
    }
}
