package io.ssdstream.ssd.io;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ssdstream.ssd.model.SsdArchitecture;
import io.ssdstream.ssd.postprocess.DetectionThresholds;
import io.ssdstream.ssd.preprocess.Normalization;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A model artifact: a directory holding {@code model.json} ({@link ModelMetadata}) and {@code weights.safetensors}
 * (the state dict under torchvision's keys). The one format the trainer exports and the job, the CLI and embedding
 * services load.
 */
public final class ModelArtifact {

    public static final String METADATA_FILE = "model.json";
    public static final String WEIGHTS_FILE = "weights.safetensors";
    /** Version of the directory layout and JSON schema; readers refuse newer ones. */
    public static final int FORMAT_VERSION = 1;

    private static final String FORMAT = "ssd-stream-model";
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private final Path directory;
    private final ModelMetadata metadata;

    private ModelArtifact(Path directory, ModelMetadata metadata) {
        this.directory = directory;
        this.metadata = metadata;
    }

    public Path directory() {
        return directory;
    }

    public ModelMetadata metadata() {
        return metadata;
    }

    /** Reads the weights; {@link WeightBinding} checks them against the network. */
    public StateDict weights() throws IOException {
        return SafetensorsReader.read(directory.resolve(WEIGHTS_FILE));
    }

    /** Opens the artifact in {@code directory}, validating its metadata; weights are read on demand. */
    public static ModelArtifact open(Path directory) throws IOException {
        Path json = directory.resolve(METADATA_FILE);
        if (!Files.isDirectory(directory)) {
            throw new NoSuchFileException(directory.toString(), null, "model artifact directory not found");
        }
        if (!Files.isRegularFile(json)) {
            throw new NoSuchFileException(json.toString(), null, "not a model artifact: " + METADATA_FILE + " is missing");
        }
        if (!Files.isRegularFile(directory.resolve(WEIGHTS_FILE))) {
            throw new NoSuchFileException(directory.resolve(WEIGHTS_FILE).toString(), null,
                    "model artifact has no " + WEIGHTS_FILE);
        }
        try {
            return new ModelArtifact(directory, parse(JSON.readTree(json.toFile())));
        } catch (IllegalArgumentException e) {
            throw new WeightFormatException(json, e.getMessage());
        }
    }

    /** Writes a new artifact into {@code directory} (created if needed; existing files are replaced). */
    public static ModelArtifact write(Path directory, ModelMetadata metadata, StateDict weights) throws IOException {
        Files.createDirectories(directory);
        Map<String, String> header = new LinkedHashMap<>();
        header.put("format", FORMAT);
        header.put("model", metadata.name() + " " + metadata.version());
        SafetensorsWriter.write(directory.resolve(WEIGHTS_FILE), weights, header);
        Path json = directory.resolve(METADATA_FILE);
        Path temporary = Files.createTempFile(directory, METADATA_FILE, ".tmp");
        JSON.writeValue(temporary.toFile(), render(metadata));
        Files.move(temporary, json, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        return new ModelArtifact(directory, metadata);
    }

    static ObjectNode render(ModelMetadata m) {
        ObjectNode root = JSON.createObjectNode();
        root.put("format", FORMAT);
        root.put("formatVersion", FORMAT_VERSION);
        root.put("name", m.name());
        root.put("version", m.version());
        ObjectNode arch = root.putObject("architecture");
        arch.put("name", m.architecture().name());
        arch.put("imageSize", m.architecture().imageSize());
        arch.put("widthMultiplier", m.architecture().widthMultiplier());
        arch.put("numClasses", m.architecture().numClasses());
        ArrayNode classes = root.putArray("classes");
        m.classes().forEach(classes::add);
        ObjectNode norm = root.putObject("normalization");
        norm.put("inputRange", "0-1 RGB");
        floats(norm.putArray("mean"), m.normalization().mean());
        floats(norm.putArray("std"), m.normalization().std());
        ObjectNode t = root.putObject("thresholds");
        t.put("score", m.thresholds().scoreThreshold());
        t.put("nmsIou", m.thresholds().nmsIouThreshold());
        t.put("topKCandidates", m.thresholds().topKCandidates());
        t.put("detectionsPerImage", m.thresholds().detectionsPerImage());
        root.put("weights", WEIGHTS_FILE);
        ObjectNode provenance = root.putObject("provenance");
        m.provenance().entrySet().stream().sorted(Map.Entry.comparingByKey())
                .forEach(e -> provenance.put(e.getKey(), e.getValue()));
        return root;
    }

    static ModelMetadata parse(JsonNode root) {
        if (!FORMAT.equals(text(root, "format"))) {
            throw new IllegalArgumentException("field 'format' must be '" + FORMAT + "'");
        }
        int formatVersion = integer(root, "formatVersion");
        if (formatVersion > FORMAT_VERSION) {
            throw new IllegalArgumentException("formatVersion " + formatVersion + " is newer than this reader ("
                    + FORMAT_VERSION + "); upgrade ssd-stream");
        }
        JsonNode arch = object(root, "architecture");
        SsdArchitecture architecture = SsdArchitecture.named(text(arch, "name"), integer(arch, "numClasses"))
                .withWidth(number(arch, "widthMultiplier"));
        if (integer(arch, "imageSize") != architecture.imageSize()) {
            throw new IllegalArgumentException("architecture.imageSize " + integer(arch, "imageSize") + " does not match "
                    + architecture.name() + " (" + architecture.imageSize() + ")");
        }
        List<String> classes = new ArrayList<>();
        array(root, "classes").forEach(n -> classes.add(n.asText()));
        JsonNode norm = object(root, "normalization");
        Normalization normalization = new Normalization(floats(norm, "mean"), floats(norm, "std"));
        JsonNode t = object(root, "thresholds");
        DetectionThresholds thresholds = new DetectionThresholds(
                number(t, "score"), number(t, "nmsIou"), integer(t, "topKCandidates"), integer(t, "detectionsPerImage"));
        Map<String, String> provenance = new LinkedHashMap<>();
        JsonNode p = root.path("provenance");
        p.fieldNames().forEachRemaining(key -> provenance.put(key, p.get(key).asText()));
        return new ModelMetadata(text(root, "name"), text(root, "version"), architecture, classes, normalization,
                thresholds, provenance);
    }

    private static JsonNode field(JsonNode node, String name) {
        JsonNode value = node.get(name);
        if (value == null || value.isNull()) {
            throw new IllegalArgumentException("field '" + name + "' is missing");
        }
        return value;
    }

    private static String text(JsonNode node, String name) {
        JsonNode value = field(node, name);
        if (!value.isTextual()) {
            throw new IllegalArgumentException("field '" + name + "' must be a string");
        }
        return value.asText();
    }

    private static int integer(JsonNode node, String name) {
        JsonNode value = field(node, name);
        if (!value.isIntegralNumber()) {
            throw new IllegalArgumentException("field '" + name + "' must be an integer");
        }
        return value.asInt();
    }

    private static double number(JsonNode node, String name) {
        JsonNode value = field(node, name);
        if (!value.isNumber()) {
            throw new IllegalArgumentException("field '" + name + "' must be a number");
        }
        return value.asDouble();
    }

    private static JsonNode object(JsonNode node, String name) {
        JsonNode value = field(node, name);
        if (!value.isObject()) {
            throw new IllegalArgumentException("field '" + name + "' must be an object");
        }
        return value;
    }

    private static JsonNode array(JsonNode node, String name) {
        JsonNode value = field(node, name);
        if (!value.isArray()) {
            throw new IllegalArgumentException("field '" + name + "' must be an array");
        }
        return value;
    }

    private static float[] floats(JsonNode node, String name) {
        JsonNode values = array(node, name);
        float[] out = new float[values.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = (float) values.get(i).asDouble();
        }
        return out;
    }

    private static void floats(ArrayNode array, float[] values) {
        for (float v : values) {
            array.add(v);
        }
    }
}
