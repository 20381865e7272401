package io.ssdstream.ssd.io;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;

/**
 * The zip archive torch.save writes since PyTorch 1.6. Every entry sits under one top-level folder whose name
 * varies (torch uses the file's stem or {@code archive}): {@code data.pkl} holds the pickled object graph,
 * {@code data/<key>} each storage's raw bytes, and {@code byteorder}, when present, the byte order of those bytes.
 */
final class TorchArchive implements Closeable {

    private static final String PICKLE = "data.pkl";

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
        } catch (ZipException e) {
            throw new WeightFormatException(file, "not a readable zip archive (truncated or corrupt?): "
                    + e.getMessage(), e);
        }
        try {
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
        try (InputStream in = zip.getInputStream(entry)) {
            return in.readAllBytes();
        } catch (ZipException e) {
            throw new WeightFormatException(file, "entry '" + pickleEntry() + "' is corrupt: " + e.getMessage(), e);
        }
    }

    /**
     * The raw bytes of a storage, in the byte order the archive was written in.
     *
     * @param key the storage's key from its persistent id
     * @param tensorName the tensor that needs it, for messages
     */
    ByteBuffer storage(String key, String tensorName) throws IOException {
        String name = folder + "data/" + key;
        ZipEntry entry = zip.getEntry(name);
        String where = "tensor '" + tensorName + "': storage entry '" + name + "'";
        if (entry == null) {
            throw new WeightFormatException(file, where + " is missing");
        }
        if (entry.getSize() > Integer.MAX_VALUE) {
            throw new WeightFormatException(file, where + " holds " + entry.getSize()
                    + " bytes, more than one read can hold (2 GiB)");
        }
        try (InputStream in = zip.getInputStream(entry)) {
            byte[] bytes = entry.getSize() < 0 ? in.readAllBytes() : in.readNBytes((int) entry.getSize());
            return ByteBuffer.wrap(bytes).order(byteOrder);
        } catch (ZipException e) {
            throw new WeightFormatException(file, where + " is corrupt: " + e.getMessage(), e);
        }
    }

    @Override
    public void close() throws IOException {
        zip.close();
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
        }
        return switch (order) {
            case "little" -> ByteOrder.LITTLE_ENDIAN;
            case "big" -> ByteOrder.BIG_ENDIAN;
            default -> throw new WeightFormatException(file, "entry '" + entry.getName() + "' says '" + order
                    + "'; expected 'little' or 'big'");
        };
    }
}
