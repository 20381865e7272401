package io.ssdstream.ssd.io;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads safetensors files: an 8-byte little-endian header length, a UTF-8 JSON header naming each tensor's dtype,
 * shape and byte range, then the little-endian row-major tensor data. Tensors keep the header's order and are
 * converted to float32; the header's optional {@code __metadata__} string map is available through
 * {@link #metadata}.
 *
 * <p>Hostile files are refused before anything large is allocated: the header must fit in the file and in
 * {@value #MAX_HEADER_BYTES} bytes, be UTF-8 JSON (Jackson's own limits bound its nesting and strings), and the
 * tensors' byte ranges must tile the data section exactly, each matching its dtype and shape.
 */
public final class SafetensorsReader {

    static final String METADATA_KEY = "__metadata__";

    /**
     * The format's reference implementation allows 100 MB; a JSON tree costs ~20 times its text in heap, and a
     * header of 100,000 tensors is under 16 MiB.
     */
    private static final long MAX_HEADER_BYTES = 16 << 20;

    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    private SafetensorsReader() {
    }

    public static StateDict read(Path file) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            Header header = Header.read(file, channel);
            List<TensorEntry> entries = new ArrayList<>();
            for (Map.Entry<String, JsonNode> field : header.tensorFields().entrySet()) {
                entries.add(TensorEntry.parse(file, field.getKey(), field.getValue(), header.dataBytes()));
            }
            checkLayout(file, entries, header.dataBytes());
            LinkedHashMap<String, HostTensor> tensors = new LinkedHashMap<>();
            for (TensorEntry entry : entries) {
                tensors.put(entry.name(), entry.load(file, channel, header.dataStart()));
            }
            return new StateDict(file.toString(), tensors);
        }
    }

    /** The header's {@code __metadata__} map in file order; empty when the file has none. */
    public static Map<String, String> metadata(Path file) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            JsonNode metadata = Header.read(file, channel).json().get(METADATA_KEY);
            if (metadata == null) {
                return Map.of();
            }
            if (!metadata.isObject()) {
                throw new WeightFormatException(file, METADATA_KEY + " must be a JSON object of strings");
            }
            LinkedHashMap<String, String> values = new LinkedHashMap<>();
            for (Map.Entry<String, JsonNode> field : metadata.properties()) {
                if (!field.getValue().isTextual()) {
                    throw new WeightFormatException(file,
                            METADATA_KEY + " entry '" + field.getKey() + "' is not a string: " + field.getValue());
                }
                values.put(field.getKey(), field.getValue().textValue());
            }
            return Collections.unmodifiableMap(values);
        }
    }

    /**
     * Proves that the tensors tile the data section: sorted by offset, each starts where the one before ends, the
     * first at 0 and the last at the end. So no byte is read twice (overlapping or aliased tensors would let a small
     * file fill the heap) and none is left unexplained, as the format's reference implementation requires.
     */
    private static void checkLayout(Path file, List<TensorEntry> entries, long dataBytes) throws WeightFormatException {
        List<TensorEntry> sorted = new ArrayList<>(entries);
        sorted.sort(Comparator.comparingLong(TensorEntry::begin).thenComparingLong(TensorEntry::end));
        long covered = 0;
        String previous = null;
        for (TensorEntry entry : sorted) {
            if (entry.begin() < covered) {
                throw new WeightFormatException(file, "tensor '" + entry.name() + "': data_offsets [" + entry.begin()
                        + ", " + entry.end() + "] overlap those of tensor '" + previous + "', which end at " + covered);
            }
            if (entry.begin() > covered) {
                throw new WeightFormatException(file, "bytes " + covered + " to " + entry.begin()
                        + " of the data section belong to no tensor (the next is '" + entry.name() + "')");
            }
            covered = entry.end();
            previous = entry.name();
        }
        if (covered != dataBytes) {
            throw new WeightFormatException(file, "bytes " + covered + " to " + dataBytes
                    + " of the data section belong to no tensor (truncated header or trailing data)");
        }
    }

    /** The parsed JSON header and where the data section lies. */
    private record Header(JsonNode json, long dataStart, long dataBytes) {

        static Header read(Path file, FileChannel channel) throws IOException {
            long fileSize = channel.size();
            if (fileSize < Long.BYTES) {
                throw new WeightFormatException(file, "too short for a safetensors file (" + fileSize + " bytes)");
            }
            long headerBytes = readFully(file, channel, 0, Long.BYTES).order(ByteOrder.LITTLE_ENDIAN).getLong();
            if (headerBytes < 2 || headerBytes > fileSize - Long.BYTES) {
                throw new WeightFormatException(file, "declares a header of " + Long.toUnsignedString(headerBytes)
                        + " bytes, impossible in a file of " + fileSize + " bytes: not a safetensors file or truncated");
            }
            if (headerBytes > MAX_HEADER_BYTES) {
                throw new WeightFormatException(file, "declares a header of " + headerBytes + " bytes, more than the "
                        + MAX_HEADER_BYTES + " this reader accepts");
            }
            ByteBuffer bytes = readFully(file, channel, Long.BYTES, (int) headerBytes);
            String text;
            try {
                // Jackson would guess UTF-16 or UTF-32 from the first bytes; the format says UTF-8
                text = StandardCharsets.UTF_8.newDecoder()
                        .onMalformedInput(CodingErrorAction.REPORT)
                        .onUnmappableCharacter(CodingErrorAction.REPORT)
                        .decode(bytes).toString();
            } catch (CharacterCodingException e) {
                throw new WeightFormatException(file, "header is not valid UTF-8", e);
            }
            JsonNode json;
            try {
                json = JSON.readTree(text);
            } catch (JsonProcessingException e) {
                throw new WeightFormatException(file, "header is not valid JSON: " + e.getOriginalMessage(), e);
            }
            if (json == null || !json.isObject()) {
                throw new WeightFormatException(file, "header is not a JSON object");
            }
            long dataStart = Long.BYTES + headerBytes;
            return new Header(json, dataStart, fileSize - dataStart);
        }

        Map<String, JsonNode> tensorFields() {
            LinkedHashMap<String, JsonNode> fields = new LinkedHashMap<>();
            json.properties().forEach(field -> fields.put(field.getKey(), field.getValue()));
            fields.remove(METADATA_KEY);
            return fields;
        }
    }

    /** One tensor's header entry, validated against the data section. */
    private record TensorEntry(String name, ElementType type, long[] shape, int elementCount, long begin, long end) {

        static TensorEntry parse(Path file, String name, JsonNode node, long dataBytes) throws WeightFormatException {
            String where = "tensor '" + name + "'";
            if (!node.isObject()) {
                throw new WeightFormatException(file, where + ": header entry is not a JSON object");
            }
            JsonNode dtype = node.get("dtype");
            if (dtype == null || !dtype.isTextual()) {
                throw new WeightFormatException(file, where + ": missing or non-string \"dtype\"");
            }
            ElementType type = ElementType.ofSafetensors(dtype.textValue()).orElseThrow(() -> new WeightFormatException(
                    file, where + ": dtype " + dtype.textValue() + " cannot be converted to float32 (supported: "
                            + ElementType.supportedSafetensorsNames() + ")"));
            long[] shape = nonNegativeLongs(file, where, node.get("shape"), "shape", -1);
            long[] offsets = nonNegativeLongs(file, where, node.get("data_offsets"), "data_offsets", 2);
            long begin = offsets[0];
            long end = offsets[1];
            if (begin > end || end > dataBytes) {
                throw new WeightFormatException(file, where + ": data_offsets [" + begin + ", " + end
                        + "] lie outside the data section of " + dataBytes + " bytes");
            }
            long elementCount = elementCount(file, where, shape);
            long expectedBytes = elementCount * type.byteSize();
            if (expectedBytes > Integer.MAX_VALUE) {
                throw new WeightFormatException(file, where + ": " + expectedBytes
                        + " bytes of data, more than one read can hold (2 GiB)");
            }
            if (end - begin != expectedBytes) {
                throw new WeightFormatException(file, where + ": shape " + HostTensor.format(shape) + " of "
                        + type.safetensorsName() + " needs " + expectedBytes + " bytes but data_offsets span "
                        + (end - begin));
            }
            return new TensorEntry(name, type, shape, (int) elementCount, begin, end);
        }

        HostTensor load(Path file, FileChannel channel, long dataStart) throws IOException {
            ByteBuffer bytes = readFully(file, channel, dataStart + begin, (int) (end - begin))
                    .order(ByteOrder.LITTLE_ENDIAN);
            float[] values = new float[elementCount];
            type.decodeRange(bytes, 0, values);
            return new HostTensor(shape, values);
        }

        private static long elementCount(Path file, String where, long[] shape) throws WeightFormatException {
            if (Arrays.stream(shape).anyMatch(extent -> extent == 0)) {
                return 0;
            }
            long count = 1;
            for (long extent : shape) {
                if (extent > Integer.MAX_VALUE / count) {
                    throw new WeightFormatException(file,
                            where + ": shape " + HostTensor.format(shape) + " exceeds the largest Java array");
                }
                count *= extent;
            }
            return count;
        }

        private static long[] nonNegativeLongs(Path file, String where, JsonNode node, String field, int length)
                throws WeightFormatException {
            String expected = "\"" + field + "\" must be an array of " + (length < 0 ? "" : length + " ")
                    + "non-negative integers, got " + node;
            if (node == null || !node.isArray() || (length >= 0 && node.size() != length)) {
                throw new WeightFormatException(file, where + ": " + expected);
            }
            long[] values = new long[node.size()];
            for (int i = 0; i < values.length; i++) {
                JsonNode element = node.get(i);
                if (!element.isIntegralNumber() || !element.canConvertToLong() || element.longValue() < 0) {
                    throw new WeightFormatException(file, where + ": " + expected);
                }
                values[i] = element.longValue();
            }
            return values;
        }
    }

    private static ByteBuffer readFully(Path file, FileChannel channel, long position, int length) throws IOException {
        ByteBuffer buffer = ByteBuffer.allocate(length);
        while (buffer.hasRemaining()) {
            if (channel.read(buffer, position + buffer.position()) < 0) {
                throw new WeightFormatException(file, "ends at byte " + (position + buffer.position())
                        + ", inside a read of " + length + " bytes from byte " + position);
            }
        }
        return buffer.flip();
    }
}
