package io.ssdstream.trainer.train;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ssdstream.ssd.io.ModelArtifact;
import io.ssdstream.ssd.io.ModelMetadata;
import io.ssdstream.ssd.io.SafetensorsReader;
import io.ssdstream.ssd.io.StateDict;
import io.ssdstream.trainer.TrainingConfig;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A saved training state: a model artifact (so {@code evaluate} and {@code export} take a checkpoint as they take
 * any model) plus the optimizer's momentum buffers and {@code trainer.json} with the step, the run's configuration
 * and its last validation metrics. Nothing else is needed to resume exactly: the learning rate is a function of
 * the step and every random draw of the data pipeline a function of the seed and the step.
 *
 * @param directory where it lives
 * @param step updates done
 * @param config the run's configuration
 * @param trainingSeconds wall time spent training up to this step, over all sessions
 * @param lastEvaluation the last validation metrics, flat, as they go into provenance; empty if none yet
 * @param metadata the model artifact's metadata
 */
public record Checkpoint(Path directory, long step, TrainingConfig config, double trainingSeconds,
        Map<String, String> lastEvaluation, ModelMetadata metadata) {

    public static final String STATE_FILE = "trainer.json";
    public static final String OPTIMIZER_FILE = "optimizer.safetensors";
    static final String LATEST_FILE = "latest";
    private static final String FORMAT = "ssd-stream-checkpoint";
    private static final int FORMAT_VERSION = 1;
    private static final ObjectMapper JSON = new ObjectMapper();

    public Checkpoint {
        lastEvaluation = Map.copyOf(lastEvaluation);
    }

    /**
     * Opens a checkpoint directory, or the newest checkpoint of a run directory (or of its {@code checkpoints}
     * folder).
     */
    public static Checkpoint open(Path path) throws IOException {
        Path directory = resolve(path);
        Path state = directory.resolve(STATE_FILE);
        JsonNode json = JSON.readTree(state.toFile());
        if (!FORMAT.equals(json.path("format").asText())) {
            throw new IOException(state + ": not an ssd-stream checkpoint (format '" + json.path("format").asText() + "')");
        }
        if (json.path("formatVersion").asInt() > FORMAT_VERSION) {
            throw new IOException(state + ": checkpoint format " + json.path("formatVersion").asInt()
                    + " is newer than this trainer (" + FORMAT_VERSION + ")");
        }
        Map<String, String> evaluation = new LinkedHashMap<>();
        json.path("lastEvaluation").fields().forEachRemaining(e -> evaluation.put(e.getKey(), e.getValue().asText()));
        return new Checkpoint(directory, json.path("step").asLong(), TrainingConfig.fromJson(json.path("config")),
                json.path("trainingSeconds").asDouble(), evaluation, ModelArtifact.open(directory).metadata());
    }

    private static Path resolve(Path path) throws IOException {
        if (Files.isRegularFile(path.resolve(STATE_FILE))) {
            return path;
        }
        for (Path root : new Path[] {path, path.resolve(CheckpointStore.FOLDER)}) {
            Path latest = root.resolve(LATEST_FILE);
            if (Files.isRegularFile(latest)) {
                return root.resolve(Files.readString(latest, StandardCharsets.UTF_8).strip());
            }
        }
        throw new NoSuchFileException(path.toString(), null, "neither a checkpoint (no " + STATE_FILE
                + ") nor a run directory with checkpoints");
    }

    public StateDict weights() throws IOException {
        return ModelArtifact.open(directory).weights();
    }

    StateDict optimizerState() throws IOException {
        return SafetensorsReader.read(directory.resolve(OPTIMIZER_FILE));
    }

    /** trainer.json's content for a checkpoint at {@code step}. */
    static ObjectNode state(long step, TrainingConfig config, double trainingSeconds,
            Map<String, String> lastEvaluation) {
        ObjectNode json = JSON.createObjectNode();
        json.put("format", FORMAT);
        json.put("formatVersion", FORMAT_VERSION);
        json.put("step", step);
        json.put("trainingSeconds", trainingSeconds);
        json.set("config", config.toJson());
        ObjectNode evaluation = json.putObject("lastEvaluation");
        lastEvaluation.forEach(evaluation::put);
        return json;
    }
}
