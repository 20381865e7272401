package io.ssdstream.ssd.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ssdstream.ssd.model.SsdArchitecture;
import io.ssdstream.ssd.postprocess.DetectionThresholds;
import io.ssdstream.ssd.preprocess.Normalization;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModelArtifactTest {

    @TempDir
    Path dir;

    private static ModelMetadata metadata() {
        return new ModelMetadata("cctv-people", "2.1.0", SsdArchitecture.ssd300(3).withWidth(0.25),
                List.of("__background__", "person", "vehicle"), Normalization.TORCHVISION_SSD,
                new DetectionThresholds(0.3, 0.5, 100, 50), Map.of("dataset", "lobby-cams", "mAP50", "0.61"));
    }

    private static StateDict weights() {
        LinkedHashMap<String, HostTensor> tensors = new LinkedHashMap<>();
        tensors.put("backbone.scale_weight", new HostTensor(new long[] {2}, new float[] {20f, 19.5f}));
        return new StateDict("memory", tensors);
    }

    @Test
    void writesAndReopensTheSameModel() throws Exception {
        ModelArtifact.write(dir, metadata(), weights());
        ModelArtifact reopened = ModelArtifact.open(dir);
        assertThat(reopened.metadata()).isEqualTo(metadata());
        assertThat(reopened.weights().get("backbone.scale_weight").values()).containsExactly(20f, 19.5f);
        assertThat(Files.readString(dir.resolve(ModelArtifact.METADATA_FILE)))
                .contains("\"formatVersion\" : 1").contains("\"weights\" : \"weights.safetensors\"");
    }

    @Test
    void aDirectoryWithoutModelJsonIsNotAnArtifact() {
        assertThatThrownBy(() -> ModelArtifact.open(dir))
                .isInstanceOf(NoSuchFileException.class)
                .hasMessageContaining("model.json");
    }

    @Test
    void namesTheBadField() throws Exception {
        ModelArtifact.write(dir, metadata(), weights());
        Path json = dir.resolve(ModelArtifact.METADATA_FILE);
        Files.writeString(json, Files.readString(json).replace("\"numClasses\" : 3", "\"numClasses\" : \"three\""),
                StandardCharsets.UTF_8);
        String text = Files.readString(json);
        int valueAt = text.indexOf("\"three\"");
        int line = (int) text.substring(0, valueAt).chars().filter(c -> c == '\n').count() + 1;
        int column = valueAt - text.lastIndexOf('\n', valueAt - 1);
        assertThatThrownBy(() -> ModelArtifact.open(dir))
                .isInstanceOf(WeightFormatException.class)
                .hasMessage(json + ": line " + line + ", column " + column
                        + ": field 'architecture.numClasses' must be an integer");
    }

    @Test
    void namesTheLineAndColumnOfInvalidJsonAndOfAMissingField() throws Exception {
        ModelArtifact.write(dir, metadata(), weights());
        Path json = dir.resolve(ModelArtifact.METADATA_FILE);
        Files.writeString(json, "{\n  \"format\" : \"ssd-stream-model\",\n  \"formatVersion\" : ,\n}\n");
        assertThatThrownBy(() -> ModelArtifact.open(dir))
                .isInstanceOf(WeightFormatException.class)
                .hasMessageStartingWith(json + ": line 3, column 21: invalid JSON: Unexpected character (',' ");

        Files.writeString(json, "{\n  \"format\" : \"ssd-stream-model\",\n  \"formatVersion\" : 1,\n"
                + "  \"architecture\" : {\"name\" : \"ssd300\", \"imageSize\" : 300, \"widthMultiplier\" : 1.0}\n}\n");
        assertThatThrownBy(() -> ModelArtifact.open(dir))
                .hasMessage(json + ": line 4, column 20: field 'architecture.numClasses' is missing");

        Files.writeString(json, "");
        assertThatThrownBy(() -> ModelArtifact.open(dir)).hasMessage(json + ": must hold one JSON object, found nothing");
    }

    @Test
    void readsAndRewritesAShippedModelJsonByteForByte() throws Exception {
        // the demo model's 1.0.0 metadata, written by the field-by-field writer that came before data binding: the
        // format is the file
        Path copy = dir.resolve("old");
        Files.createDirectories(copy);
        try (InputStream shipped = ModelArtifactTest.class.getResourceAsStream("/model-json/demo-1.0.0.json")) {
            Files.copy(shipped, copy.resolve(ModelArtifact.METADATA_FILE));
        }
        Files.writeString(copy.resolve(ModelArtifact.WEIGHTS_FILE), "not read by open");

        ModelMetadata metadata = ModelArtifact.open(copy).metadata();
        assertThat(metadata.name()).isEqualTo("ssd300-demo-shapes");
        assertThat(metadata.architecture()).isEqualTo(SsdArchitecture.ssd300(5).withWidth(0.125));
        assertThat(metadata.thresholds()).isEqualTo(new DetectionThresholds(0.01, 0.45, 400, 200));

        Path rewritten = dir.resolve("new");
        ModelArtifact.write(rewritten, metadata, weights());
        assertThat(Files.readString(rewritten.resolve(ModelArtifact.METADATA_FILE)))
                .isEqualToIgnoringNewLines(Files.readString(copy.resolve(ModelArtifact.METADATA_FILE)));
    }

    @Test
    void refusesAStringForANumberAFractionForAnIntegerAndANullForARequiredValue() throws Exception {
        ModelArtifact.write(dir, metadata(), weights());
        Path json = dir.resolve(ModelArtifact.METADATA_FILE);
        String original = Files.readString(json);

        Files.writeString(json, original.replace("\"score\" : 0.3", "\"score\" : \"0.3\""));
        assertThatThrownBy(() -> ModelArtifact.open(dir))
                .hasMessageEndingWith("field 'thresholds.score' must be a number");
        Files.writeString(json, original.replace("\"topKCandidates\" : 100", "\"topKCandidates\" : 100.5"));
        assertThatThrownBy(() -> ModelArtifact.open(dir))
                .hasMessageEndingWith("field 'thresholds.topKCandidates' must be an integer");
        Files.writeString(json, original.replace("\"name\" : \"cctv-people\"", "\"name\" : null"));
        assertThatThrownBy(() -> ModelArtifact.open(dir)).hasMessageEndingWith("field 'name' is missing");
        Files.writeString(json, original.replace("\"person\"", "7"));
        assertThatThrownBy(() -> ModelArtifact.open(dir)).hasMessageEndingWith("field 'classes.1' must be a string");
        Files.writeString(json, original.replaceFirst("\"mean\" : \\[ [0-9.]+", "\"mean\" : [ \"x\""));
        assertThatThrownBy(() -> ModelArtifact.open(dir))
                .hasMessageEndingWith("field 'normalization.mean.0' must be a number");
        Files.writeString(json, original.replace("\"imageSize\" : 300", "\"imageSize\" : 512"));
        assertThatThrownBy(() -> ModelArtifact.open(dir)).hasMessageEndingWith(
                "field 'architecture.imageSize' is 512, which does not match ssd300 (300)");
    }

    @Test
    void refusesANewerFormat() throws Exception {
        ModelArtifact.write(dir, metadata(), weights());
        Path json = dir.resolve(ModelArtifact.METADATA_FILE);
        Files.writeString(json, Files.readString(json).replace("\"formatVersion\" : 1", "\"formatVersion\" : 7"));
        assertThatThrownBy(() -> ModelArtifact.open(dir)).hasMessageContaining("formatVersion 7 is newer");
    }

    @Test
    void classNamesMustMatchTheNetwork() {
        assertThatThrownBy(() -> new ModelMetadata("m", "1", SsdArchitecture.ssd300(5), List.of("__background__", "a"),
                Normalization.TORCHVISION_SSD, DetectionThresholds.DEFAULTS, Map.of()))
                .hasMessageContaining("names 2 classes but its ssd300 network has 5 outputs");
    }

    @Test
    void cocoLabelsFollowTorchvisionsNinetyOneIds() {
        List<String> names = CocoLabels.names();
        assertThat(names).hasSize(91);
        assertThat(names.get(0)).isEqualTo("__background__");
        assertThat(names.get(1)).isEqualTo("person");
        assertThat(names.get(12)).isEqualTo("N/A");
        assertThat(names.get(13)).isEqualTo("stop sign");
        assertThat(names.get(90)).isEqualTo("toothbrush");
        assertThat(names.stream().filter("N/A"::equals)).hasSize(10);
    }
}
