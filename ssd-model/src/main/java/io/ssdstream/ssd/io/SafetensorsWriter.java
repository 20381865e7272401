package io.ssdstream.ssd.io;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.Map;
import java.util.UUID;

/**
 * Writes a {@link StateDict} as a safetensors file of F32 tensors, in the state dict's order. The JSON header is
 * padded with spaces to a multiple of 8 bytes so the data section starts aligned, as the reference
 * implementation does. The file appears atomically: it is written to a temporary sibling and moved into place,
 * so a reader never sees half a file.
 */
public final class SafetensorsWriter {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int CHUNK_FLOATS = 1 << 18;

    private SafetensorsWriter() {
    }

    /**
     * Writes the tensors of {@code dict} to {@code file}, replacing any file already there.
     *
     * @param metadata string pairs for the header's {@code __metadata__} map; when empty the header has none
     */
    public static void write(Path file, StateDict dict, Map<String, String> metadata) throws IOException {
        byte[] header = header(file, dict, metadata);
        Path target = file.toAbsolutePath();
        // a sibling, so the final move stays within one file system and can be atomic
        Path temporary = target.resolveSibling(target.getFileName() + "." + UUID.randomUUID() + ".tmp");
        try {
            try (FileChannel channel = FileChannel.open(temporary, StandardOpenOption.CREATE_NEW,
                    StandardOpenOption.WRITE)) {
                writeFully(channel, ByteBuffer.allocate(Long.BYTES).order(ByteOrder.LITTLE_ENDIAN)
                        .putLong(header.length).flip());
                writeFully(channel, ByteBuffer.wrap(header));
                ByteBuffer chunk = ByteBuffer.allocate(CHUNK_FLOATS * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
                for (HostTensor tensor : dict.tensors().values()) {
                    writeValues(channel, tensor.values(), chunk);
                }
                // on disk before the rename, so a crash cannot leave a complete name over incomplete data
                channel.force(true);
            }
            Files.move(temporary, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } finally {
            Files.deleteIfExists(temporary);
        }
    }

    private static byte[] header(Path file, StateDict dict, Map<String, String> metadata) throws IOException {
        ObjectNode json = JSON.createObjectNode();
        if (!metadata.isEmpty()) {
            ObjectNode metadataNode = json.putObject(SafetensorsReader.METADATA_KEY);
            metadata.forEach(metadataNode::put);
        }
        long offset = 0;
        for (Map.Entry<String, HostTensor> named : dict.tensors().entrySet()) {
            if (named.getKey().equals(SafetensorsReader.METADATA_KEY)) {
                throw new WeightFormatException(file, "cannot write a tensor named '" + SafetensorsReader.METADATA_KEY
                        + "': the safetensors header reserves that name");
            }
            HostTensor tensor = named.getValue();
            long end = offset + tensor.elementCount() * Float.BYTES;
            ObjectNode entry = json.putObject(named.getKey());
            entry.put("dtype", ElementType.F32.safetensorsName());
            ArrayNode shape = entry.putArray("shape");
            for (long extent : tensor.shape()) {
                shape.add(extent);
            }
            entry.putArray("data_offsets").add(offset).add(end);
            offset = end;
        }
        byte[] text = JSON.writeValueAsString(json).getBytes(StandardCharsets.UTF_8);
        byte[] padded = Arrays.copyOf(text, (text.length + 7) / 8 * 8);
        Arrays.fill(padded, text.length, padded.length, (byte) ' ');
        return padded;
    }

    private static void writeValues(FileChannel channel, float[] values, ByteBuffer chunk) throws IOException {
        FloatBuffer floats = chunk.clear().asFloatBuffer();
        for (int start = 0; start < values.length; start += CHUNK_FLOATS) {
            int count = Math.min(CHUNK_FLOATS, values.length - start);
            floats.clear().put(values, start, count);
            writeFully(channel, chunk.clear().limit(count * Float.BYTES));
        }
    }

    private static void writeFully(FileChannel channel, ByteBuffer bytes) throws IOException {
        while (bytes.hasRemaining()) {
            channel.write(bytes);
        }
    }
}
