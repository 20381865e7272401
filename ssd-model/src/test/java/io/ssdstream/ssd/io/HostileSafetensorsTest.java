package io.ssdstream.ssd.io;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.assertj.core.api.AbstractThrowableAssert;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Crafted safetensors files of the hardening review (issue 11, finding 4): tensors whose byte ranges overlap (a
 * 40 MB file filled 5 GB of heap), leave bytes unexplained, or a header in another encoding than UTF-8. Each is
 * refused with one line naming the file and the tensor.
 */
class HostileSafetensorsTest {

    @TempDir
    Path dir;

    @Test
    void overlappingDataOffsetsAreRefused() throws IOException {
        StringBuilder header = new StringBuilder("{");
        for (int i = 0; i < 3; i++) {
            header.append(i == 0 ? "" : ",").append("\"t").append(i)
                    .append("\":{\"dtype\":\"F32\",\"shape\":[1000],\"data_offsets\":[0,4000]}");
        }
        Path file = write("overlap.safetensors", header.append('}').toString(), StandardCharsets.UTF_8, 4000);

        assertRefused(file).hasMessageContaining("'t1'").hasMessageContaining("overlap those of tensor 't0'");
    }

    @Test
    void bytesBelongingToNoTensorAreRefused() throws IOException {
        Path trailing = write("trailing.safetensors",
                "{\"w\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4]}}", StandardCharsets.UTF_8, 8);
        Path gap = write("gap.safetensors", "{\"a\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4]},"
                + "\"b\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[8,12]}}", StandardCharsets.UTF_8, 12);

        assertRefused(trailing).hasMessageContaining("bytes 4 to 8 of the data section belong to no tensor");
        assertRefused(gap).hasMessageContaining("bytes 4 to 8").hasMessageContaining("'b'");
    }

    @Test
    void headerInAnEncodingOtherThanUtf8IsRefused() throws IOException {
        String header = "{\"w\u00e9\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4]}}";
        // Jackson detects UTF-16 from the leading bytes and read this header happily
        Path utf16 = write("utf16.safetensors", header, StandardCharsets.UTF_16LE, 4);
        Path latin1 = write("latin1.safetensors", header, StandardCharsets.ISO_8859_1, 4);

        assertRefused(utf16).hasMessageContaining("header is not valid");
        assertRefused(latin1).hasMessageContaining("header is not valid UTF-8");
    }

    @Test
    void deeplyNestedHeaderIsRefusedByJacksonsLimits() throws IOException {
        Path file = write("nested.safetensors", "[".repeat(100_000) + "]".repeat(100_000), StandardCharsets.UTF_8, 0);

        assertRefused(file).hasMessageContaining("header is not valid JSON").hasMessageContaining("nesting depth");
    }

    @Test
    void headerOverSixteenMebibytesIsRefusedBeforeItIsRead() throws IOException {
        Path file = write("big-header.safetensors", "{" + " ".repeat(16 << 20) + "}", StandardCharsets.UTF_8, 0);

        assertRefused(file).hasMessageContaining("declares a header of 16777218 bytes");
    }

    @Test
    void namesFromTheHeaderCannotBreakTheMessageIntoLines() throws IOException {
        Path file = write("newline.safetensors",
                "{\"evil\\nname\":{\"dtype\":\"C64\",\"shape\":[1],\"data_offsets\":[0,8]}}",
                StandardCharsets.UTF_8, 8);

        assertRefused(file).hasMessageContaining("'evil\\nname'");
    }

    private Path write(String name, String header, Charset charset, int dataBytes) throws IOException {
        byte[] json = header.getBytes(charset);
        Path file = dir.resolve(name);
        Files.write(file, ByteBuffer.allocate(8 + json.length + dataBytes).order(ByteOrder.LITTLE_ENDIAN)
                .putLong(json.length).put(json).array());
        return file;
    }

    private static AbstractThrowableAssert<?, ? extends Throwable> assertRefused(Path file) {
        return assertThatThrownBy(() -> SafetensorsReader.read(file))
                .isInstanceOf(WeightFormatException.class)
                .hasMessageStartingWith(file.toString())
                .hasMessageNotContaining("\n");
    }
}
