package io.ssdstream.ssd.io;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Objects;

/**
 * A weight file that cannot be read as what it claims to be: wrong format, truncated, inconsistent, or holding
 * tensors this product cannot use. The message starts with the file and names the entry or tensor at fault.
 */
public final class WeightFormatException extends IOException {

    private final transient Path file;

    /**
     * @param file the weight file at fault
     * @param problem what is wrong, naming the entry or tensor where known
     */
    public WeightFormatException(Path file, String problem) {
        this(file, problem, null);
    }

    public WeightFormatException(Path file, String problem, Throwable cause) {
        super(Objects.requireNonNull(file, "file") + ": " + problem, cause);
        this.file = file;
    }

    /** The weight file at fault. */
    public Path file() {
        return file;
    }
}
