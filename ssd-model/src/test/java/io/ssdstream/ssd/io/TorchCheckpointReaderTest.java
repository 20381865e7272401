package io.ssdstream.ssd.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ssdstream.ssd.io.TorchSaveWriter.PyObject;
import io.ssdstream.ssd.io.TorchSaveWriter.Storage;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TorchCheckpointReaderTest {

    @TempDir
    Path dir;

    @Test
    void readsTensorsWithExactValuesAndShapes() throws IOException {
        Path file = dir.resolve("model.pth");
        new TorchSaveWriter()
                .tensor("features.0.weight", new float[] {0.5f, -1.25f, 3e-8f, Float.MAX_VALUE, -0f, 7f}, 2, 3, 1, 1)
                .tensor("features.0.bias", new float[] {1f, -2f}, 2)
                .tensor("scale", new float[] {20f})
                .write(file);

        StateDict dict = TorchCheckpointReader.read(file);

        assertThat(dict.source()).isEqualTo(file.toString());
        assertThat(dict.tensors().keySet()).containsExactly("features.0.weight", "features.0.bias", "scale");
        assertThat(dict.get("features.0.weight")).isEqualTo(new HostTensor(new long[] {2, 3, 1, 1},
                new float[] {0.5f, -1.25f, 3e-8f, Float.MAX_VALUE, -0f, 7f}));
        assertThat(dict.get("features.0.bias")).isEqualTo(new HostTensor(new long[] {2}, new float[] {1f, -2f}));
        assertThat(dict.get("scale")).isEqualTo(new HostTensor(new long[0], new float[] {20f}));
    }

    @Test
    void keepsFileOrderOfManyKeys() throws IOException {
        Path file = dir.resolve("many.pth");
        TorchSaveWriter writer = new TorchSaveWriter();
        List<String> keys = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            String key = "layer" + ((i * 37) % 300) + ".weight";
            keys.add(key);
            writer.tensor(key, new float[] {i}, 1);
        }
        writer.write(file);

        StateDict dict = TorchCheckpointReader.read(file);

        assertThat(dict.tensors().keySet()).containsExactlyElementsOf(keys);
        assertThat(dict.get(keys.get(299)).values()).containsExactly(299f);
    }

    @Test
    void widensFloat16Exactly() throws IOException {
        Path file = dir.resolve("half.pth");
        TorchSaveWriter writer = new TorchSaveWriter();
        Storage half = writer.sixteenBitStorage("HalfStorage",
                0x3e00, 0xc000, 0x7bff, 0x0001, 0x03ff, 0x0400, 0x8000, 0x7c00, 0x3555);
        writer.view("w", half, 0, new long[] {9}, new long[] {1}).write(file);

        assertThat(TorchCheckpointReader.read(file).get("w").values()).containsExactly(
                1.5f, -2f, 65504f, 0x1p-24f, 1023 * 0x1p-24f, 0x1p-14f, -0f, Float.POSITIVE_INFINITY,
                0.333251953125f);
    }

    @Test
    void widensBfloat16Exactly() throws IOException {
        Path file = dir.resolve("bf16.pth");
        TorchSaveWriter writer = new TorchSaveWriter();
        Storage bf16 = writer.sixteenBitStorage("BFloat16Storage", 0x3fc0, 0xc000, 0x7f7f, 0x0001, 0x3eab);
        writer.view("w", bf16, 0, new long[] {5}, new long[] {1}).write(file);

        assertThat(TorchCheckpointReader.read(file).get("w").values()).containsExactly(
                1.5f, -2f, Float.intBitsToFloat(0x7f7f0000), 0x1p-133f, 0.333984375f);
    }

    @Test
    void narrowsFloat64AndConvertsIntegers() throws IOException {
        Path file = dir.resolve("mixed.pth");
        TorchSaveWriter writer = new TorchSaveWriter();
        ByteBuffer doubles = ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN).putDouble(0.1).putDouble(-1e300);
        ByteBuffer longs = ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN).putLong(-3).putLong(1L << 40);
        Storage f64 = writer.storage("DoubleStorage", doubles.array(), 2);
        Storage i64 = writer.storage("LongStorage", longs.array(), 2);
        writer.view("running_var", f64, 0, new long[] {2}, new long[] {1})
                .view("num_batches_tracked", i64, 1, new long[0], new long[0])
                .view("counts", i64, 0, new long[] {2}, new long[] {1})
                .write(file);

        StateDict dict = TorchCheckpointReader.read(file);

        assertThat(dict.get("running_var").values()).containsExactly(0.1f, Float.NEGATIVE_INFINITY);
        assertThat(dict.get("num_batches_tracked").values()).containsExactly(0x1p40f);
        assertThat(dict.get("counts").values()).containsExactly(-3f, 0x1p40f);
    }

    @Test
    void gathersStridedViewIntoRowMajor() throws IOException {
        Path file = dir.resolve("transposed.pth");
        TorchSaveWriter writer = new TorchSaveWriter();
        // a 3x4 matrix 0..11 seen transposed: size (4, 3), stride (1, 4)
        Storage matrix = writer.floatStorage(0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11);
        writer.view("t", matrix, 0, new long[] {4, 3}, new long[] {1, 4}).write(file);

        HostTensor tensor = TorchCheckpointReader.read(file).get("t");

        assertThat(tensor.shape()).containsExactly(4, 3);
        assertThat(tensor.values()).containsExactly(0, 4, 8, 1, 5, 9, 2, 6, 10, 3, 7, 11);
    }

    @Test
    void honoursStorageOffset() throws IOException {
        Path file = dir.resolve("offset.pth");
        TorchSaveWriter writer = new TorchSaveWriter();
        Storage storage = writer.floatStorage(0, 1, 2, 3, 4, 5, 6, 7, 8, 9);
        writer.view("contiguous", storage, 3, new long[] {2, 2}, new long[] {2, 1})
                .view("columns", storage, 1, new long[] {2, 2}, new long[] {4, 1})
                .view("broadcast", storage, 9, new long[] {2, 3}, new long[] {0, 0})
                .write(file);

        StateDict dict = TorchCheckpointReader.read(file);

        assertThat(dict.get("contiguous").values()).containsExactly(3, 4, 5, 6);
        assertThat(dict.get("columns").values()).containsExactly(1, 2, 5, 6);
        assertThat(dict.get("broadcast").values()).containsExactly(9, 9, 9, 9, 9, 9);
    }

    @Test
    void readsViewsThatShareOneStorage() throws IOException {
        Path file = dir.resolve("shared.pth");
        TorchSaveWriter writer = new TorchSaveWriter();
        Storage shared = writer.floatStorage(1, 2, 3, 4, 5, 6);
        writer.view("whole", shared, 0, new long[] {2, 3}, new long[] {3, 1})
                .tensor("between", new float[] {42f}, 1)
                .view("tail", shared, 4, new long[] {2}, new long[] {1})
                .view("tied", shared, 0, new long[] {2, 3}, new long[] {3, 1})
                .write(file);

        StateDict dict = TorchCheckpointReader.read(file);

        assertThat(dict.get("whole").values()).containsExactly(1, 2, 3, 4, 5, 6);
        assertThat(dict.get("tail").values()).containsExactly(5, 6);
        assertThat(dict.get("tied")).isEqualTo(dict.get("whole"));
        assertThat(dict.get("tied").values()).isNotSameAs(dict.get("whole").values());
        assertThat(dict.get("between").values()).containsExactly(42f);
    }

    @Test
    void findsArchiveUnderAnyFolderName() throws IOException {
        Path file = dir.resolve("ssd300_vgg16_coco-b556d3b4.pth");
        new TorchSaveWriter().folder("ssd300_vgg16_coco-b556d3b4").tensor("w", new float[] {1, 2}, 2).write(file);

        assertThat(TorchCheckpointReader.read(file).get("w").values()).containsExactly(1, 2);
    }

    @Test
    void readsBigEndianArchivesAndOnesWithoutByteOrder() throws IOException {
        Path big = dir.resolve("big.pth");
        TorchSaveWriter writer = new TorchSaveWriter().byteOrder("big");
        byte[] bytes = ByteBuffer.allocate(8).order(ByteOrder.BIG_ENDIAN).putFloat(1.5f).putFloat(-7f).array();
        writer.view("w", writer.storage("FloatStorage", bytes, 2), 0, new long[] {2}, new long[] {1}).write(big);
        Path unmarked = dir.resolve("unmarked.pth");
        new TorchSaveWriter().byteOrder(null).tensor("w", new float[] {1.5f, -7f}, 2).write(unmarked);

        assertThat(TorchCheckpointReader.read(big).get("w").values()).containsExactly(1.5f, -7f);
        assertThat(TorchCheckpointReader.read(unmarked).get("w").values()).containsExactly(1.5f, -7f);
    }

    @Test
    void unwrapsTrainingCheckpoint() throws IOException {
        Path file = dir.resolve("checkpoint.pth");
        new TorchSaveWriter()
                .tensor("head.weight", new float[] {1, 2, 3}, 3)
                .wrapAs("model", Map.of(
                        "epoch", 3,
                        "args", new PyObject("argparse", "Namespace", Map.of("lr", 0.002, "epochs", 120))))
                .write(file);

        StateDict dict = TorchCheckpointReader.read(file);

        assertThat(dict.tensors().keySet()).containsExactly("head.weight");
        assertThat(dict.get("head.weight").values()).containsExactly(1, 2, 3);
    }

    @Test
    void unwrapsStateDictKey() throws IOException {
        Path file = dir.resolve("lightning.ckpt");
        new TorchSaveWriter().tensor("w", new float[] {4}, 1).wrapAs("state_dict", Map.of("epoch", 9)).write(file);

        assertThat(TorchCheckpointReader.read(file).get("w").values()).containsExactly(4f);
    }

    @Test
    void rejectsNonTensorEntryNamingIt() throws IOException {
        Path file = dir.resolve("odd.pth");
        new TorchSaveWriter().tensor("w", new float[] {1}, 1).nonTensor("step", 7).write(file);

        assertThatThrownBy(() -> TorchCheckpointReader.read(file))
                .isInstanceOf(WeightFormatException.class)
                .hasMessageStartingWith(file.toString())
                .hasMessageContaining("'step'")
                .hasMessageContaining("not a tensor");
    }

    @Test
    void rejectsNonTensorInsideWrapperNamingItsPath() throws IOException {
        Path file = dir.resolve("odd-wrapped.pth");
        new TorchSaveWriter().tensor("w", new float[] {1}, 1).nonTensor("step", 7)
                .wrapAs("model", Map.of("epoch", 3)).write(file);

        assertThatThrownBy(() -> TorchCheckpointReader.read(file))
                .isInstanceOf(WeightFormatException.class)
                .hasMessageContaining("'model.step'");
    }

    @Test
    void readsTheLegacyFormatWithViewsSharedStoragesAndAWrapper() throws IOException {
        Path file = dir.resolve("legacy.pth");
        TorchSaveWriter writer = new TorchSaveWriter();
        Storage shared = writer.floatStorage(0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11);
        writer.view("t", shared, 0, new long[] {4, 3}, new long[] {1, 4})
                .view("tail", shared, 8, new long[] {2, 2}, new long[] {2, 1})
                .view("half", writer.sixteenBitStorage("HalfStorage", 0x3e00, 0xc000), 0, new long[] {2},
                        new long[] {1})
                .tensor("bias", new float[] {0.5f, -0.5f}, 2)
                .wrapAs("model", Map.of("epoch", 3))
                .writeLegacy(file);

        StateDict dict = TorchCheckpointReader.read(file);

        assertThat(dict.tensors().keySet()).containsExactly("t", "tail", "half", "bias");
        // column-major 3x4 storage read as its 4x3 transpose; the tail view steps 2 along rows from element 8
        assertThat(dict.get("t")).isEqualTo(new HostTensor(new long[] {4, 3},
                new float[] {0, 4, 8, 1, 5, 9, 2, 6, 10, 3, 7, 11}));
        assertThat(dict.get("tail")).isEqualTo(new HostTensor(new long[] {2, 2}, new float[] {8, 9, 10, 11}));
        assertThat(dict.get("half").values()).containsExactly(1.5f, -2f);
        assertThat(dict.get("bias").values()).containsExactly(0.5f, -0.5f);
    }

    @Test
    void readsALegacyFileWhosePicklesOutgrowTheFirstWindowRead() throws IOException {
        Path file = dir.resolve("wide.pth");
        TorchSaveWriter writer = new TorchSaveWriter();
        int tensors = 5_000;
        String longName = "x".repeat(200);
        for (int i = 0; i < tensors; i++) {
            writer.tensor("block" + i + "." + longName, new float[] {i}, 1);
        }
        writer.writeLegacy(file);
        long storageRecords = tensors * (8L + 4L);
        assertThat(Files.size(file) - storageRecords).as("bytes of pickles").isGreaterThan(1L << 20);

        StateDict dict = TorchCheckpointReader.read(file);

        assertThat(dict.tensors()).hasSize(tensors);
        assertThat(dict.get("block4999." + longName).values()).containsExactly(4_999f);
    }

    @Test
    void legacyStorageRecordsAreCheckedAgainstPersistentIdsAndTheFileLength() throws IOException {
        Path file = dir.resolve("legacy.pth");
        TorchSaveWriter writer = new TorchSaveWriter().tensor("a", new float[] {1, 2, 3}, 3)
                .tensor("b", new float[] {4, 5}, 2);
        writer.writeLegacy(file);
        byte[] valid = Files.readAllBytes(file);
        // the records are the last 8 + 12 (storage "0") and 8 + 8 (storage "1") bytes
        int firstRecord = valid.length - 36;

        Files.write(file, Arrays.copyOf(valid, valid.length - 3));
        assertThatThrownBy(() -> TorchCheckpointReader.read(file))
                .isInstanceOf(WeightFormatException.class)
                .hasMessage(file + ": storage '1' at byte " + (firstRecord + 20)
                        + " declares 2 elements of 4 bytes, but only 5 bytes follow (truncated)");

        byte[] wrongCount = valid.clone();
        wrongCount[firstRecord] = 4;
        Files.write(file, wrongCount);
        assertThatThrownBy(() -> TorchCheckpointReader.read(file))
                .hasMessage(file + ": storage '0' at byte " + firstRecord
                        + " holds 4 elements, but its persistent id declares 3");

        byte[] huge = valid.clone();
        ByteBuffer.wrap(huge, firstRecord, 8).order(ByteOrder.LITTLE_ENDIAN).putLong(Long.MAX_VALUE);
        Files.write(file, huge);
        assertThatThrownBy(() -> TorchCheckpointReader.read(file)).hasMessageContaining("holds 9223372036854775807"
                + " elements, but its persistent id declares 3");

        byte[] longer = Arrays.copyOf(valid, valid.length + 4);
        Files.write(file, longer);
        assertThatThrownBy(() -> TorchCheckpointReader.read(file))
                .hasMessage(file + ": 4 bytes follow the last storage, which ends at byte " + valid.length);

        Files.write(file, Arrays.copyOf(valid, 21));
        assertThatThrownBy(() -> TorchCheckpointReader.read(file))
                .hasMessageStartingWith(file + ": entry 'system info pickle' is not a valid torch.save pickle")
                .hasMessageEndingWith("ends without a STOP opcode");
    }

    @Test
    void rejectsTorchScriptArchive() throws IOException {
        Path file = dir.resolve("scripted.pt");
        try (ZipOutputStream zip = new ZipOutputStream(Files.newOutputStream(file))) {
            for (String name : List.of("scripted/data.pkl", "scripted/constants.pkl", "scripted/code/__torch__.py")) {
                zip.putNextEntry(new ZipEntry(name));
                zip.write(new byte[] {(byte) 0x80, 0x02, '}', '.'});
                zip.closeEntry();
            }
        }

        assertThatThrownBy(() -> TorchCheckpointReader.read(file))
                .isInstanceOf(WeightFormatException.class)
                .hasMessageContaining("TorchScript")
                .hasMessageContaining("state_dict()");
    }

    @Test
    void rejectsTruncatedArchiveNamingFile() throws IOException {
        Path file = dir.resolve("truncated.pth");
        new TorchSaveWriter().tensor("w", new float[1000], 1000).write(file);
        byte[] whole = Files.readAllBytes(file);
        Files.write(file, Arrays.copyOf(whole, whole.length / 2));

        assertThatThrownBy(() -> TorchCheckpointReader.read(file))
                .isInstanceOf(WeightFormatException.class)
                .hasMessageStartingWith(file.toString());
    }

    @Test
    void rejectsMissingStorageEntryNamingTensor() throws IOException {
        Path file = dir.resolve("missing.pth");
        TorchSaveWriter writer = new TorchSaveWriter();
        Storage storage = writer.floatStorage(1, 2, 3);
        writer.tensor("ok", new float[] {1}, 1)
                .view("backbone.conv.weight", storage, 0, new long[] {3}, new long[] {1})
                .omitEntry(storage)
                .write(file);

        assertThatThrownBy(() -> TorchCheckpointReader.read(file))
                .isInstanceOf(WeightFormatException.class)
                .hasMessageStartingWith(file.toString())
                .hasMessageContaining("'backbone.conv.weight'")
                .hasMessageContaining("archive/data/" + storage.key())
                .hasMessageContaining("missing");
    }

    @Test
    void rejectsViewReachingPastItsStorage() throws IOException {
        Path file = dir.resolve("short.pth");
        TorchSaveWriter writer = new TorchSaveWriter();
        writer.view("fc.weight", writer.floatStorage(1, 2, 3, 4, 5), 0, new long[] {2, 3}, new long[] {3, 1})
                .write(file);

        assertThatThrownBy(() -> TorchCheckpointReader.read(file))
                .isInstanceOf(WeightFormatException.class)
                .hasMessageContaining("'fc.weight'")
                .hasMessageContaining("holds only 5");
    }

    @Test
    void rejectsStorageEntryShorterThanDeclared() throws IOException {
        Path file = dir.resolve("lying.pth");
        TorchSaveWriter writer = new TorchSaveWriter();
        Storage storage = writer.storage("FloatStorage", new byte[10], 4);
        writer.view("w", storage, 0, new long[] {4}, new long[] {1}).write(file);

        assertThatThrownBy(() -> TorchCheckpointReader.read(file))
                .isInstanceOf(WeightFormatException.class)
                .hasMessageContaining("'w'")
                .hasMessageContaining("10 bytes");
    }

    @Test
    void rejectsUnsupportedStorageTypeNamingIt() throws IOException {
        Path file = dir.resolve("complex.pth");
        TorchSaveWriter writer = new TorchSaveWriter();
        Storage storage = writer.storage("ComplexFloatStorage", new byte[16], 2);
        writer.view("phase", storage, 0, new long[] {2}, new long[] {1}).write(file);

        assertThatThrownBy(() -> TorchCheckpointReader.read(file))
                .isInstanceOf(WeightFormatException.class)
                .hasMessageContaining("'phase'")
                .hasMessageContaining("torch.ComplexFloatStorage");
    }

    @Test
    void rejectsCorruptPickleNamingEntry() throws IOException {
        Path file = dir.resolve("bad-pickle.pth");
        try (ZipOutputStream zip = new ZipOutputStream(Files.newOutputStream(file))) {
            zip.putNextEntry(new ZipEntry("archive/data.pkl"));
            zip.write(new byte[] {(byte) 0x80, 0x02, 'c', 'c', 'o', 'l'});
            zip.closeEntry();
        }

        assertThatThrownBy(() -> TorchCheckpointReader.read(file))
                .isInstanceOf(WeightFormatException.class)
                .hasMessageStartingWith(file.toString())
                .hasMessageContaining("archive/data.pkl");
    }

    @Test
    void rejectsGarbageNamingFile() throws IOException {
        Path garbage = dir.resolve("garbage.pth");
        byte[] random = new byte[4096];
        new Random(7).nextBytes(random);
        random[0] = 'x';
        Files.write(garbage, random);
        Path zipLookalike = dir.resolve("lookalike.pth");
        try (OutputStream out = Files.newOutputStream(zipLookalike)) {
            out.write("PK".getBytes(StandardCharsets.US_ASCII));
            out.write(random);
        }
        Path empty = Files.createFile(dir.resolve("empty.pth"));

        for (Path file : List.of(garbage, zipLookalike, empty)) {
            assertThatThrownBy(() -> TorchCheckpointReader.read(file))
                    .isInstanceOf(WeightFormatException.class)
                    .hasMessageStartingWith(file.toString());
        }
    }

    @Test
    void pointsSafetensorsFilesToTheirReader() throws IOException {
        Path file = dir.resolve("weights.safetensors");
        SafetensorsWriter.write(file, new StateDict("test", new LinkedHashMap<>()), Map.of());

        assertThatThrownBy(() -> TorchCheckpointReader.read(file))
                .isInstanceOf(WeightFormatException.class)
                .hasMessageContaining("SafetensorsReader");
    }
}
