package io.ssdstream.cli.model;

import io.ssdstream.ssd.io.ModelArtifact;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/**
 * The {@code --out} of the commands that write a model artifact, checked before any work: writing replaces an
 * artifact's files, so anything else that is already there (a file, a directory of other things) is refused rather
 * than overwritten or mixed with an artifact.
 */
public final class ArtifactOut {

    private ArtifactOut() {
    }

    /** Refuses {@code out} unless it is absent, an empty directory or an existing artifact. */
    public static void check(Path out) throws IOException {
        if (!Files.exists(out)) {
            return;
        }
        if (!Files.isDirectory(out)) {
            throw new IllegalArgumentException("--out " + out + " is an existing file, not a directory; give a new"
                    + " directory (or an existing model artifact to replace)");
        }
        if (Files.isRegularFile(out.resolve(ModelArtifact.METADATA_FILE))) {
            return;
        }
        try (Stream<Path> entries = Files.list(out)) {
            if (entries.findAny().isPresent()) {
                throw new IllegalArgumentException("--out " + out + " is a non-empty directory without "
                        + ModelArtifact.METADATA_FILE + ", not a model artifact; give a new or empty directory");
            }
        }
    }
}
