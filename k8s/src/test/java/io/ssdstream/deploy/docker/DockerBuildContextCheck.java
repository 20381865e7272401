package io.ssdstream.deploy.docker;

import static org.assertj.core.api.Assertions.assertThat;

import io.ssdstream.deploy.Repository;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every file the Dockerfile copies from its build context exists once {@code ./mvnw package} has run; surefire runs
 * this at the package phase, after the docker module staged them. One Dockerfile builds both variants, and what
 * differs between them (the CPU or CUDA libtorch) comes from Maven Central in the natives stage, so the default
 * build stages everything either variant copies.
 */
class DockerBuildContextCheck {

    @TempDir
    Path temp;

    @Test
    void everyCopySourceExistsAfterTheBuild() {
        Dockerfile dockerfile = Dockerfile.read(Repository.docker().resolve("Dockerfile"));

        assertThat(BuildContext.missingSources(dockerfile)).isEmpty();
        assertThat(dockerfile.contextSources()).extracting(Dockerfile.CopySource::source)
                .contains("target/lib/", "target/usrlib/ssd-stream-job.jar");
    }

    @Test
    void theJniGlobMatchesExactlyOneStagedJar() {
        Path context = Repository.docker();
        Dockerfile dockerfile = Dockerfile.read(context.resolve("Dockerfile"));

        assertThat(dockerfile.contextSources())
                .filteredOn(source -> source.source().contains("*"))
                .allSatisfy(source -> assertThat(BuildContext.matches(context, source.source())).hasSize(1));
    }

    @Test
    void aMissingSourceIsReportedWithItsLine() throws IOException {
        Files.writeString(temp.resolve("Dockerfile"), """
                FROM flink:2.2.0-java17
                COPY --from=flink:2.2.0-java17 /opt/flink/lib /staged
                COPY present.txt /opt/
                COPY target/lib/*.jar \\
                     absent.jar /opt/flink/lib/
                """);
        Files.writeString(temp.resolve("present.txt"), "x");

        assertThat(BuildContext.missingSources(Dockerfile.read(temp.resolve("Dockerfile"))))
                .containsExactly(temp.resolve("Dockerfile") + ":4: COPY target/lib/*.jar matches nothing",
                        temp.resolve("Dockerfile") + ":4: COPY absent.jar does not exist");
    }
}
