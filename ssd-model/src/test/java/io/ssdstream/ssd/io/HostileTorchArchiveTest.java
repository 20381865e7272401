package io.ssdstream.ssd.io;

import static io.ssdstream.ssd.io.HostilePickleTest.assertRefused;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Crafted zip archives of the hardening review (issue 11, finding 4): a zip bomb, an entry that inflates past its
 * declared size and a corrupt entry offset. Each is refused with one line naming the file and the entry, before the
 * heap fills or a bare EOFException escapes.
 */
class HostileTorchArchiveTest {

    private static final String STORAGE_ENTRY = "archive/data/0";

    @TempDir
    Path dir;

    @Test
    void zipBombIsRefusedFromItsDeclaredSizesBeforeInflating() throws IOException {
        int elements = 16 << 20;
        Path file = dir.resolve("bomb.pth");
        // 64 MiB of zeros deflate to about 64 KiB; the reader used to inflate all of it and hold it twice
        writeDeflated(file, HandPickle.protocol2().op('}').string("w").vector("0", elements).op('s').stop(),
                new byte[4 * elements]);

        assertRefused(file).hasMessageContaining("zip bomb").hasMessageContaining("16 times");
    }

    @Test
    void entryInflatingPastItsDeclaredSizeIsRefused() throws IOException {
        Path file = dir.resolve("overlong.pth");
        writeDeflated(file, HandPickle.protocol2().op('}').string("w").vector("0", 4).op('s').stop(), new byte[4096]);
        byte[] zip = Files.readAllBytes(file);
        // the central directory now says the storage holds 16 bytes (4 floats); it still inflates to 4096
        centralField(zip, STORAGE_ENTRY, 24).putInt(16);
        Files.write(file, zip);

        assertRefused(file).hasMessageContaining(STORAGE_ENTRY).hasMessageContaining("inflates to more than its "
                + "declared 16 bytes");
    }

    @Test
    void corruptEntryOffsetNamesTheEntry() throws IOException {
        Path file = dir.resolve("bad-offset.pth");
        TorchSaveWriter.writeRaw(file, HandPickle.protocol2().op('}').string("w").vector("0", 2).op('s').stop(),
                Map.of("0", new byte[8]));
        byte[] zip = Files.readAllBytes(file);
        // the storage's local header offset now points 4 bytes before the end of the file
        centralField(zip, STORAGE_ENTRY, 42).putInt(zip.length - 4);
        Files.write(file, zip);

        assertRefused(file).hasMessageContaining(STORAGE_ENTRY).hasMessageContaining("cannot be read");
    }

    /** A torch-style archive whose entries are DEFLATED, as a re-zipped checkpoint would be. */
    private static void writeDeflated(Path file, byte[] pickle, byte[] storage) throws IOException {
        try (ZipOutputStream zip = new ZipOutputStream(Files.newOutputStream(file))) {
            zip.putNextEntry(new ZipEntry("archive/data.pkl"));
            zip.write(pickle);
            zip.putNextEntry(new ZipEntry(STORAGE_ENTRY));
            zip.write(storage);
            zip.closeEntry();
        }
    }

    /** The little-endian field at {@code offset} in the central directory record of the named entry. */
    private static ByteBuffer centralField(byte[] zip, String entry, int offset) {
        ByteBuffer bytes = ByteBuffer.wrap(zip).order(ByteOrder.LITTLE_ENDIAN);
        byte[] name = entry.getBytes(StandardCharsets.US_ASCII);
        for (int at = 0; at + 46 + name.length <= zip.length; at++) {
            if (bytes.getInt(at) == 0x02014b50 && bytes.getShort(at + 28) == name.length
                    && java.util.Arrays.equals(zip, at + 46, at + 46 + name.length, name, 0, name.length)) {
                return bytes.position(at + offset).slice().order(ByteOrder.LITTLE_ENDIAN);
            }
        }
        throw new AssertionError("no central directory record for " + entry);
    }
}
