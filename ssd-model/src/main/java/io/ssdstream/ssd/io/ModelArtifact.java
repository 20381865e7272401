package io.ssdstream.ssd.io;

import com.fasterxml.jackson.annotation.JsonSetter;
import com.fasterxml.jackson.annotation.Nulls;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.type.LogicalType;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
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
    private static final JsonPointer FORMAT_FIELD = JsonPointer.compile("/format");
    private static final JsonPointer IMAGE_SIZE_FIELD = JsonPointer.compile("/architecture/imageSize");
    /**
     * Strict where a hand-edited file could be misread: no string for a number or a number for a string, no
     * fraction for an integer, no null for a required value; fields this version does not know are ignored, so a
     * newer writer's additions do not break an older reader.
     */
    private static final ObjectMapper JSON = JsonMapper.builder()
            .enable(SerializationFeature.INDENT_OUTPUT)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
            .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
            .defaultSetterInfo(JsonSetter.Value.construct(Nulls.FAIL, Nulls.FAIL))
            .withCoercionConfig(LogicalType.Textual, text -> text
                    .setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
                    .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
                    .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail))
            .build();

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
            ModelJson.Header header = JSON.treeToValue(root, ModelJson.Header.class);
            if (!FORMAT.equals(header.format())) {
                throw badField(json, FORMAT_FIELD, "must be '" + FORMAT + "'");
            }
            if (header.formatVersion() > FORMAT_VERSION) {
                throw new WeightFormatException(json, "formatVersion " + header.formatVersion() + " is newer than"
                        + " this reader (" + FORMAT_VERSION + "); upgrade ssd-stream");
            }
            return new ModelArtifact(directory, JSON.treeToValue(root, ModelJson.class).metadata());
        } catch (JsonMappingException e) {
            JsonPointer pointer = pointer(e.getPath());
            JsonNode value = root.at(pointer);
            throw badField(json, pointer, value.isMissingNode() || value.isNull() ? "is missing"
                    : "must be " + expected(e, pointer));
        } catch (ModelJson.ImageSizeMismatch e) {
            throw badField(json, IMAGE_SIZE_FIELD, e.getMessage());
        } catch (IllegalArgumentException e) {
            throw new WeightFormatException(json, e.getMessage());
        }
    }

    private static WeightFormatException badField(Path json, JsonPointer pointer, String problem) throws IOException {
        return new WeightFormatException(json, at(locate(json, pointer)) + "field '"
                + pointer.toString().substring(1).replace('/', '.') + "' " + problem);
    }

    private static JsonPointer pointer(List<JsonMappingException.Reference> path) {
        JsonPointer pointer = JsonPointer.empty();
        for (JsonMappingException.Reference step : path) {
            pointer = step.getFieldName() != null ? pointer.appendProperty(step.getFieldName())
                    : pointer.appendIndex(step.getIndex());
        }
        return pointer;
    }

    /** What the file should have held where binding failed, in the words of JSON rather than Java. */
    private static String expected(JsonMappingException e, JsonPointer pointer) {
        Class<?> type = e instanceof MismatchedInputException m && m.getTargetType() != null ? m.getTargetType()
                : Object.class;
        if (type.isArray() && pointer.last() != null && pointer.last().mayMatchElement()) {
            type = type.getComponentType();
        }
        if (type == int.class || type == Integer.class || type == long.class || type == Long.class) {
            return "an integer";
        }
        if (type == double.class || type == Double.class || type == float.class || type == Float.class) {
            return "a number";
        }
        if (type == String.class) {
            return "a string";
        }
        return type.isArray() || List.class.isAssignableFrom(type) ? "an array" : "an object";
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
        JSON.writeValue(temporary.toFile(), ModelJson.of(metadata, FORMAT, FORMAT_VERSION, WEIGHTS_FILE));
        Files.move(temporary, json, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        return new ModelArtifact(directory, metadata);
    }
}
