package io.ssdstream.trainer.data;

import java.io.IOException;
import java.nio.file.Path;

/**
 * A malformed annotation: the message names the file and the element or JSON location at fault, e.g.
 * {@code Annotations/000012.xml: <annotation>/<object>[2]/<bndbox>/<xmax>: 'abc' is not a number}.
 */
public final class AnnotationFormatException extends IOException {

    private static final long serialVersionUID = 1L;

    private final transient Path file;
    private final String location;

    public AnnotationFormatException(Path file, String location, String problem) {
        super(file + ": " + location + ": " + problem);
        this.file = file;
        this.location = location;
    }

    public Path file() {
        return file;
    }

    /** The element path (XML) or JSON pointer of the fault. */
    public String location() {
        return location;
    }
}
