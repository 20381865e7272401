package io.ssdstream.schemas;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Function;
import org.apache.avro.LogicalTypes;
import org.apache.avro.Schema;
import org.apache.avro.io.BinaryDecoder;
import org.apache.avro.io.DecoderFactory;

/**
 * A byte-by-byte reading of one single-object message, the way a consumer without Avro code generation decodes
 * it: the header, then each primitive of the datum in schema order, with the bytes it occupies and what they mean.
 * Drives the worked example in {@code docs/contracts.md}.
 */
final class DatumAnnotator {

    /** One stretch of the message: where it starts, its bytes, the field it belongs to and its decoded meaning. */
    record Span(int offset, byte[] bytes, String field, String meaning) {
    }

    private final byte[] message;
    private final ByteArrayInputStream input;
    private final BinaryDecoder decoder;
    private final List<Span> spans = new ArrayList<>();

    private DatumAnnotator(byte[] message) {
        this.message = message;
        this.input = new ByteArrayInputStream(message, SingleObjectHeader.LENGTH,
                message.length - SingleObjectHeader.LENGTH);
        this.decoder = DecoderFactory.get().directBinaryDecoder(input, null);
    }

    /** The spans of a message written with {@code writer}, covering every byte exactly once. */
    static List<Span> annotate(byte[] message, Schema writer) {
        DatumAnnotator annotator = new DatumAnnotator(message);
        annotator.header();
        try {
            annotator.walk(writer, "");
        } catch (IOException e) {
            throw new UncheckedIOException("message does not decode with " + writer.getFullName(), e);
        }
        if (annotator.input.available() != 0) {
            throw new IllegalArgumentException(annotator.input.available() + " bytes left after the datum");
        }
        return annotator.spans;
    }

    private void header() {
        spans.add(new Span(0, Arrays.copyOf(message, 2), "(header)", "single-object marker C3 01"));
        long fingerprint = 0;
        for (int i = 7; i >= 0; i--) {
            fingerprint = (fingerprint << 8) | (message[2 + i] & 0xFFL);
        }
        spans.add(new Span(2, Arrays.copyOfRange(message, 2, SingleObjectHeader.LENGTH), "(header)", String.format(
                "writer schema fingerprint, little-endian: 0x%016X", fingerprint)));
    }

    private void walk(Schema schema, String path) throws IOException {
        switch (schema.getType()) {
            case RECORD -> {
                for (Schema.Field field : schema.getFields()) {
                    walk(field.schema(), path.isEmpty() ? field.name() : path + "." + field.name());
                }
            }
            case ARRAY -> collection(path, "array", schema.getElementType(), decoder::readArrayStart,
                    decoder::arrayNext);
            case MAP -> collection(path, "map", schema.getValueType(), decoder::readMapStart, decoder::mapNext);
            case UNION -> {
                int branch = read(path, decoder::readIndex,
                        i -> "union branch " + i + " (" + schema.getTypes().get(i).getType().getName() + ")");
                walk(schema.getTypes().get(branch), path);
            }
            case ENUM -> read(path, decoder::readEnum,
                    i -> "enum index " + i + ", zigzag varint: " + schema.getEnumSymbols().get(i));
            case STRING -> read(path, decoder::readString, s -> "string: length "
                    + s.getBytes(StandardCharsets.UTF_8).length + " (zigzag varint), then UTF-8 \"" + s + "\"");
            case BYTES -> read(path, () -> decoder.readBytes(null), b -> "bytes: length " + b.remaining()
                    + " (zigzag varint), then the raw bytes");
            case INT -> read(path, decoder::readInt, v -> "int, zigzag varint: " + v);
            case LONG -> read(path, decoder::readLong, v -> "long, zigzag varint: " + v + timestamp(schema, v));
            case FLOAT -> read(path, decoder::readFloat, v -> "float, IEEE 754 little-endian: " + v);
            case DOUBLE -> read(path, decoder::readDouble, v -> "double, IEEE 754 little-endian: " + v);
            case BOOLEAN -> read(path, decoder::readBoolean, v -> "boolean: " + v);
            case NULL -> decoder.readNull();
            default -> throw new IllegalArgumentException("no annotation for " + schema.getType() + " at " + path);
        }
    }

    private void collection(String path, String kind, Schema items, Read<Long> first, Read<Long> next)
            throws IOException {
        Function<Long, String> block = count -> count == 0 ? "end of " + kind + " (block of 0 items)"
                : kind + " block of " + count + (count == 1 ? " item" : " items") + ", zigzag varint";
        int index = 0;
        for (long count = read(path, first, block); count != 0; count = read(path, next, block)) {
            for (long i = 0; i < count; i++, index++) {
                if (kind.equals("map")) {
                    read(path + "{key " + index + "}", decoder::readString, k -> "map key: \"" + k + "\"");
                }
                walk(items, path + "[" + index + "]");
            }
        }
    }

    private <V> V read(String path, Read<V> read, Function<V, String> meaning) throws IOException {
        int start = position();
        V value = read.next();
        spans.add(new Span(start, Arrays.copyOfRange(message, start, position()), path, meaning.apply(value)));
        return value;
    }

    private int position() {
        return message.length - input.available();
    }

    private static String timestamp(Schema schema, long value) {
        return schema.getLogicalType() instanceof LogicalTypes.TimestampMillis
                ? " ms = " + Instant.ofEpochMilli(value) : "";
    }

    static String hex(byte[] bytes) {
        StringBuilder text = new StringBuilder();
        for (byte b : bytes) {
            text.append(text.isEmpty() ? "" : " ").append(String.format("%02x", b));
        }
        return text.toString();
    }

    @FunctionalInterface
    private interface Read<V> {
        V next() throws IOException;
    }
}
