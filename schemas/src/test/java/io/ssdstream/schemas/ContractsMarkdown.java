package io.ssdstream.schemas;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.avro.JsonProperties;
import org.apache.avro.Schema;
import org.apache.avro.SchemaNormalization;
import org.apache.avro.specific.SpecificRecordBase;

/** The parts of {@code docs/contracts.md} that are computed from the schemas and the codec, never typed by hand. */
final class ContractsMarkdown {

    private static final int DUMP_BYTES_PER_LINE = 16;

    private ContractsMarkdown() {
    }

    /** Every released version of every contract with its fingerprint, as a table. */
    static String fingerprints() {
        StringBuilder text = new StringBuilder()
                .append("| contract | version | fingerprint (uint64) | header bytes 0-9 |\n")
                .append("|---|---|---|---|\n");
        for (Class<? extends SpecificRecordBase> contract : ContractSamples.CONTRACTS) {
            List<Schema> versions = SchemaHistory.of(WireCodec.forRecord(contract).schema()).versions();
            for (int v = 0; v < versions.size(); v++) {
                long fingerprint = SchemaNormalization.parsingFingerprint64(versions.get(v));
                text.append(String.format("| %s | v%d | `0x%016X` | `%s` |%n", contract.getSimpleName(), v + 1,
                        fingerprint, DatumAnnotator.hex(SingleObjectHeader.of(fingerprint))));
            }
        }
        return text.toString();
    }

    /** Every field of every contract with its type, default and documentation, one table per record. */
    static String fieldReference() {
        Map<String, Schema> records = new LinkedHashMap<>();
        for (Class<? extends SpecificRecordBase> contract : ContractSamples.CONTRACTS) {
            collectRecords(WireCodec.forRecord(contract).schema(), records);
        }
        StringBuilder text = new StringBuilder();
        for (Schema record : records.values()) {
            text.append("#### ").append(record.getName()).append("\n\n").append(record.getDoc()).append("\n\n")
                    .append("| field | type | default | meaning and unit |\n|---|---|---|---|\n");
            for (Schema.Field field : record.getFields()) {
                text.append("| `").append(field.name()).append("` | ").append(type(field.schema())).append(" | ")
                        .append(field.hasDefaultValue() ? "`" + defaultValue(field.defaultVal()) + "`" : "")
                        .append(" | ").append(field.doc()).append(" |\n");
            }
            text.append('\n');
        }
        return text.toString().stripTrailing() + "\n";
    }

    /** One message, dumped in hex and then read span by span. */
    static String workedExample(byte[] message, Schema writer) {
        StringBuilder text = new StringBuilder("```text\n");
        for (int line = 0; line < message.length; line += DUMP_BYTES_PER_LINE) {
            byte[] chunk = Arrays.copyOfRange(message, line,
                    Math.min(message.length, line + DUMP_BYTES_PER_LINE));
            text.append(String.format("%04x  %s%n", line, DatumAnnotator.hex(chunk)));
        }
        text.append("```\n\n")
                .append("| offset | bytes | field | meaning |\n|---:|---|---|---|\n");
        for (DatumAnnotator.Span span : DatumAnnotator.annotate(message, writer)) {
            text.append(String.format("| %d | `%s` | %s | %s |%n", span.offset(), DatumAnnotator.hex(span.bytes()),
                    span.field().startsWith("(") ? span.field() : "`" + span.field() + "`", span.meaning()));
        }
        return text.toString();
    }

    private static void collectRecords(Schema schema, Map<String, Schema> records) {
        switch (schema.getType()) {
            case RECORD -> {
                if (records.putIfAbsent(schema.getFullName(), schema) == null) {
                    schema.getFields().forEach(field -> collectRecords(field.schema(), records));
                }
            }
            case ARRAY -> collectRecords(schema.getElementType(), records);
            case MAP -> collectRecords(schema.getValueType(), records);
            case UNION -> schema.getTypes().forEach(branch -> collectRecords(branch, records));
            default -> {
            }
        }
    }

    private static String type(Schema schema) {
        return switch (schema.getType()) {
            case RECORD -> schema.getName();
            case ENUM -> "enum " + schema.getName() + " {" + String.join(", ", schema.getEnumSymbols())
                    + "}, default " + schema.getEnumDefault();
            case ARRAY -> "array of " + type(schema.getElementType());
            case MAP -> "map of string to " + type(schema.getValueType());
            case UNION -> schema.getTypes().stream().map(ContractsMarkdown::type).collect(Collectors.joining(" or "));
            default -> schema.getLogicalType() == null ? schema.getName()
                    : schema.getName() + " (" + schema.getLogicalType().getName() + ")";
        };
    }

    private static String defaultValue(Object value) {
        if (value == JsonProperties.NULL_VALUE) {
            return "null";
        }
        if (value instanceof Map<?, ?> map && map.isEmpty()) {
            return "{}";
        }
        return value instanceof CharSequence ? "\"" + value + "\"" : String.valueOf(value);
    }
}
