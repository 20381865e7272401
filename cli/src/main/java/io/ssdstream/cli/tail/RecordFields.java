package io.ssdstream.cli.tail;

import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.avro.LogicalTypes;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericRecord;

/**
 * A decoded contract record as JSON-ready values, in schema field order: timestamps as ISO-8601 strings, enums as
 * their symbols, and byte fields (images, rejected payloads) as {@code {"size": N}}, because a terminal is no place
 * for a JPEG.
 */
final class RecordFields {

    private RecordFields() {}

    static Map<String, Object> of(GenericRecord record) {
        Map<String, Object> fields = new LinkedHashMap<>();
        for (Schema.Field field : record.getSchema().getFields()) {
            fields.put(field.name(), value(record.get(field.pos()), field.schema()));
        }
        return fields;
    }

    private static Object value(Object value, Schema schema) {
        if (value == null) {
            return null;
        }
        if (value instanceof GenericRecord nested) {
            return of(nested);
        }
        if (value instanceof ByteBuffer bytes) {
            return Map.of("size", bytes.remaining());
        }
        if (value instanceof Instant instant) {
            return instant.toString();
        }
        if (value instanceof Long millis && isTimestampMillis(schema)) {
            return Instant.ofEpochMilli(millis).toString();
        }
        if (value instanceof Map<?, ?> map) {
            Map<String, Object> entries = new LinkedHashMap<>();
            map.forEach((key, entry) -> entries.put(key.toString(), value(entry, nonNull(schema).getValueType())));
            return entries;
        }
        if (value instanceof Collection<?> items) {
            List<Object> list = new ArrayList<>(items.size());
            items.forEach(item -> list.add(value(item, nonNull(schema).getElementType())));
            return list;
        }
        if (value instanceof CharSequence || value instanceof Enum<?>) {
            return value.toString();
        }
        return value;
    }

    private static boolean isTimestampMillis(Schema schema) {
        return nonNull(schema).getLogicalType() instanceof LogicalTypes.TimestampMillis;
    }

    /** The branch of an optional field's union that holds its values. */
    private static Schema nonNull(Schema schema) {
        if (schema.getType() != Schema.Type.UNION) {
            return schema;
        }
        return schema.getTypes().stream().filter(branch -> branch.getType() != Schema.Type.NULL).findFirst()
                .orElse(schema);
    }
}
