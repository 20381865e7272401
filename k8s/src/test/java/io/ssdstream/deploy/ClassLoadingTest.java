package io.ssdstream.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.engine.Engine;
import io.ssdstream.deploy.docker.Dockerfile;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import nu.pattern.OpenCV;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.opencv.core.Mat;

/**
 * Wherever Flink runs the job, DJL and OpenCV resolve parent-first, from lib/: their native libraries load once per
 * JVM, and a second copy in the job's class loader fails (DJL) or leaks a 63 MB library per restart (OpenCV). Avro
 * too: from the job's class loader, the thread-local its schema parser leaves on the JobManager's pooled threads
 * keeps every submitted job's class loader (docs/deployment.md).
 */
class ClassLoadingTest {

    private static final String KEY = "classloader.parent-first-patterns.additional";

    /** A class from each package whose natives must load once. */
    private static final List<Class<?>> NATIVE_HOLDERS = List.of(Engine.class, Mat.class, OpenCV.class);
    /** By name: the job jar's Avro is not on this module's class path. */
    private static final String AVRO_SCHEMA = "org.apache.avro.Schema";

    static Stream<String[]> parentFirstPatterns() {
        Stream<String[]> manifests = Overlays.flinkDeployments().stream()
                .map(deployment -> new String[] {deployment.describe(), deployment.at("spec", "flinkConfiguration", KEY).asText()});
        Stream<String[]> image = Stream.<String[]>of(new String[] {"docker/Dockerfile",
                Dockerfile.read(Repository.docker().resolve("Dockerfile")).bakedFlinkConfiguration().getOrDefault(KEY, "")});
        return Stream.concat(manifests, image);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("parentFirstPatterns")
    void djlAndOpenCvLoadParentFirst(String origin, String patterns) {
        assertThat(NATIVE_HOLDERS).as(origin + " " + KEY)
                .allMatch(type -> parentFirst(patterns, type.getName()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("parentFirstPatterns")
    void avroLoadsParentFirst(String origin, String patterns) {
        assertThat(parentFirst(patterns, AVRO_SCHEMA)).as(origin + " " + KEY + ": " + patterns).isTrue();
    }

    private static boolean parentFirst(String patterns, String className) {
        return Arrays.stream(patterns.split(";")).map(String::strip)
                .anyMatch(prefix -> !prefix.isEmpty() && className.startsWith(prefix));
    }
}
