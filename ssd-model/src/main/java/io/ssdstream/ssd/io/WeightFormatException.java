package io.ssdstream.ssd.io;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Objects;

/**
 * A weight file that cannot be read as what it claims to be: wrong format, truncated, inconsistent, hostile, or
 * holding tensors this product cannot use. The message starts with the file and names the entry or tensor at fault,
 * on one line: names taken from the file may hold anything, so control characters are escaped and the message is
 * cut at {@value #MAX_MESSAGE_CHARS} characters.
 */
public final class WeightFormatException extends IOException {

    static final int MAX_MESSAGE_CHARS = 1000;

    private final transient Path file;

    /**
     * @param file the weight file at fault
     * @param problem what is wrong, naming the entry or tensor where known
     */
    public WeightFormatException(Path file, String problem) {
        this(file, problem, null);
    }

    public WeightFormatException(Path file, String problem, Throwable cause) {
        super(oneLine(Objects.requireNonNull(file, "file") + ": " + problem), cause);
        this.file = file;
    }

    private static String oneLine(String message) {
        StringBuilder line = new StringBuilder(Math.min(message.length(), MAX_MESSAGE_CHARS + 3));
        int i = 0;
        for (; i < message.length() && line.length() < MAX_MESSAGE_CHARS; i++) {
            char c = message.charAt(i);
            if (c == '\n') {
                line.append("\\n");
            } else if (Character.isISOControl(c) || c == '\u2028' || c == '\u2029') {
                line.append(String.format("\\u%04x", (int) c));
            } else {
                line.append(c);
            }
        }
        return i < message.length() ? line + "..." : line.toString();
    }

    /** The weight file at fault. */
    public Path file() {
        return file;
    }
}
