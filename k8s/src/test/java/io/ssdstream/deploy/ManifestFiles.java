package io.ssdstream.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ssdstream.deploy.yaml.StrictYaml;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/** Kubernetes objects as files hold them, one per YAML document. */
public final class ManifestFiles {

    private ManifestFiles() {
    }

    /** The objects of one file; every document must be an object. */
    public static List<Manifest> read(Path file) {
        List<JsonNode> documents = StrictYaml.readDocuments(file);
        if (!documents.stream().allMatch(JsonNode::isObject)) {
            throw new IllegalArgumentException(Repository.relative(file) + ": a document is not a Kubernetes object");
        }
        return manifests(file, documents);
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
                    .flatMap(file -> {
                        List<JsonNode> documents = StrictYaml.readDocuments(file);
                        boolean objects = documents.stream().allMatch(JsonNode::isObject);
                        return objects ? manifests(file, documents).stream() : Stream.empty();
                    })
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static List<Manifest> manifests(Path file, List<JsonNode> documents) {
        String origin = Repository.relative(file);
        return documents.stream().map(document -> new Manifest(origin, (ObjectNode) document)).toList();
    }
}
