package io.ssdstream.schemas;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.avro.SchemaNormalization;
import org.apache.avro.specific.SpecificRecordBase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Keeps the computed parts of {@code docs/contracts.md} true: each section between
 * {@code <!-- generated:NAME -->} and {@code <!-- /generated:NAME -->} must be exactly what the schemas and the
 * codec produce. Run with {@code -Dcontracts.update=true} to rewrite the sections in place.
 */
class ContractsDocTest {

    private static final Path DOC = Path.of("../docs/contracts.md");
    private static final String UPDATE_PROPERTY = "contracts.update";
    /** A row of the reason table: the wire reason, its meaning, and the dead-letter reason code or nothing. */
    private static final Pattern REASON_ROW = Pattern.compile("\\| `([A-Z_]+)` \\| [^|]+ \\| (?:`([A-Z_]+)`)? *\\|");

    @Test
    void generatedSectionsOfTheContractsDocAreWhatTheCodeProduces() throws Exception {
        String doc = Files.readString(DOC);
        String expected = withSections(doc, sections());
        if (Boolean.getBoolean(UPDATE_PROPERTY)) {
            Files.writeString(DOC, expected);
            doc = expected;
        }

        assertThat(doc).as("%s is stale; rewrite its generated sections with "
                + "./mvnw -q -pl schemas verify -D%s=true", DOC, UPDATE_PROPERTY).isEqualTo(expected);
    }

    static List<SpecificRecordBase> workedExamples() {
        return List.of(ContractSamples.detectionEvent(), ContractSamples.objectEvent(),
                ContractSamples.cameraClassCounts(), ContractSamples.lineCrossing());
    }

    @ParameterizedTest
    @MethodSource("workedExamples")
    void workedExampleIsTheCodecsOwnOutputAndReadsBack(SpecificRecordBase example) throws Exception {
        @SuppressWarnings("unchecked")
        WireCodec<SpecificRecordBase> codec = WireCodec.forRecord((Class<SpecificRecordBase>) example.getClass());
        byte[] message = codec.encode(example);

        List<DatumAnnotator.Span> spans = DatumAnnotator.annotate(message, codec.schema());

        assertThat(codec.decode(message)).isEqualTo(example);
        assertThat(spans.get(1).meaning()).contains(String.format("0x%016X",
                SchemaNormalization.parsingFingerprint64(example.getSchema())));
        int covered = 0;
        for (DatumAnnotator.Span span : spans) {
            assertThat(span.offset()).as("span of %s", span.field()).isEqualTo(covered);
            covered += span.bytes().length;
        }
        assertThat(covered).isEqualTo(message.length);
    }

    @Test
    void theDeadLetterReasonTableIsTheCodecsMapping() throws IOException {
        Map<String, String> documented = new LinkedHashMap<>();
        boolean inTable = false;
        for (String line : Files.readAllLines(DOC)) {
            if (line.startsWith("| `WireFormatException.Reason` |")) {
                inTable = true;
                continue;
            }
            if (inTable && !line.startsWith("|")) {
                break;
            }
            Matcher row = REASON_ROW.matcher(line);
            if (inTable && row.matches()) {
                documented.put(row.group(1), row.group(2) == null ? "" : row.group(2));
            }
        }

        Map<String, String> coded = new LinkedHashMap<>();
        for (WireFormatException.Reason reason : WireFormatException.Reason.values()) {
            coded.put(reason.name(), reason.deadLetterReason().map(Enum::name).orElse(""));
        }
        assertThat(documented).as("the WireFormatException.Reason table of %s", DOC).containsExactlyEntriesOf(coded);
    }

    private static Map<String, String> sections() throws WireFormatException {
        WireCodec<DetectionEvent> codec = WireCodec.forRecord(DetectionEvent.class);
        Map<String, String> sections = new LinkedHashMap<>();
        sections.put("fingerprints", ContractsMarkdown.fingerprints());
        sections.put("field-reference", ContractsMarkdown.fieldReference());
        sections.put("worked-example", ContractsMarkdown.workedExample(
                codec.encode(ContractSamples.detectionEvent()), codec.schema()));
        WireCodec<ObjectEvent> objects = WireCodec.forRecord(ObjectEvent.class);
        sections.put("worked-example-object", ContractsMarkdown.workedExample(
                objects.encode(ContractSamples.objectEvent()), objects.schema()));
        WireCodec<CameraClassCounts> counts = WireCodec.forRecord(CameraClassCounts.class);
        sections.put("worked-example-counts", ContractsMarkdown.workedExample(
                counts.encode(ContractSamples.cameraClassCounts()), counts.schema()));
        WireCodec<LineCrossing> crossings = WireCodec.forRecord(LineCrossing.class);
        sections.put("worked-example-crossing", ContractsMarkdown.workedExample(
                crossings.encode(ContractSamples.lineCrossing()), crossings.schema()));
        return sections;
    }

    private static String withSections(String doc, Map<String, String> sections) throws IOException {
        String filled = doc;
        for (Map.Entry<String, String> section : sections.entrySet()) {
            String open = "<!-- generated:" + section.getKey() + " -->\n";
            String close = "<!-- /generated:" + section.getKey() + " -->";
            int start = filled.indexOf(open);
            int end = filled.indexOf(close);
            if (start < 0 || end < start) {
                throw new IOException(DOC + " lacks the markers " + open.strip() + " ... " + close);
            }
            filled = filled.substring(0, start + open.length()) + section.getValue() + filled.substring(end);
        }
        return filled;
    }
}
