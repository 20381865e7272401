package io.ssdstream.deploy.docker;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/** What a Dockerfile's COPY instructions find in its build context. */
public final class BuildContext {

    private BuildContext() {
    }

    /** One message per COPY source that is absent from the context, naming the Dockerfile line. */
    public static List<String> missingSources(Dockerfile dockerfile) {
        List<String> missing = new ArrayList<>();
        for (Dockerfile.CopySource source : dockerfile.contextSources()) {
            String pattern = source.source();
            if (isGlob(pattern) && matches(dockerfile.context(), pattern).isEmpty()) {
                missing.add(dockerfile.where(source.line()) + ": COPY " + pattern + " matches nothing");
            } else if (!isGlob(pattern) && !Files.exists(dockerfile.context().resolve(pattern))) {
                missing.add(dockerfile.where(source.line()) + ": COPY " + pattern + " does not exist");
            }
        }
        return missing;
    }

    /** The context's files matching a COPY glob such as {@code target/lib/ai.djl.pytorch.pytorch-jni-*.jar}. */
    public static List<Path> matches(Path context, String glob) {
        PathMatcher matcher = FileSystems.getDefault().getPathMatcher("glob:" + glob);
        try (Stream<Path> files = Files.walk(context)) {
            return files.filter(file -> matcher.matches(context.relativize(file))).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static boolean isGlob(String pattern) {
        return pattern.contains("*") || pattern.contains("?") || pattern.contains("[");
    }
}
