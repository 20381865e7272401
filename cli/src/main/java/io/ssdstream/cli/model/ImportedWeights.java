package io.ssdstream.cli.model;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import io.ssdstream.cli.VersionProvider;
import io.ssdstream.ssd.io.ModelArtifact;
import io.ssdstream.ssd.io.ModelMetadata;
import io.ssdstream.ssd.io.SafetensorsReader;
import io.ssdstream.ssd.io.StateDict;
import io.ssdstream.ssd.io.TorchCheckpointReader;
import io.ssdstream.ssd.io.WeightBinding;
import io.ssdstream.ssd.model.SsdArchitecture;
import io.ssdstream.ssd.model.SsdNetwork;
import io.ssdstream.ssd.postprocess.DetectionThresholds;
import io.ssdstream.ssd.preprocess.Normalization;
import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A torchvision checkpoint (.pth from torch.save, or .safetensors) read and checked against the network its tensors
 * describe, ready to become a model artifact: what {@code model import} and {@code model pull} share.
 *
 * @param source the weights file
 * @param weights its tensors under torchvision's keys
 * @param architecture the architecture, width and class count read from them
 */
record ImportedWeights(Path source, StateDict weights, SsdArchitecture architecture) {

    /** Reads the file and binds it to a fresh network, so a file that would not load is refused here. */
    static ImportedWeights read(Path file) throws IOException {
        checkReadable(file);
        StateDict weights = file.getFileName().toString().endsWith(".safetensors")
                ? SafetensorsReader.read(file)
                : TorchCheckpointReader.read(file);
        SsdArchitecture architecture = WeightBinding.architectureOf(weights);
        try (NDManager manager = NDManager.newBaseManager()) {
            SsdNetwork network = new SsdNetwork(architecture);
            network.initialize(manager, DataType.FLOAT32, network.inputShape(1));
            WeightBinding.bind(weights, network);
        }
        return new ImportedWeights(file, weights, architecture);
    }

    /** The everyday mistakes with a weights path, each named, before a reader sees it. */
    private static void checkReadable(Path file) throws IOException {
        if (!Files.exists(file)) {
            throw new NoSuchFileException(file.toString(), null, "does not exist");
        }
        if (Files.isDirectory(file)) {
            throw new FileSystemException(file.toString(), null, "is a directory, not a weights file (.pth, .pt or"
                    + " .safetensors)");
        }
        if (!Files.isReadable(file)) {
            throw new AccessDeniedException(file.toString(), null, "cannot be read (permission denied)");
        }
    }

    /**
     * Writes the artifact and returns the one-line summary the commands print.
     *
     * @param command the command that imported, for the provenance, e.g. {@code model pull}
     * @param provenance entries beyond the source file, its digest and the time (e.g. the URL it came from)
     */
    Map<String, Object> writeArtifact(Path out, String name, String version, List<String> classes,
            Normalization normalization, String command, Map<String, String> provenance) throws IOException {
        if (classes.size() != architecture.numClasses()) {
            throw new IllegalArgumentException(source + " has " + architecture.numClasses() + " classes (background"
                    + " included) but " + classes.size() + " class names were given");
        }
        Map<String, String> recorded = new LinkedHashMap<>();
        recorded.put("source", source.getFileName().toString());
        recorded.put("sourceSha256", FileDigests.sha256(source));
        recorded.putAll(provenance);
        recorded.put("importedAt", Instant.now().toString());
        recorded.put("importedBy", "ssd-stream " + command + " " + VersionProvider.version());
        ModelMetadata metadata = new ModelMetadata(name, version, architecture, classes, normalization,
                DetectionThresholds.DEFAULTS, recorded);
        ModelArtifact.write(out, metadata, weights);

        Map<String, Object> summary = new LinkedHashMap<>();
        summary.put("artifact", out.toString());
        summary.put("name", name);
        summary.put("architecture", architecture.name());
        summary.put("widthMultiplier", architecture.widthMultiplier());
        summary.put("numClasses", architecture.numClasses());
        summary.put("tensors", weights.size());
        return summary;
    }
}
