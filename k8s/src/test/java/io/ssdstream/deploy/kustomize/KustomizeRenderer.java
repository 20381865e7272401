package io.ssdstream.deploy.kustomize;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ssdstream.deploy.Manifest;
import io.ssdstream.deploy.ManifestFiles;
import io.ssdstream.deploy.Repository;
import io.ssdstream.deploy.yaml.StrictYaml;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * Renders a kustomization folder as {@code kubectl kustomize} does, within the subset {@link Kustomization} admits:
 * resources (files and folders), patches (merge patches on custom resources, JSON patches) and labels. CI has no
 * kustomize binary; this keeps the overlays checked all the same.
 */
public final class KustomizeRenderer {

    /** The objects a patch applies to; a null name or apiVersion matches any. */
    private record Selector(String kind, String name, String apiVersion) {

        boolean matches(Manifest manifest) {
            return kind.equals(manifest.kind())
                    && (name == null || name.equals(manifest.name()))
                    && (apiVersion == null || apiVersion.equals(manifest.apiVersion()));
        }
    }

    private KustomizeRenderer() {
    }

    /** The objects the folder's kustomization produces, each naming the folder and its source file. */
    public static List<Manifest> render(Path dir) {
        String overlay = Repository.relative(dir);
        return build(dir).stream().map(manifest -> manifest.renderedBy(overlay)).toList();
    }

    private static List<Manifest> build(Path dir) {
        Kustomization kustomization = Kustomization.read(dir);
        List<Manifest> manifests = new ArrayList<>();
        for (String resource : kustomization.resources()) {
            Path path = dir.resolve(resource).normalize();
            manifests.addAll(Files.isDirectory(path) ? build(path) : ManifestFiles.read(path));
        }
        for (Kustomization.Patch patch : kustomization.patches()) {
            manifests = patched(manifests, patch);
        }
        return manifests.stream().map(manifest -> labelled(manifest, kustomization.labels())).toList();
    }

    private static List<Manifest> patched(List<Manifest> manifests, Kustomization.Patch patch) {
        String where = Repository.relative(patch.file());
        JsonNode content = StrictYaml.readDocument(patch.file());
        Selector explicit = new Selector(patch.targetKind(), patch.targetName(), null);
        if (content.isArray()) {
            if (!patch.hasTarget()) {
                throw new IllegalArgumentException(where + ": a JSON patch needs a target in the kustomization");
            }
            return transform(manifests, explicit, body -> JsonPatch.apply(body, content, where), where);
        }
        Manifest patchObject = new Manifest(where, (ObjectNode) content);
        if (isBuiltIn(patchObject.group())) {
            // kustomize merges built-in kinds with their OpenAPI schema (lists merged by key), which this renderer
            // does not carry: such a patch would render differently here than in kubectl
            throw new IllegalArgumentException(where + ": merge patches on built-in kinds (" + patchObject.kind()
                    + ") are not supported; use a JSON patch");
        }
        Selector selector = patch.hasTarget()
                ? explicit
                : new Selector(patchObject.kind(), patchObject.name(), patchObject.apiVersion());
        return transform(manifests, selector, body -> MergePatch.apply(body, content, where), where);
    }

    private static List<Manifest> transform(List<Manifest> manifests, Selector selector, UnaryOperator<JsonNode> change,
                                            String where) {
        if (manifests.stream().noneMatch(selector::matches)) {
            throw new IllegalArgumentException(where + ": patch target " + selector.kind() + " "
                    + (selector.name() == null ? "(any name)" : selector.name()) + " not found");
        }
        return manifests.stream()
                .map(manifest -> selector.matches(manifest)
                        ? new Manifest(manifest.origin(), (ObjectNode) change.apply(manifest.body()))
                        : manifest)
                .toList();
    }

    private static Manifest labelled(Manifest manifest, Map<String, String> labels) {
        if (labels.isEmpty()) {
            return manifest;
        }
        ObjectNode body = manifest.body().deepCopy();
        ObjectNode existing = body.withObjectProperty("metadata").withObjectProperty("labels");
        labels.forEach(existing::put);
        return new Manifest(manifest.origin(), body);
    }

    /** The core group and the {@code *.k8s.io} and dot-less groups (apps, batch, ...) are Kubernetes' own. */
    private static boolean isBuiltIn(String group) {
        return group.isEmpty() || !group.contains(".") || group.endsWith(".k8s.io");
    }
}
