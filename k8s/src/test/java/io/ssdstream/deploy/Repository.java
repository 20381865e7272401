package io.ssdstream.deploy;

import java.nio.file.Path;

/** Where the deployment files live, and the versions the build pins, as Maven hands them to the tests. */
public final class Repository {

    private Repository() {
    }

    public static Path root() {
        return Path.of(property("ssd-stream.root")).toAbsolutePath().normalize();
    }

    public static Path k8s() {
        return root().resolve("k8s");
    }

    public static Path docker() {
        return root().resolve("docker");
    }

    /** A path as messages show it: relative to the repository when inside it. */
    public static String relative(Path file) {
        Path absolute = file.toAbsolutePath().normalize();
        return absolute.startsWith(root()) ? root().relativize(absolute).toString() : absolute.toString();
    }

    /** A build property the surefire configuration passes through, e.g. {@code flink.version}. */
    public static String property(String name) {
        String value = System.getProperty(name);
        if (value == null || value.isBlank()) {
            throw new IllegalStateException("system property " + name + " is not set: run the tests through Maven");
        }
        return value;
    }
}
