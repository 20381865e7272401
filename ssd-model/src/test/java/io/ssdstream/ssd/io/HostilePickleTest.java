package io.ssdstream.ssd.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.assertj.core.api.AbstractThrowableAssert;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The crafted pickles of the hardening review (issue 11, finding 4), each spelled out byte by byte: before the
 * reader had its own bounded unpickler they overflowed the stack, allocated gigabytes, reached a JVM-wide
 * constructor registry or lost the order of a state dict. Each must now end in one line naming the file and the fault.
 */
class HostilePickleTest {

    private static final String PICKLE_ENTRY = "archive/data.pkl";

    @TempDir
    Path dir;

    @Test
    void selfReferentialListAsDictKeyIsRefusedNotHashed() throws IOException {
        // PROTO 2, EMPTY_DICT, EMPTY_LIST, BINPUT 0, BINGET 0, APPEND (the list now holds itself),
        // BININT1 1, SETITEM (the list as a key: hashing it recursed forever), STOP
        byte[] pickle = {(byte) 0x80, 2, '}', ']', 'q', 0, 'h', 0, 'a', 'K', 1, 's', '.'};
        Path file = archive("list-key.pth", pickle);

        assertRefused(file).hasMessageContaining(PICKLE_ENTRY).hasMessageContaining("dict key that is a list");
    }

    @Test
    void deepTupleAsTensorSizeIsRefusedWithoutPrintingIt() throws IOException {
        HandPickle pickle = HandPickle.protocol2().op('}').string("w").beginRebuild("0", 1).integer(0).op(')');
        for (int i = 0; i < 100_000; i++) {
            pickle.raw(0x85);
        }
        Path file = archive("deep-tuple.pth", pickle.integers(1).endRebuild().op('s').stop(), Map.of("0", floats(1)));

        assertRefused(file).hasMessageContaining(PICKLE_ENTRY).hasMessageContaining("tuple of integers as size");
    }

    @Test
    void nestingDeeperThanTheLimitIsRefused() throws IOException {
        HandPickle pickle = HandPickle.protocol2().op('}').op('(').string("w").vector("0", 1).string("junk");
        for (int i = 0; i < 100; i++) {
            pickle.op(']');
        }
        for (int i = 1; i < 100; i++) {
            pickle.op('a');
        }
        Path file = archive("deep-lists.pth", pickle.op('u').stop(), Map.of("0", floats(1)));

        assertRefused(file).hasMessageContaining(PICKLE_ENTRY).hasMessageContaining("nested deeper than 64");
    }

    @Test
    void listDictCycleInTensorArgumentsIsRefusedWithoutPrintingIt() throws IOException {
        HandPickle pickle = HandPickle.protocol2().op('}').string("w").global("torch._utils", "_rebuild_tensor_v2")
                .op('(')
                // L = [], BINPUT 0; D = {"k": L}; L.append(D): printing either recursed forever
                .op(']').raw('q', 0).op('}').string("k").raw('h', 0).op('s').op('a')
                .integer(0).integers(1).integers(1).endRebuild().op('s');
        Path file = archive("cycle-args.pth", pickle.stop());

        assertRefused(file).hasMessageContaining(PICKLE_ENTRY).hasMessageContaining("_rebuild_tensor_v2 expects");
    }

    @Test
    void cycleAnywhereInTheCheckpointIsRefused() throws IOException {
        HandPickle pickle = HandPickle.protocol2().op('}').op('(').string("w").vector("0", 1)
                .string("junk").op(']').raw('q', 0).raw('h', 0).op('a');
        Path file = archive("cycle.pth", pickle.op('u').stop(), Map.of("0", floats(1)));

        assertRefused(file).hasMessageContaining(PICKLE_ENTRY).hasMessageContaining("a list contains itself");
    }

    @Test
    void lengthFieldIsCheckedAgainstTheBytesLeftBeforeAllocating() throws IOException {
        // PROTO 2, BINUNICODE of 2^31 - 1 bytes, then 2 bytes: this allocated 2 GB
        byte[] pickle = {(byte) 0x80, 2, 'X', (byte) 0xff, (byte) 0xff, (byte) 0xff, 0x7f, 0, '.'};
        Path file = archive("long-string.pth", pickle);

        assertRefused(file).hasMessageContaining(PICKLE_ENTRY)
                .hasMessageContaining("a string of 2147483647 bytes, but only 2 bytes of the pickle are left");
    }

    @Test
    void instAndObjNeverReachAnyConstructor() throws IOException {
        // MARK, "1.5", INST decimal Decimal: the pickle library built a BigDecimal
        Path instFile = archive("inst.pth",
                HandPickle.protocol2().op('(').string("1.5").op('i').ascii("decimal\nDecimal\n").stop());
        Path objFile = archive("obj.pth",
                HandPickle.protocol2().op('(').global("pytz", "timezone").string("UTC").op('o').stop());

        assertRefused(instFile).hasMessageContaining("INST").hasMessageContaining("not allowed");
        assertRefused(objFile).hasMessageContaining("global 'pytz.timezone' is not allowed");
    }

    @Test
    void everyGlobalOutsideTheAllowListIsRefusedWhateverCallsIt() throws IOException {
        Path reduce = archive("reduce.pth",
                HandPickle.protocol2().global("os", "system").string("true").raw(0x85).op('R').stop());
        Path asValue = archive("value.pth", HandPickle.protocol2().op('}').string("w")
                .global("decimal", "Decimal").op('s').stop());

        assertRefused(reduce).hasMessageContaining("global 'os.system' is not allowed");
        assertRefused(asValue).hasMessageContaining("global 'decimal.Decimal' is not allowed");
    }

    @Test
    void manySmallValuesAreCappedBeforeTheyFillTheHeap() throws IOException {
        // EMPTY_LIST, then (EMPTY_LIST, APPEND) 2^21 times: 4 MiB of pickle that built 2 million lists
        HandPickle pickle = HandPickle.protocol2().op(']');
        for (int i = 0; i < 1 << 21; i++) {
            pickle.op(']').op('a');
        }
        Path file = archive("many-lists.pth", pickle.stop());

        assertRefused(file).hasMessageContaining(PICKLE_ENTRY).hasMessageContaining("more than 2097152 values");
    }

    @Test
    void openMarksAreCappedLikeTheStack() throws IOException {
        // 2^20 + 1 MARKs: one byte each, each held open
        HandPickle pickle = HandPickle.protocol2();
        for (int i = 0; i <= 1 << 20; i++) {
            pickle.op('(');
        }
        Path file = archive("marks.pth", pickle.stop());

        assertRefused(file).hasMessageContaining(PICKLE_ENTRY).hasMessageContaining("more than 1048576 open MARKs");
    }

    @Test
    void topLevelPlainDictKeepsItsKeyOrder() throws IOException {
        HandPickle pickle = HandPickle.protocol2().op('}').op('(')
                .string("c").vector("0", 1).string("a").vector("1", 1).string("b").vector("2", 1).op('u');
        Map<String, byte[]> storages = new LinkedHashMap<>();
        storages.put("0", floats(3));
        storages.put("1", floats(1));
        storages.put("2", floats(2));
        Path file = archive("plain-dict.pth", pickle.stop(), storages);

        StateDict dict = TorchCheckpointReader.read(file);

        assertThat(dict.tensors().keySet()).containsExactly("c", "a", "b");
        assertThat(dict.get("c").values()).containsExactly(3f);
    }

    @Test
    void broadcastViewLargerThanItsStorageIsRefusedBeforeAllocating() throws IOException {
        // a 4-byte storage seen as 2^30 elements of stride 0: this allocated 4 GB
        HandPickle pickle = HandPickle.protocol2().op('}').string("w").beginRebuild("0", 1).integer(0)
                .integers(1 << 30).integers(0).endRebuild().op('s');
        Path file = archive("broadcast.pth", pickle.stop(), Map.of("0", floats(1)));

        assertRefused(file).hasMessageContaining("'w'").hasMessageContaining("more than the 1 of its storage");
    }

    @Test
    void viewsRepeatingOneStorageTooOftenAreRefused() throws IOException {
        int elements = 100_000;
        HandPickle pickle = HandPickle.protocol2().op('}').op('(');
        for (int i = 0; i < 10; i++) {
            pickle.string("tied" + i).vector("0", elements);
        }
        Path file = archive("tied.pth", pickle.op('u').stop(), Map.of("0", new byte[4 * elements]));

        assertRefused(file).hasMessageContaining("1000000 elements in all").hasMessageContaining("100000");
    }

    @Test
    void namesFromTheFileCannotBreakTheMessageIntoLines() throws IOException {
        Path file = archive("newline.pth", HandPickle.protocol2().op('}').string("evil\nkey").integer(7)
                .op('s').stop());

        assertRefused(file).hasMessageContaining("'evil\\nkey'");
    }

    private Path archive(String name, byte[] pickle) throws IOException {
        return archive(name, pickle, Map.of());
    }

    private Path archive(String name, byte[] pickle, Map<String, byte[]> storages) throws IOException {
        Path file = dir.resolve(name);
        TorchSaveWriter.writeRaw(file, pickle, storages);
        return file;
    }

    private static byte[] floats(float... values) {
        ByteBuffer bytes = ByteBuffer.allocate(4 * values.length).order(ByteOrder.LITTLE_ENDIAN);
        for (float value : values) {
            bytes.putFloat(value);
        }
        return bytes.array();
    }

    static AbstractThrowableAssert<?, ? extends Throwable> assertRefused(Path file) {
        return assertThatThrownBy(() -> TorchCheckpointReader.read(file))
                .isInstanceOf(WeightFormatException.class)
                .hasMessageStartingWith(file.toString())
                .hasMessageNotContaining("\n");
    }
}
