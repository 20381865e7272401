package io.ssdstream.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ssdstream.deploy.yaml.StrictYaml;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/** Kubernetes objects as files hold them, one per YAML document. */
public final class ManifestFiles {

    private ManifestFiles() {
    }

    /** The objects of one file; every document must be an object. */
    public static List<Manifest> read(Path file) {
        String origin = Repository.relative(file);
        List<Manifest> manifests = new ArrayList<>();
        for (JsonNode document : StrictYaml.readDocuments(file)) {
            if (!(document instanceof ObjectNode object)) {
                throw new IllegalArgumentException(origin + ": a document is not a Kubernetes object");
            }
            manifests.add(new Manifest(origin, object));
        }
        return manifests;
    }

    /**
     * Every object under {@code dir}: the resources and the merge patches (a patch is a partial object and must bind
     * as one), not the kustomization files or JSON patches (lists of operations).
     */
    public static List<Manifest> under(Path dir) {
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(file -> file.toString().endsWith(".yaml"))
                    .filter(file -> !file.getFileName().toString().equals("kustomization.yaml"))
                    .sorted()
                    .filter(file -> StrictYaml.readDocuments(file).stream().allMatch(JsonNode::isObject))
                    .flatMap(file -> read(file).stream())
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
