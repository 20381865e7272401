package io.ssdstream.ssd.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SafetensorsTest {

    @TempDir
    Path dir;

    @Test
    void roundTripsTensorsInOrderWithMetadata() throws IOException {
        LinkedHashMap<String, HostTensor> tensors = new LinkedHashMap<>();
        tensors.put("z.weight", new HostTensor(new long[] {2, 3}, new float[] {1, -2, 3.5f, Float.NaN, -0f, 1e-40f}));
        tensors.put("a.bias", new HostTensor(new long[] {3}, new float[] {7, 8, 9}));
        tensors.put("scale", new HostTensor(new long[0], new float[] {20}));
        tensors.put("empty", new HostTensor(new long[] {0, 4}, new float[0]));
        Map<String, String> metadata = new LinkedHashMap<>();
        metadata.put("format", "pt");
        metadata.put("architecture", "ssd300 \"vgg16\" é");
        Path file = dir.resolve("model.safetensors");

        SafetensorsWriter.write(file, new StateDict("memory", tensors), metadata);
        StateDict read = SafetensorsReader.read(file);

        assertThat(read.source()).isEqualTo(file.toString());
        assertThat(read.tensors()).containsExactlyEntriesOf(tensors);
        assertThat(SafetensorsReader.metadata(file)).containsExactlyEntriesOf(metadata);
    }

    @Test
    void writesAlignedHeaderAndLittleEndianFloats() throws IOException {
        LinkedHashMap<String, HostTensor> tensors = new LinkedHashMap<>();
        tensors.put("w", new HostTensor(new long[] {2}, new float[] {1.5f, -2f}));
        Path file = dir.resolve("aligned.safetensors");

        SafetensorsWriter.write(file, new StateDict("memory", tensors), Map.of());

        ByteBuffer bytes = ByteBuffer.wrap(Files.readAllBytes(file)).order(ByteOrder.LITTLE_ENDIAN);
        long headerLength = bytes.getLong(0);
        String header = new String(bytes.array(), 8, (int) headerLength, StandardCharsets.UTF_8);
        assertThat(headerLength % 8).isZero();
        assertThat(header.strip()).isEqualTo("{\"w\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]}}");
        assertThat(bytes.capacity()).isEqualTo(8 + headerLength + 8);
        assertThat(bytes.getFloat(8 + (int) headerLength)).isEqualTo(1.5f);
        assertThat(bytes.getFloat(12 + (int) headerLength)).isEqualTo(-2f);
        assertThat(SafetensorsReader.metadata(file)).isEmpty();
    }

    @Test
    void replacesExistingFileLeavingNoTemporaries() throws IOException {
        Path file = dir.resolve("replace.safetensors");
        Files.writeString(file, "old contents");
        LinkedHashMap<String, HostTensor> tensors = new LinkedHashMap<>();
        tensors.put("w", new HostTensor(new long[] {1}, new float[] {3}));

        SafetensorsWriter.write(file, new StateDict("memory", tensors), Map.of("k", "v"));

        assertThat(SafetensorsReader.read(file).get("w").values()).containsExactly(3f);
        try (Stream<Path> files = Files.list(dir)) {
            assertThat(files).containsExactly(file);
        }
    }

    @Test
    void refusesReservedTensorName() {
        LinkedHashMap<String, HostTensor> tensors = new LinkedHashMap<>();
        tensors.put("__metadata__", new HostTensor(new long[] {1}, new float[] {3}));
        Path file = dir.resolve("reserved.safetensors");

        assertThatThrownBy(() -> SafetensorsWriter.write(file, new StateDict("memory", tensors), Map.of()))
                .isInstanceOf(WeightFormatException.class)
                .hasMessageContaining("__metadata__");
        assertThat(file).doesNotExist();
    }

    @Test
    void readsHalfBfloatDoubleAndIntegerDtypesFromPaddedHeader() throws IOException {
        ByteBuffer data = ByteBuffer.allocate(2 * 3 + 2 * 2 + 8 + 8 + 1).order(ByteOrder.LITTLE_ENDIAN);
        data.putShort((short) 0x3e00).putShort((short) 0xc000).putShort((short) 0x0001);
        data.putShort((short) 0x3fc0).putShort((short) 0x7f7f);
        data.putDouble(0.1);
        data.putLong(-5);
        data.put((byte) 0xff);
        Path file = dir.resolve("dtypes.safetensors");
        write(file, """
                {"half":{"dtype":"F16","shape":[3],"data_offsets":[0,6]},
                 "brain":{"dtype":"BF16","shape":[2,1],"data_offsets":[6,10]},
                 "double":{"dtype":"F64","shape":[],"data_offsets":[10,18]},
                 "long":{"dtype":"I64","shape":[1],"data_offsets":[18,26]},
                 "byte":{"dtype":"U8","shape":[1],"data_offsets":[26,27]},
                 "__metadata__":{"source":"hand-built"}}     \
                """, data.array());

        StateDict dict = SafetensorsReader.read(file);

        assertThat(dict.tensors().keySet()).containsExactly("half", "brain", "double", "long", "byte");
        assertThat(dict.get("half").values()).containsExactly(1.5f, -2f, 0x1p-24f);
        assertThat(dict.get("brain")).isEqualTo(
                new HostTensor(new long[] {2, 1}, new float[] {1.5f, Float.intBitsToFloat(0x7f7f0000)}));
        assertThat(dict.get("double").values()).containsExactly(0.1f);
        assertThat(dict.get("long").values()).containsExactly(-5f);
        assertThat(dict.get("byte").values()).containsExactly(255f);
        assertThat(SafetensorsReader.metadata(file)).containsExactly(Map.entry("source", "hand-built"));
    }

    @Test
    void rejectsHeaderLongerThanFile() throws IOException {
        Path file = dir.resolve("huge-header.safetensors");
        Files.write(file, ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN).putLong(1L << 40).array());

        assertThatThrownBy(() -> SafetensorsReader.read(file))
                .isInstanceOf(WeightFormatException.class)
                .hasMessageStartingWith(file.toString())
                .hasMessageContaining("header");
    }

    @Test
    void rejectsOffsetsOutsideDataNamingTensor() throws IOException {
        Path file = dir.resolve("outside.safetensors");
        write(file, "{\"ok\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4]},"
                + "\"conv.weight\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[4,12]}}", new byte[8]);

        assertThatThrownBy(() -> SafetensorsReader.read(file))
                .isInstanceOf(WeightFormatException.class)
                .hasMessageStartingWith(file.toString())
                .hasMessageContaining("'conv.weight'")
                .hasMessageContaining("outside");
    }

    @Test
    void rejectsSizeMismatchNamingTensor() throws IOException {
        Path file = dir.resolve("mismatch.safetensors");
        write(file, "{\"bn.running_mean\":{\"dtype\":\"F16\",\"shape\":[3],\"data_offsets\":[0,8]}}", new byte[8]);

        assertThatThrownBy(() -> SafetensorsReader.read(file))
                .isInstanceOf(WeightFormatException.class)
                .hasMessageContaining("'bn.running_mean'")
                .hasMessageContaining("needs 6 bytes");
    }

    @Test
    void rejectsUnsupportedDtypeNamingTensor() throws IOException {
        Path file = dir.resolve("complex.safetensors");
        write(file, "{\"phase\":{\"dtype\":\"C64\",\"shape\":[1],\"data_offsets\":[0,8]}}", new byte[8]);

        assertThatThrownBy(() -> SafetensorsReader.read(file))
                .isInstanceOf(WeightFormatException.class)
                .hasMessageContaining("'phase'")
                .hasMessageContaining("C64");
    }

    @Test
    void rejectsMalformedHeaders() throws IOException {
        Path notJson = dir.resolve("not-json.safetensors");
        write(notJson, "{\"w\": [", new byte[0]);
        Path badShape = dir.resolve("bad-shape.safetensors");
        write(badShape, "{\"w\":{\"dtype\":\"F32\",\"shape\":[-1],\"data_offsets\":[0,4]}}", new byte[4]);
        Path tiny = dir.resolve("tiny.safetensors");
        Files.write(tiny, new byte[] {1, 2, 3});

        assertThatThrownBy(() -> SafetensorsReader.read(notJson)).isInstanceOf(WeightFormatException.class)
                .hasMessageContaining("not valid JSON");
        assertThatThrownBy(() -> SafetensorsReader.read(badShape)).isInstanceOf(WeightFormatException.class)
                .hasMessageContaining("'w'").hasMessageContaining("shape");
        assertThatThrownBy(() -> SafetensorsReader.metadata(tiny)).isInstanceOf(WeightFormatException.class)
                .hasMessageStartingWith(tiny.toString());
    }

    private static void write(Path file, String header, byte[] data) throws IOException {
        byte[] json = header.getBytes(StandardCharsets.UTF_8);
        ByteBuffer bytes = ByteBuffer.allocate(8 + json.length + data.length).order(ByteOrder.LITTLE_ENDIAN);
        bytes.putLong(json.length).put(json).put(data);
        Files.write(file, bytes.array());
    }
}
