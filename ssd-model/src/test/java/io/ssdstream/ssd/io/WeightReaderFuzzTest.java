package io.ssdstream.ssd.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import io.ssdstream.fuzzing.ByteMutator;
import io.ssdstream.fuzzing.MutationDictionary;
import io.ssdstream.ssd.io.TorchSaveWriter.PyObject;
import io.ssdstream.ssd.io.TorchSaveWriter.Storage;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Seeded mutation fuzzing of the weight readers: whatever the bytes, {@link TorchCheckpointReader} and
 * {@link SafetensorsReader} return a state dict or throw a {@link WeightFormatException} whose one-line message
 * starts with the file, never anything else (no Error, no stray runtime exception), and quickly. Four targets: the
 * pickle inside an otherwise valid torch.save archive, the whole archive, a whole file in torch.save's legacy
 * (pre-1.6) layout, and a whole safetensors file. The corpus
 * is valid files of the shapes real checkpoints take plus small versions of the hostile pickles in
 * {@link HostilePickleTest}.
 *
 * <p>{@code fuzz.iterations} inputs per target (1,000 by default; {@code -Pfuzz-long} runs 100,000), from seed
 * {@code fuzz.seed}; a failure prints the seed, the input number and the input in hex. Writing each input to a file
 * costs more than reading it (about 2 ms per read on a loaded 2-core machine).
 */
class WeightReaderFuzzTest {

    private static final int ITERATIONS = Integer.getInteger("fuzz.iterations", 1000);
    private static final long SEED = Long.getLong("fuzz.seed", 20261202L);
    /** Pickle opcodes, JSON punctuation of a safetensors header, byte extremes; little-endian words on the edges of
     * 32- and 64-bit lengths, offsets and counts. */
    private static final MutationDictionary WEIGHT_FILE_BYTES = new MutationDictionary(
            new int[] {0x00, 0x01, 0x7F, 0x80, 0xFF, '(', ')', ']', '}', 'a', 's', 'u', 't', 'h', 'q', 'R', 'b', 'Q', 'i',
                'o', 0x85, 0x93, 0x95, '{', '[', '"', ',', ':'},
            MutationDictionary.littleEndianWords(0, 1, -1, 0x7F, 0xFF, 0x7FFF_FFFFL, 0x8000_0000L, 0xFFFF_FFFFL, 1L << 32,
                    Long.MAX_VALUE, Long.MIN_VALUE));
    /** Corpus files are a few KB, so a mutant may declare at most ~16x that: any answer is milliseconds. */
    private static final Duration PER_INPUT_BOUND = Duration.ofSeconds(1);

    enum Target { TORCH_PICKLE, TORCH_ARCHIVE, SAFETENSORS, TORCH_LEGACY }

    @TempDir
    Path dir;

    @ParameterizedTest
    @EnumSource(Target.class)
    void anyMutationReadsOrFailsTyped(Target target) throws IOException {
        Path file = dir.resolve(target == Target.SAFETENSORS ? "fuzz.safetensors" : "fuzz.pth");
        Map<String, byte[]> storages = new LinkedHashMap<>();
        List<byte[]> corpus = switch (target) {
            case TORCH_PICKLE -> torchPickles(storages);
            case TORCH_ARCHIVE -> torchFiles(false);
            case TORCH_LEGACY -> torchFiles(true);
            case SAFETENSORS -> safetensorsFiles();
        };
        ByteMutator mutator = new ByteMutator(SEED ^ target.ordinal(), corpus, WEIGHT_FILE_BYTES);
        Set<String> outcomes = new HashSet<>();
        for (int i = 0; i < ITERATIONS; i++) {
            byte[] input = mutator.next();
            if (target == Target.TORCH_PICKLE) {
                TorchSaveWriter.writeRaw(file, input, storages);
            } else {
                Files.write(file, input);
            }
            long start = System.nanoTime();
            Throwable thrown = outcome(target, file);
            Duration took = Duration.ofNanos(System.nanoTime() - start);
            if (thrown != null && !(thrown instanceof WeightFormatException)) {
                throw new AssertionError(failure(target, i, input, "threw " + thrown), thrown);
            }
            String message = thrown == null ? null : thrown.getMessage();
            if (message != null && (!message.startsWith(file + ": ") || message.contains("\n")
                    || message.length() <= file.toString().length() + 2)) {
                fail(failure(target, i, input, "gave a message that does not name the file on one line: "
                        + message));
            }
            if (took.compareTo(PER_INPUT_BOUND) > 0) {
                fail(failure(target, i, input, "took " + took.toMillis() + " ms"));
            }
            outcomes.add(thrown == null ? "read" : "refused");
        }
        // a mutator that only ever broke the file's first bytes would test nothing past them
        assertThat(outcomes).as("outcomes the fuzzer reached").containsExactlyInAnyOrder("read", "refused");
    }

    /** Null when the file was read, else what the reader threw. */
    private static Throwable outcome(Target target, Path file) {
        try {
            if (target == Target.SAFETENSORS) {
                SafetensorsReader.read(file);
                SafetensorsReader.metadata(file);
            } else {
                TorchCheckpointReader.read(file);
            }
            return null;
        } catch (Throwable e) {
            return e;
        }
    }

    /** The corpus writers' files, as zip archives or in the legacy layout. */
    private List<byte[]> torchFiles(boolean legacy) throws IOException {
        List<byte[]> files = new ArrayList<>();
        Path file = dir.resolve("corpus.pth");
        for (TorchSaveWriter writer : torchWriters()) {
            if (legacy) {
                writer.writeLegacy(file);
            } else {
                writer.write(file);
            }
            files.add(Files.readAllBytes(file));
        }
        return files;
    }

    /** The pickles of valid archives (their storages collected into {@code storages}) and hostile ones. */
    private List<byte[]> torchPickles(Map<String, byte[]> storages) throws IOException {
        List<byte[]> pickles = new ArrayList<>();
        for (TorchSaveWriter writer : torchWriters()) {
            Path file = dir.resolve("corpus.pth");
            writer.write(file);
            try (ZipFile zip = new ZipFile(file.toFile())) {
                for (ZipEntry entry : Collections.list(zip.entries())) {
                    try (InputStream in = zip.getInputStream(entry)) {
                        if (entry.getName().equals("archive/data.pkl")) {
                            pickles.add(in.readAllBytes());
                        } else if (entry.getName().startsWith("archive/data/")) {
                            storages.putIfAbsent(entry.getName().substring("archive/data/".length()),
                                    in.readAllBytes());
                        }
                    }
                }
            }
        }
        pickles.add(new byte[] {(byte) 0x80, 2, '}', ']', 'q', 0, 'h', 0, 'a', 'K', 1, 's', '.'});
        HandPickle deep = HandPickle.protocol2().op('}').string("w").beginRebuild("0", 6).integer(0).op(')');
        for (int i = 0; i < 100; i++) {
            deep.raw(0x85);
        }
        pickles.add(deep.integers(1).endRebuild().op('s').stop());
        pickles.add(HandPickle.protocol2().op('}').op('(').string("c").vector("0", 6).string("a").vector("1", 2)
                .op('u').stop());
        return pickles;
    }

    private static List<TorchSaveWriter> torchWriters() {
        TorchSaveWriter plain = new TorchSaveWriter()
                .tensor("features.0.weight", new float[] {1, 2, 3, 4, 5, 6}, 2, 3)
                .tensor("features.0.bias", new float[] {0.5f, -0.5f}, 2)
                .tensor("scale", new float[] {20f});
        TorchSaveWriter views = new TorchSaveWriter();
        Storage shared = views.floatStorage(0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11);
        views.view("t", shared, 0, new long[] {4, 3}, new long[] {1, 4})
                .view("tail", shared, 8, new long[] {2, 2}, new long[] {2, 1})
                .view("half", views.sixteenBitStorage("HalfStorage", 0x3e00, 0xc000), 0, new long[] {2},
                        new long[] {1});
        TorchSaveWriter checkpoint = new TorchSaveWriter()
                .tensor("head.weight", new float[] {1, 2, 3}, 3)
                .wrapAs("model", Map.of("epoch", 3,
                        "args", new PyObject("argparse", "Namespace", Map.of("lr", 0.002, "epochs", 120))));
        return List.of(plain, views, checkpoint);
    }

    private List<byte[]> safetensorsFiles() throws IOException {
        LinkedHashMap<String, HostTensor> tensors = new LinkedHashMap<>();
        tensors.put("features.0.weight", new HostTensor(new long[] {2, 3}, new float[] {1, 2, 3, 4, 5, 6}));
        tensors.put("features.0.bias", new HostTensor(new long[] {2}, new float[] {0.5f, -0.5f}));
        tensors.put("scale", new HostTensor(new long[0], new float[] {20f}));
        tensors.put("empty", new HostTensor(new long[] {0, 4}, new float[0]));
        Path file = dir.resolve("corpus.safetensors");
        SafetensorsWriter.write(file, new StateDict("corpus", tensors), Map.of("source", "fuzz corpus"));
        return List.of(Files.readAllBytes(file));
    }

    private static String failure(Target target, int iteration, byte[] input, String what) {
        return target + " input " + iteration + " of seed " + SEED + " " + what + "; replay with -Dfuzz.seed=" + SEED
                + ", input (hex): " + ByteMutator.hex(input);
    }
}
