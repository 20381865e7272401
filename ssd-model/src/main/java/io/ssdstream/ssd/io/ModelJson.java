package io.ssdstream.ssd.io;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.annotation.JsonSetter;
import com.fasterxml.jackson.annotation.Nulls;
import io.ssdstream.ssd.model.SsdArchitecture;
import io.ssdstream.ssd.postprocess.DetectionThresholds;
import io.ssdstream.ssd.preprocess.Normalization;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The shape of {@code model.json}, bound by Jackson: the file keeps its own field names ({@code score},
 * {@code nmsIou}, ...) while {@link ModelMetadata} and its records keep theirs, and this is the one place that maps
 * between them. Every field but {@code weights}, {@code normalization.inputRange} and {@code provenance} is required;
 * {@link ModelArtifact} turns a binding error into the file, line, column and field.
 */
@JsonPropertyOrder({"format", "formatVersion", "name", "version", "architecture", "classes", "normalization",
        "thresholds", "weights", "provenance"})
record ModelJson(
        @JsonProperty(required = true) String format,
        @JsonProperty(required = true) int formatVersion,
        @JsonProperty(required = true) String name,
        @JsonProperty(required = true) String version,
        @JsonProperty(required = true) Architecture architecture,
        @JsonProperty(required = true) List<String> classes,
        @JsonProperty(required = true) Input normalization,
        @JsonProperty(required = true) Thresholds thresholds,
        @JsonSetter(nulls = Nulls.AS_EMPTY) String weights,
        @JsonSetter(nulls = Nulls.AS_EMPTY) Map<String, String> provenance) {

    /** The part a reader checks before anything else, so that a newer format is named as such. */
    record Header(@JsonProperty(required = true) String format, @JsonProperty(required = true) int formatVersion) {
    }

    record Architecture(
            @JsonProperty(required = true) String name,
            @JsonProperty(required = true) int imageSize,
            @JsonProperty(required = true) double widthMultiplier,
            @JsonProperty(required = true) int numClasses) {
    }

    /** {@code inputRange} documents the pixel scale for readers of the file; the mean and std assume it. */
    record Input(
            @JsonSetter(nulls = Nulls.AS_EMPTY) String inputRange,
            @JsonProperty(required = true) float[] mean,
            @JsonProperty(required = true) float[] std) {
    }

    record Thresholds(
            @JsonProperty(required = true) double score,
            @JsonProperty(required = true) double nmsIou,
            @JsonProperty(required = true) int topKCandidates,
            @JsonProperty(required = true) int detectionsPerImage) {
    }

    static ModelJson of(ModelMetadata m, String format, int formatVersion, String weightsFile) {
        SsdArchitecture a = m.architecture();
        DetectionThresholds t = m.thresholds();
        return new ModelJson(format, formatVersion, m.name(), m.version(),
                new Architecture(a.name(), a.imageSize(), a.widthMultiplier(), a.numClasses()), m.classes(),
                new Input("0-1 RGB", m.normalization().mean(), m.normalization().std()),
                new Thresholds(t.scoreThreshold(), t.nmsIouThreshold(), t.topKCandidates(), t.detectionsPerImage()),
                weightsFile, new TreeMap<>(m.provenance()));
    }

    /**
     * The metadata the file describes; the records' own validation applies.
     *
     * @throws IllegalArgumentException for a value the records refuse
     * @throws ImageSizeMismatch when {@code architecture.imageSize} contradicts the named architecture
     */
    ModelMetadata metadata() {
        SsdArchitecture a = SsdArchitecture.named(architecture.name(), architecture.numClasses())
                .withWidth(architecture.widthMultiplier());
        if (architecture.imageSize() != a.imageSize()) {
            throw new ImageSizeMismatch("is " + architecture.imageSize() + ", which does not match " + a.name()
                    + " (" + a.imageSize() + ")");
        }
        return new ModelMetadata(name, version, a, classes,
                new Normalization(normalization.mean(), normalization.std()),
                new DetectionThresholds(thresholds.score(), thresholds.nmsIou(), thresholds.topKCandidates(),
                        thresholds.detectionsPerImage()),
                provenance);
    }

    /** {@code architecture.imageSize} names another network than {@code architecture.name}. */
    static final class ImageSizeMismatch extends IllegalArgumentException {
        private static final long serialVersionUID = 1L;

        ImageSizeMismatch(String problem) {
            super(problem);
        }
    }
}
