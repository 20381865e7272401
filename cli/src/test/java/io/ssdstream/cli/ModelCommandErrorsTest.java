package io.ssdstream.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The everyday mistakes with the model commands' files: each one line naming the file and what is wrong. */
class ModelCommandErrorsTest {

    private static final String NL = System.lineSeparator();

    @TempDir
    static Path dir;

    private static Path model;

    @BeforeAll
    static void tinyModel() {
        model = dir.resolve("model");
        CliRun init = init(model);
        assertThat(init.exitCode()).as(init.err()).isZero();
    }

    private static CliRun init(Path out) {
        return CliRun.of("model", "init", "--classes", "3", "--width", "0.0625", "--out", out.toString());
    }

    @Test
    void importFromAMissingFileSaysItDoesNotExist() {
        Path missing = dir.resolve("missing.pth");
        CliRun run = CliRun.of("model", "import", "--from", missing.toString(), "--out", dir.resolve("a").toString());
        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err()).isEqualTo("ssd-stream import: " + missing + ": does not exist" + NL);
    }

    @Test
    void importFromADirectorySaysSo() {
        CliRun run = CliRun.of("model", "import", "--from", model.toString(), "--out", dir.resolve("b").toString());
        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err()).isEqualTo("ssd-stream import: " + model + ": is a directory, not a weights file"
                + " (.pth, .pt or .safetensors)" + NL);
    }

    @Test
    void initOverAnExistingFileIsRefusedAndLeavesItAlone() throws Exception {
        Path picture = Files.writeString(dir.resolve("existing-file.jpg"), "not a model");
        CliRun run = init(picture);
        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err()).isEqualTo("ssd-stream init: --out " + picture + " is an existing file, not a directory;"
                + " give a new directory (or an existing model artifact to replace)" + NL);
        assertThat(Files.readString(picture)).isEqualTo("not a model");
    }

    @Test
    void exportOverAnExistingFileIsRefusedBeforeTheCheckpointIsRead() throws Exception {
        Path notes = Files.writeString(dir.resolve("notes.txt"), "keep me");
        CliRun run = CliRun.of("export", "--checkpoint", dir.resolve("no-run").toString(), "--out", notes.toString());
        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err()).isEqualTo("ssd-stream export: --out " + notes + " is an existing file, not a directory;"
                + " give a new directory (or an existing model artifact to replace)" + NL);
        assertThat(Files.readString(notes)).isEqualTo("keep me");
    }

    @Test
    void initIntoANonEmptyDirectoryThatIsNoArtifactIsRefused() throws Exception {
        Path photos = Files.createDirectories(dir.resolve("photos"));
        Files.writeString(photos.resolve("a.jpg"), "x");
        CliRun run = init(photos);
        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err()).isEqualTo("ssd-stream init: --out " + photos + " is a non-empty directory without"
                + " model.json, not a model artifact; give a new or empty directory" + NL);
        try (var entries = Files.list(photos)) {
            assertThat(entries).containsExactly(photos.resolve("a.jpg"));
        }
    }

    @Test
    void initReplacesAnExistingArtifactOrFillsAnEmptyDirectory() throws Exception {
        Path again = dir.resolve("again");
        assertThat(init(again).exitCode()).isZero();
        CliRun replaced = init(again);
        assertThat(replaced.exitCode()).as(replaced.err()).isZero();
        CliRun empty = init(Files.createDirectories(dir.resolve("empty")));
        assertThat(empty.exitCode()).as(empty.err()).isZero();
    }

    @Test
    void aCorruptModelJsonNamesTheFileLineColumnAndField() throws Exception {
        Path broken = dir.resolve("broken");
        assertThat(init(broken).exitCode()).isZero();
        Path json = broken.resolve("model.json");
        String good = Files.readString(json);

        Files.writeString(json, good.replaceFirst("\"name\" : \"[^\"]*\",", "\"name\" : ,"));
        int line = lineOf(good, "\"name\" :");
        CliRun invalid = CliRun.of("model", "info", "--model", broken.toString());
        assertThat(invalid.exitCode()).isEqualTo(1);
        assertThat(invalid.err()).startsWith("ssd-stream info: " + json + ": line " + line + ", column 12: invalid JSON:")
                .hasLineCount(1);

        Files.writeString(json, good.replace("\"widthMultiplier\" : 0.0625", "\"widthMultiplier\" : \"thin\""));
        CliRun wrongType = CliRun.of("model", "info", "--model", broken.toString());
        assertThat(wrongType.exitCode()).isEqualTo(1);
        assertThat(wrongType.err()).isEqualTo("ssd-stream info: " + json + ": line "
                + lineOf(good, "\"widthMultiplier\"") + ", column 25: field 'architecture.widthMultiplier' must be"
                + " a number" + NL);
    }

    /** The 1-based line of the first occurrence of {@code text}. */
    private static int lineOf(String json, String text) {
        return json.substring(0, json.indexOf(text)).split("\n", -1).length;
    }
}
