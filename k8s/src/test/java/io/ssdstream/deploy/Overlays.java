package io.ssdstream.deploy;

import io.ssdstream.deploy.kustomize.KustomizeRenderer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/** The kustomize overlays under {@code k8s/overlays}, one per image variant, and what they render. */
public final class Overlays {

    private Overlays() {
    }

    /** The overlay folders: cpu, gpu. */
    public static List<Path> all() {
        try (Stream<Path> dirs = Files.list(Repository.k8s().resolve("overlays"))) {
            return dirs.filter(Files::isDirectory).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static List<Manifest> render(Path overlay) {
        return KustomizeRenderer.render(overlay);
    }

    /** The rendered FlinkDeployment of an overlay; there is exactly one. */
    public static Manifest flinkDeployment(Path overlay) {
        List<Manifest> deployments = render(overlay).stream()
                .filter(manifest -> manifest.kind().equals("FlinkDeployment"))
                .toList();
        if (deployments.size() != 1) {
            throw new IllegalStateException(Repository.relative(overlay) + " renders " + deployments.size()
                    + " FlinkDeployments, expected one");
        }
        return deployments.get(0);
    }

    /** Every rendered FlinkDeployment, one per overlay. */
    public static List<Manifest> flinkDeployments() {
        return all().stream().map(Overlays::flinkDeployment).toList();
    }
}
