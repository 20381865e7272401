package io.ssdstream.trainer.train;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ssdstream.ssd.io.ModelArtifact;
import io.ssdstream.ssd.io.ModelMetadata;
import io.ssdstream.ssd.io.SafetensorsWriter;
import io.ssdstream.ssd.io.StateDict;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * The {@code checkpoints} folder of a run: one {@code step-NNNNNNNN} directory per checkpoint, the newest named in
 * {@code latest}, only the newest few kept. A checkpoint is assembled in a hidden temporary directory and renamed
 * into place, and {@code latest} is replaced atomically, so a crash mid-write never leaves a half checkpoint
 * where resume would look.
 */
final class CheckpointStore {

    static final String FOLDER = "checkpoints";
    private static final String PREFIX = "step-";
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private final Path folder;
    private final int keep;

    CheckpointStore(Path runDirectory, int keep) {
        this.folder = runDirectory.resolve(FOLDER);
        this.keep = keep;
    }

    /** Writes the checkpoint of {@code step} and returns its directory. */
    Path save(long step, ModelMetadata metadata, StateDict weights, StateDict optimizer, ObjectNode state)
            throws IOException {
        Files.createDirectories(folder);
        String name = String.format("%s%08d", PREFIX, step);
        Path partial = folder.resolve("." + name + "." + UUID.randomUUID() + ".partial");
        ModelArtifact.write(partial, metadata, weights);
        SafetensorsWriter.write(partial.resolve(Checkpoint.OPTIMIZER_FILE), optimizer, Map.of("format", "ssd-stream-sgd"));
        JSON.writeValue(partial.resolve(Checkpoint.STATE_FILE).toFile(), state);
        Path target = folder.resolve(name);
        if (Files.exists(target)) {
            deleteTree(target);
        }
        Files.move(partial, target, StandardCopyOption.ATOMIC_MOVE);
        Path latest = Files.createTempFile(folder, ".latest", ".tmp");
        Files.writeString(latest, name + "\n", StandardCharsets.UTF_8);
        Files.move(latest, folder.resolve(Checkpoint.LATEST_FILE), StandardCopyOption.ATOMIC_MOVE,
                StandardCopyOption.REPLACE_EXISTING);
        prune();
        return target;
    }

    private void prune() throws IOException {
        List<Path> checkpoints;
        try (Stream<Path> entries = Files.list(folder)) {
            checkpoints = entries.filter(p -> p.getFileName().toString().startsWith(PREFIX))
                    .sorted(Comparator.comparing(p -> p.getFileName().toString()))
                    .toList();
        }
        for (int i = 0; i < checkpoints.size() - keep; i++) {
            deleteTree(checkpoints.get(i));
        }
    }

    private static void deleteTree(Path root) throws IOException {
        try (Stream<Path> tree = Files.walk(root)) {
            tree.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.delete(p);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }
}
