package io.ssdstream.ssd.io;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
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
import java.util.HashMap;
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
        JsonNode root;
        try {
            root = JSON.readTree(json.toFile());
        } catch (JsonProcessingException e) {
            throw new WeightFormatException(json, at(e.getLocation()) + "invalid JSON: " + e.getOriginalMessage(), e);
        }
        if (root == null || !root.isObject()) {
            throw new WeightFormatException(json, "must hold one JSON object, found "
                    + (root == null || root.isMissingNode() ? "nothing" : root.getNodeType().toString().toLowerCase()));
        }
        try {
            return new ModelArtifact(directory, parse(root));
        } catch (FieldProblem e) {
            throw new WeightFormatException(json, at(locate(json, e.pointer)) + e.getMessage());
        } catch (IllegalArgumentException e) {
            throw new WeightFormatException(json, e.getMessage());
        }
    }

    private static String at(JsonLocation location) {
        return location == null || location.getLineNr() < 1 ? ""
                : "line " + location.getLineNr() + ", column " + location.getColumnNr() + ": ";
    }

    /**
     * Where the value at {@code pointer} starts in the file or, for a missing field, its nearest enclosing value:
     * a tree has no positions, so the file is scanned again (only on error, and it is small).
     */
    private static JsonLocation locate(Path json, JsonPointer pointer) throws IOException {
        Map<JsonPointer, JsonLocation> starts = new HashMap<>();
        try (JsonParser parser = JSON.getFactory().createParser(json.toFile())) {
            for (JsonToken token = parser.nextToken(); token != null; token = parser.nextToken()) {
                if (token != JsonToken.FIELD_NAME && !token.isStructEnd()) {
                    starts.putIfAbsent(parser.getParsingContext().pathAsPointer(), parser.currentTokenLocation());
                }
            }
        }
        for (JsonPointer p = pointer; p != null; p = p.head()) {
            if (starts.containsKey(p)) {
                return starts.get(p);
            }
        }
        return null;
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
        if (!FORMAT.equals(text(root, "/format"))) {
            throw new FieldProblem(JsonPointer.compile("/format"), "must be '" + FORMAT + "'");
        }
        int formatVersion = integer(root, "/formatVersion");
        if (formatVersion > FORMAT_VERSION) {
            throw new IllegalArgumentException("formatVersion " + formatVersion + " is newer than this reader ("
                    + FORMAT_VERSION + "); upgrade ssd-stream");
        }
        object(root, "/architecture");
        SsdArchitecture architecture = SsdArchitecture.named(text(root, "/architecture/name"),
                integer(root, "/architecture/numClasses")).withWidth(number(root, "/architecture/widthMultiplier"));
        int imageSize = integer(root, "/architecture/imageSize");
        if (imageSize != architecture.imageSize()) {
            throw new FieldProblem(JsonPointer.compile("/architecture/imageSize"), "is " + imageSize
                    + ", which does not match " + architecture.name() + " (" + architecture.imageSize() + ")");
        }
        List<String> classes = new ArrayList<>();
        array(root, "/classes").forEach(n -> classes.add(n.asText()));
        object(root, "/normalization");
        Normalization normalization = new Normalization(floats(root, "/normalization/mean"),
                floats(root, "/normalization/std"));
        object(root, "/thresholds");
        DetectionThresholds thresholds = new DetectionThresholds(number(root, "/thresholds/score"),
                number(root, "/thresholds/nmsIou"), integer(root, "/thresholds/topKCandidates"),
                integer(root, "/thresholds/detectionsPerImage"));
        Map<String, String> provenance = new LinkedHashMap<>();
        JsonNode p = root.path("provenance");
        p.fieldNames().forEachRemaining(key -> provenance.put(key, p.get(key).asText()));
        return new ModelMetadata(text(root, "/name"), text(root, "/version"), architecture, classes, normalization,
                thresholds, provenance);
    }

    /** A field of {@code model.json} that is missing or of the wrong type, kept by pointer to find its line. */
    private static final class FieldProblem extends IllegalArgumentException {

        private final transient JsonPointer pointer;

        FieldProblem(JsonPointer pointer, String problem) {
            super("field '" + pointer.toString().substring(1).replace('/', '.') + "' " + problem);
            this.pointer = pointer;
        }
    }

    private static JsonNode field(JsonNode root, String path) {
        JsonPointer pointer = JsonPointer.compile(path);
        JsonNode value = root.at(pointer);
        if (value.isMissingNode() || value.isNull()) {
            throw new FieldProblem(pointer, "is missing");
        }
        return value;
    }

    private static JsonNode checked(JsonNode root, String path, boolean valid, String expected) {
        if (!valid) {
            throw new FieldProblem(JsonPointer.compile(path), "must be " + expected);
        }
        return root.at(path);
    }

    private static String text(JsonNode root, String path) {
        return checked(root, path, field(root, path).isTextual(), "a string").asText();
    }

    private static int integer(JsonNode root, String path) {
        return checked(root, path, field(root, path).isIntegralNumber(), "an integer").asInt();
    }

    private static double number(JsonNode root, String path) {
        return checked(root, path, field(root, path).isNumber(), "a number").asDouble();
    }

    private static JsonNode object(JsonNode root, String path) {
        return checked(root, path, field(root, path).isObject(), "an object");
    }

    private static JsonNode array(JsonNode root, String path) {
        return checked(root, path, field(root, path).isArray(), "an array");
    }

    private static float[] floats(JsonNode root, String path) {
        JsonNode values = array(root, path);
        float[] out = new float[values.size()];
        for (int i = 0; i < out.length; i++) {
            if (!values.get(i).isNumber()) {
                throw new FieldProblem(JsonPointer.compile(path + "/" + i), "must be a number");
            }
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
