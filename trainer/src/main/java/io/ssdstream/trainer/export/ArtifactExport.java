package io.ssdstream.trainer.export;

import io.ssdstream.ssd.io.ModelArtifact;
import io.ssdstream.ssd.io.ModelMetadata;
import io.ssdstream.ssd.postprocess.DetectionThresholds;
import io.ssdstream.trainer.TrainingConfig;
import io.ssdstream.trainer.train.Checkpoint;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Turns a training checkpoint into the model artifact the stream job, the CLI and embedding services load:
 * {@code weights.safetensors} under torchvision's keys and {@code model.json} with the class names, the input
 * normalisation the weights were trained with, the postprocessing thresholds and the run's provenance (dataset,
 * seed, steps, recipe, last validation metrics). Optimizer state and trainer bookkeeping stay behind.
 */
public final class ArtifactExport {

    /**
     * What to name the exported model.
     *
     * @param name the model's name in detection events
     * @param version the model's version
     * @param thresholds the postprocessing defaults the artifact carries
     */
    public record Options(String name, String version, DetectionThresholds thresholds) {}

    private ArtifactExport() {}

    public static ModelArtifact write(Checkpoint checkpoint, Options options, Path directory) throws IOException {
        ModelMetadata trained = checkpoint.metadata();
        Map<String, String> provenance = new LinkedHashMap<>(trained.provenance());
        TrainingConfig config = checkpoint.config();
        provenance.put("checkpoint", checkpoint.directory().toString());
        provenance.put("steps", Long.toString(checkpoint.step()));
        provenance.put("trainingSeconds", String.format(Locale.ROOT, "%.0f", checkpoint.trainingSeconds()));
        provenance.put("recipe", String.format(Locale.ROOT,
                "SGD lr %s momentum %s weight decay %s, batch %d, %d epochs, milestones %s x%s, warm-up factor %s, "
                        + "clip %s, augmentation %s, trainable backbone layers %d",
                config.learningRate(), config.momentum(), config.weightDecay(), config.batchSize(), config.epochs(),
                config.milestones(), config.gamma(), config.warmupFactor(), config.gradientClipNorm(),
                config.augmentation().name().toLowerCase(Locale.ROOT), config.trainableBackboneLayers()));
        provenance.put("exportedAt", Instant.now().toString());
        ModelMetadata metadata = new ModelMetadata(options.name(), options.version(), trained.architecture(),
                trained.classes(), trained.normalization(), options.thresholds(), provenance);
        return ModelArtifact.write(directory, metadata, checkpoint.weights());
    }
}
