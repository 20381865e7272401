package io.ssdstream.cli.model;

import io.ssdstream.cli.Json;
import io.ssdstream.ssd.io.CocoLabels;
import io.ssdstream.ssd.io.ModelMetadata;
import io.ssdstream.ssd.model.SsdArchitecture;
import io.ssdstream.ssd.preprocess.Normalization;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code ssd-stream model import}: a torchvision checkpoint (or safetensors) to a model artifact. */
@Command(name = "import", mixinStandardHelpOptions = true,
        description = "Turn a torchvision SSD/VGG16 checkpoint (.pth from torch.save, or .safetensors) into a model"
                + " artifact. The architecture, width and class count are read from the weights.")
public final class ModelImportCommand implements Callable<Integer> {

    @Option(names = "--from", required = true, paramLabel = "FILE", description = "A .pth/.pt or .safetensors file.")
    Path from;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "The artifact directory to write.")
    Path out;

    @Option(names = "--name", paramLabel = "NAME", description = "Model name. Default: the architecture and 'coco'"
            + " for 91 classes, else the file name.")
    String name;

    @Option(names = "--model-version", paramLabel = "V", description = "The model's version. Default: ${DEFAULT-VALUE}.")
    String version = ModelMetadata.DEFAULT_VERSION;

    @Option(names = "--labels", paramLabel = "FILE", description = "Class names, one per line, background first."
            + " Default: COCO's 91 for 91 classes, else class_1, class_2, ...")
    Path labels;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        ArtifactOut.check(out);
        ImportedWeights weights = ImportedWeights.read(from);
        SsdArchitecture architecture = weights.architecture();
        List<String> classes = classNames(architecture.numClasses());
        String modelName = name != null ? name
                : architecture.name() + (architecture.numClasses() == CocoLabels.SIZE && labels == null ? "-coco" : "-"
                        + stem(from));
        spec.commandLine().getOut().println(Json.line(weights.writeArtifact(out, modelName, version, classes,
                Normalization.TORCHVISION_SSD, "model import", Map.of())));
        return 0;
    }

    private List<String> classNames(int count) throws IOException {
        if (labels != null) {
            List<String> names = Files.readAllLines(labels, StandardCharsets.UTF_8).stream()
                    .map(String::strip).filter(s -> !s.isEmpty()).toList();
            if (names.size() != count) {
                throw new IllegalArgumentException(labels + " lists " + names.size() + " names but the checkpoint has "
                        + count + " classes (background included)");
            }
            return names;
        }
        return DefaultClassNames.forCount(count);
    }

    private static String stem(Path file) {
        String fileName = file.getFileName().toString();
        int dot = fileName.lastIndexOf('.');
        return dot > 0 ? fileName.substring(0, dot) : fileName;
    }
}
