package io.ssdstream.schemas;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The evolution gate on small hand-made histories: it passes good evolutions and names every broken rule. */
class SchemaHistoryCheckTest {

    private static final String V1 = probe("""
            {"name": "count", "type": "long", "doc": "things"},
            {"name": "kind", "type": {"type": "enum", "name": "Kind", "symbols": ["UNKNOWN", "A"],
              "default": "UNKNOWN"}}""");

    @TempDir
    Path root;

    private Path source;
    private Path history;

    @BeforeEach
    void folders() throws IOException {
        source = Files.createDirectories(root.resolve("avro"));
        history = Files.createDirectories(root.resolve("avro-history"));
    }

    @Test
    void aReleasedUnchangedContractPasses() throws IOException {
        write("avro/Probe.avsc", V1);
        write("avro-history/Probe/v1.avsc", V1);

        assertThat(SchemaHistoryCheck.problems(source, history)).isEmpty();
    }

    @Test
    void aCompatibleChangeReleasedAsTheNextVersionPasses() throws IOException {
        String v2 = probe("""
                {"name": "count", "type": "long", "doc": "things"},
                {"name": "kind", "type": {"type": "enum", "name": "Kind", "symbols": ["UNKNOWN", "A", "B"],
                  "default": "UNKNOWN"}},
                {"name": "note", "type": "string", "default": ""}""");
        write("avro/Probe.avsc", v2);
        write("avro-history/Probe/v1.avsc", V1);
        write("avro-history/Probe/v2.avsc", v2);

        assertThat(SchemaHistoryCheck.problems(source, history)).isEmpty();
    }

    @Test
    void anyChangeEvenToDocsNeedsANewVersionFile() throws IOException {
        write("avro/Probe.avsc", V1.replace("things", "things counted, per second"));
        write("avro-history/Probe/v1.avsc", V1);

        assertThat(SchemaHistoryCheck.problems(source, history)).singleElement().asString()
                .contains("differs from its newest released version", "v1.avsc", "v2.avsc");
    }

    @Test
    void aFieldAddedWithoutDefaultBreaksBackwardCompatibility() throws IOException {
        String v2 = probe("""
                {"name": "count", "type": "long", "doc": "things"},
                {"name": "kind", "type": {"type": "enum", "name": "Kind", "symbols": ["UNKNOWN", "A"],
                  "default": "UNKNOWN"}},
                {"name": "note", "type": "string"}""");
        write("avro/Probe.avsc", v2);
        write("avro-history/Probe/v1.avsc", V1);
        write("avro-history/Probe/v2.avsc", v2);

        assertThat(SchemaHistoryCheck.problems(source, history))
                .anySatisfy(p -> assertThat(p).contains("v2 cannot read data written with v1 (backward)",
                        "READER_FIELD_MISSING_DEFAULT", "note"));
    }

    @Test
    void aFieldRemovedWithoutDefaultBreaksForwardCompatibility() throws IOException {
        String v2 = probe("""
                {"name": "kind", "type": {"type": "enum", "name": "Kind", "symbols": ["UNKNOWN", "A"],
                  "default": "UNKNOWN"}}""");
        write("avro/Probe.avsc", v2);
        write("avro-history/Probe/v1.avsc", V1);
        write("avro-history/Probe/v2.avsc", v2);

        assertThat(SchemaHistoryCheck.problems(source, history))
                .anySatisfy(p -> assertThat(p).contains("v1 cannot read data written with v2 (forward)", "count"));
    }

    @Test
    void aNewEnumSymbolWithoutAReaderDefaultBreaksForwardCompatibility() throws IOException {
        String v1 = probe("""
                {"name": "kind", "type": {"type": "enum", "name": "Kind", "symbols": ["A"]}}""");
        String v2 = probe("""
                {"name": "kind", "type": {"type": "enum", "name": "Kind", "symbols": ["A", "B"]}}""");
        write("avro/Probe.avsc", v2);
        write("avro-history/Probe/v1.avsc", v1);
        write("avro-history/Probe/v2.avsc", v2);

        assertThat(SchemaHistoryCheck.problems(source, history))
                .singleElement().asString().contains("(forward)", "MISSING_ENUM_SYMBOLS", "B");
    }

    @Test
    void compatibilityIsCheckedAgainstEveryReleasedVersionNotOnlyTheLatest() throws IOException {
        String v2 = probe("""
                {"name": "count", "type": "long", "doc": "things"},
                {"name": "kind", "type": {"type": "enum", "name": "Kind", "symbols": ["UNKNOWN", "A"],
                  "default": "UNKNOWN"}},
                {"name": "note", "type": "string", "default": ""}""");
        String v3 = probe("""
                {"name": "count", "type": "long", "doc": "things"},
                {"name": "kind", "type": {"type": "enum", "name": "Kind", "symbols": ["UNKNOWN", "A"],
                  "default": "UNKNOWN"}},
                {"name": "note", "type": "string"}""");
        write("avro/Probe.avsc", v3);
        write("avro-history/Probe/v1.avsc", V1);
        write("avro-history/Probe/v2.avsc", v2);
        write("avro-history/Probe/v3.avsc", v3);

        assertThat(SchemaHistoryCheck.problems(source, history))
                .anySatisfy(p -> assertThat(p).contains("v3 cannot read data written with v1 (backward)"))
                .noneSatisfy(p -> assertThat(p).contains("written with v2"));
    }

    @Test
    void missingHistoryGapsStrayFilesAndDeletedContractsAreNamed() throws IOException {
        write("avro/Probe.avsc", V1);
        write("avro/Other.avsc", V1.replace("\"Probe\"", "\"Other\""));
        write("avro-history/Probe/v1.avsc", V1);
        write("avro-history/Probe/v3.avsc", V1);
        write("avro-history/Probe/latest.avsc", V1);
        write("avro-history/Gone/v1.avsc", V1.replace("\"Probe\"", "\"Gone\""));

        assertThat(SchemaHistoryCheck.problems(source, history)).satisfiesExactlyInAnyOrder(
                p -> assertThat(p).contains("Other has no released version", "Other/v1.avsc"),
                p -> assertThat(p).contains("skips v2"),
                p -> assertThat(p).contains("latest.avsc is not a version file"),
                p -> assertThat(p).contains("Gone", "never disappears"));
    }

    @Test
    void aReleasedFileOfAnotherRecordIsNamed() throws IOException {
        write("avro/Probe.avsc", V1);
        write("avro-history/Probe/v1.avsc", V1.replace("\"Probe\"", "\"Impostor\""));

        assertThat(SchemaHistoryCheck.problems(source, history))
                .anySatisfy(p -> assertThat(p).contains("defines t.Impostor, expected t.Probe"));
    }

    @Test
    void anUnreadableFolderIsAnErrorNotAPass() {
        assertThatThrownBy(() -> SchemaHistoryCheck.problems(root.resolve("nowhere"), history))
                .hasMessageContaining("nowhere");
    }

    private void write(String relative, String content) throws IOException {
        Path file = root.resolve(relative);
        Files.createDirectories(file.getParent());
        Files.writeString(file, content);
    }

    private static String probe(String fields) {
        return "{\"type\": \"record\", \"name\": \"Probe\", \"namespace\": \"t\", \"fields\": [" + fields + "]}";
    }
}
