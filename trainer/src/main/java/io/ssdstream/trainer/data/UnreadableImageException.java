package io.ssdstream.trainer.data;

import java.io.IOException;
import java.nio.file.Path;

/** An image file that is missing or cannot be decoded; loaders skip such images and count them. */
public final class UnreadableImageException extends IOException {

    private static final long serialVersionUID = 1L;

    private final transient Path file;

    public UnreadableImageException(Path file, String reason) {
        super(file + ": " + reason);
        this.file = file;
    }

    public Path file() {
        return file;
    }
}
