package io.ssdstream.schemas;

import java.util.Optional;
import java.util.stream.Collectors;
import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;
import org.apache.avro.SchemaCompatibility.SchemaCompatibilityType;
import org.apache.avro.SchemaCompatibility.SchemaPairCompatibility;

/** Why data written with one schema cannot be read with another, in Avro's schema-resolution rules. */
final class Incompatibilities {

    private Incompatibilities() {
    }

    /**
     * Each reason data of {@code writer} cannot be resolved into {@code reader}, with its JSON-pointer location in
     * the reader schema; empty when it can.
     */
    static Optional<String> between(Schema reader, Schema writer) {
        SchemaPairCompatibility pair = SchemaCompatibility.checkReaderWriterCompatibility(reader, writer);
        if (pair.getType() == SchemaCompatibilityType.COMPATIBLE) {
            return Optional.empty();
        }
        return Optional.of(pair.getResult().getIncompatibilities().stream()
                .map(i -> i.getType() + " at " + i.getLocation() + ": " + i.getMessage())
                .collect(Collectors.joining("; ")));
    }
}
