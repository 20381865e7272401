package io.ssdstream.ssd.io;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.List;
import java.util.regex.Pattern;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * The zip archive torch.save writes since PyTorch 1.6. Every entry sits under one top-level folder whose name
 * varies (torch uses the file's stem or {@code archive}): {@code data.pkl} holds the pickled object graph,
 * {@code data/<key>} each storage's raw bytes, and {@code byteorder}, when present, the byte order of those bytes.
 *
 * <p>torch.save stores its entries uncompressed, so a checkpoint inflates to about its own size. A zip bomb cannot:
 * the sizes the central directory declares may add up to at most {@value #MAX_EXPANSION} times the file's size, an
 * entry is read only up to its declared size and refused if it inflates past it, and the pickle may not exceed
 * {@value #MAX_PICKLE_BYTES} bytes. Every failure names the file and the entry.
 */
final class TorchArchive implements TorchSaveFile {

    private static final String PICKLE = "data.pkl";
    /** Deflate gains about 10% on float weights; 16 leaves room for any honest compression. */
    static final int MAX_EXPANSION = 16;
    /** torchvision's SSD300 pickle is ~20 KB; a state dict of 100,000 tensors ~10 MB. */
    static final int MAX_PICKLE_BYTES = 64 << 20;

    private final Path file;
    private final ZipFile zip;
    private final String folder;
    private final ByteOrder byteOrder;

    private TorchArchive(Path file, ZipFile zip, String folder, ByteOrder byteOrder) {
        this.file = file;
        this.zip = zip;
        this.folder = folder;
        this.byteOrder = byteOrder;
    }

    static TorchArchive open(Path file) throws IOException {
        ZipFile zip;
        try {
            zip = new ZipFile(file.toFile());
        } catch (FileSystemException e) {
            throw e;
        } catch (IOException e) {
            throw new WeightFormatException(file, "not a readable zip archive (truncated or corrupt?): " + e, e);
        }
        try {
            checkDeclaredSizes(file, zip);
            String folder = folderOf(file, zip);
            rejectTorchScript(file, zip, folder);
            return new TorchArchive(file, zip, folder, byteOrder(file, zip, folder));
        } catch (IOException | RuntimeException e) {
            zip.close();
            throw e;
        }
    }

    /** The entry name of the pickle, for messages. */
    String pickleEntry() {
        return folder + PICKLE;
    }

    byte[] pickle() throws IOException {
        ZipEntry entry = zip.getEntry(pickleEntry());
        String where = "entry '" + pickleEntry() + "'";
        if (entry.getSize() > MAX_PICKLE_BYTES) {
            throw new WeightFormatException(file, where + " declares " + entry.getSize() + " bytes, more than the "
                    + MAX_PICKLE_BYTES + " a state dict's pickle may have");
        }
        return read(entry, where);
    }

    @Override
    public Object root() throws IOException {
        return TorchUnpickler.load(file, pickleEntry(), pickle());
    }

    /** The uncompressed size the archive declares for the storage's entry. */
    @Override
    public long storageSize(String key, String tensorName) throws WeightFormatException {
        return storageEntry(key, tensorName).getSize();
    }

    /** The entry's bytes, in the byte order the archive was written in; exactly its declared size. */
    @Override
    public ByteBuffer storage(String key, String tensorName) throws IOException {
        ZipEntry entry = storageEntry(key, tensorName);
        String where = "tensor '" + tensorName + "': storage entry '" + entry.getName() + "'";
        if (entry.getSize() > Integer.MAX_VALUE) {
            throw new WeightFormatException(file, where + " holds " + entry.getSize()
                    + " bytes, more than one read can hold (2 GiB)");
        }
        return ByteBuffer.wrap(read(entry, where)).order(byteOrder);
    }

    private ZipEntry storageEntry(String key, String tensorName) throws WeightFormatException {
        String name = folder + "data/" + key;
        ZipEntry entry = zip.getEntry(name);
        if (entry == null) {
            throw new WeightFormatException(file, "tensor '" + tensorName + "': storage entry '" + name
                    + "' is missing");
        }
        return entry;
    }

    /**
     * Exactly the entry's declared bytes (checkDeclaredSizes has bounded them all), refusing an entry that
     * inflates to fewer or more, and naming the entry when the archive is corrupt where it lies.
     */
    private byte[] read(ZipEntry entry, String where) throws WeightFormatException {
        int declared = (int) entry.getSize();
        try (InputStream in = zip.getInputStream(entry)) {
            byte[] bytes = in.readNBytes(declared);
            if (bytes.length < declared) {
                throw new WeightFormatException(file, where + " ends after " + bytes.length + " of its declared "
                        + declared + " bytes (truncated or corrupt)");
            }
            if (in.read() >= 0) {
                throw new WeightFormatException(file, where + " inflates to more than its declared " + declared
                        + " bytes (corrupt, or a zip bomb)");
            }
            return bytes;
        } catch (WeightFormatException e) {
            throw e;
        } catch (IOException | RuntimeException e) {
            throw new WeightFormatException(file, where + " cannot be read (corrupt archive: its recorded offset, "
                    + "header or compressed data is damaged): " + e, e);
        }
    }

    @Override
    public void close() throws IOException {
        zip.close();
    }

    /** Refuses a central directory whose sizes are unknown, or add up to more than the file could honestly hold. */
    private static void checkDeclaredSizes(Path file, ZipFile zip) throws IOException {
        long fileSize = Files.size(file);
        long limit = MAX_EXPANSION * fileSize;
        long total = 0;
        for (ZipEntry entry : Collections.list(zip.entries())) {
            if (entry.getSize() < 0) {
                throw new WeightFormatException(file, "entry '" + entry.getName() + "' has no declared size");
            }
            total += Math.min(entry.getSize(), limit + 1);
            if (total > limit) {
                throw new WeightFormatException(file, "entries declare more than " + limit + " bytes uncompressed ("
                        + MAX_EXPANSION + " times the file's " + fileSize + "), at entry '" + entry.getName()
                        + "': a zip bomb, or not a torch.save archive");
            }
        }
    }

    private static String folderOf(Path file, ZipFile zip) throws WeightFormatException {
        List<String> folders = zip.stream()
                .map(ZipEntry::getName)
                .filter(name -> name.matches("[^/]+/" + Pattern.quote(PICKLE)))
                .map(name -> name.substring(0, name.length() - PICKLE.length()))
                .toList();
        if (folders.isEmpty()) {
            throw new WeightFormatException(file, "a zip archive without a <folder>/" + PICKLE
                    + " entry, so not a torch.save checkpoint");
        }
        if (folders.size() > 1) {
            throw new WeightFormatException(file, "several folders hold a " + PICKLE + ": " + folders
                    + "; a torch.save checkpoint has exactly one");
        }
        return folders.get(0);
    }

    private static void rejectTorchScript(Path file, ZipFile zip, String folder) throws WeightFormatException {
        boolean torchScript = zip.getEntry(folder + "constants.pkl") != null
                || zip.stream().anyMatch(entry -> entry.getName().startsWith(folder + "code/"));
        if (torchScript) {
            throw new WeightFormatException(file, "a TorchScript archive (torch.jit.save), not a state dict; save its "
                    + "weights with torch.save(torch.jit.load(f).state_dict(), f2) or export them to safetensors");
        }
    }

    private static ByteOrder byteOrder(Path file, ZipFile zip, String folder) throws IOException {
        ZipEntry entry = zip.getEntry(folder + "byteorder");
        if (entry == null) {
            return ByteOrder.LITTLE_ENDIAN;
        }
        String order;
        try (InputStream in = zip.getInputStream(entry)) {
            order = new String(in.readNBytes(16), StandardCharsets.US_ASCII).trim();
        } catch (IOException e) {
            throw new WeightFormatException(file, "entry '" + entry.getName() + "' cannot be read (corrupt archive): "
                    + e, e);
        }
        return switch (order) {
            case "little" -> ByteOrder.LITTLE_ENDIAN;
            case "big" -> ByteOrder.BIG_ENDIAN;
            default -> throw new WeightFormatException(file, "entry '" + entry.getName() + "' says '" + order
                    + "'; expected 'little' or 'big'");
        };
    }
}
