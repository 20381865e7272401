package io.ssdstream.cluster;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * What the container image holds, from what the build staged: Flink's runtime (this module's {@code lib.classpath},
 * standing in for flink-dist), the image's own {@code lib/} (docker/target/lib), the job jar of {@code usrlib/},
 * libtorch unpacked once with the environment that points DJL at it, and the Prometheus reporter as a plugin.
 */
record ImageLayout(List<Path> libraries, Path jobJar, Path pluginsDirectory, Map<String, String> environment) {

    /** Reads the layout the build staged under {@code cluster.home} and docker/target. */
    static ImageLayout staged() {
        Path home = Path.of(System.getProperty("cluster.home"));
        Path docker = Path.of(System.getProperty("ssd-stream.root")).resolve("docker/target");
        List<Path> libraries = new ArrayList<>();
        try {
            for (String entry : Files.readString(home.resolve("lib.classpath")).strip().split(":")) {
                libraries.add(Path.of(entry));
            }
            try (Stream<Path> image = Files.list(docker.resolve("lib"))) {
                image.filter(jar -> jar.toString().endsWith(".jar")).sorted().forEach(libraries::add);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("the staged class path under " + home + " and " + docker
                    + " (run the build's package phase)", e);
        }
        return new ImageLayout(List.copyOf(libraries), docker.resolve("usrlib/ssd-stream-job.jar"),
                home.resolve("plugins"), nativesEnvironment(home.resolve("natives"), libraries));
    }

    /**
     * The Dockerfile's environment: libtorch from a directory, the JNI library pre-placed in the engine cache
     * under the name DJL looks for, never a download, and OpenMP threads that sleep when idle.
     */
    private static Map<String, String> nativesEnvironment(Path natives, List<Path> libraries) {
        String pytorch = System.getProperty("pytorch.version");
        String djl = System.getProperty("djl.version");
        Path cache = natives.resolve("djl-cache");
        Path jni = cache.resolve("pytorch/" + pytorch + "-cpu-linux-x86_64/" + djl + "-libdjl_torch.so");
        try {
            Files.createDirectories(jni.getParent());
            try (InputStream unpacked = Files.newInputStream(
                    natives.resolve("jnilib/linux-x86_64/cpu/libdjl_torch.so"))) {
                Files.copy(unpacked, jni, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("the JNI library unpacked under " + natives, e);
        }
        if (libraries.stream().noneMatch(jar -> jar.getFileName().toString().contains("pytorch-jni"))) {
            throw new IllegalStateException("no pytorch-jni jar in the image's lib/: " + libraries);
        }
        Map<String, String> env = new LinkedHashMap<>();
        env.put("PYTORCH_LIBRARY_PATH", natives.resolve("pytorch/cpu/linux-x86_64").toString());
        env.put("PYTORCH_FLAVOR", "cpu");
        env.put("PYTORCH_VERSION", pytorch);
        env.put("ENGINE_CACHE_DIR", cache.toString());
        env.put("DJL_OFFLINE", "true");
        env.put("OMP_WAIT_POLICY", "PASSIVE");
        return env;
    }

    String classPath() {
        return String.join(":", libraries.stream().map(Path::toString).toList());
    }
}
