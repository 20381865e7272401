package io.ssdstream.deploy.kustomize;

import com.fasterxml.jackson.databind.JsonNode;
import io.ssdstream.deploy.Repository;
import io.ssdstream.deploy.yaml.StrictYaml;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A {@code kustomization.yaml}, limited to the fields the renderer implements. Any other field fails here: a
 * kustomize feature the renderer silently skipped would make CI check something other than what kubectl applies.
 *
 * @param resources files and folders, relative to the kustomization's folder
 * @param patches   applied in order
 * @param labels    added to every object's {@code metadata.labels}
 */
record Kustomization(List<String> resources, List<Patch> patches, Map<String, String> labels) {

    private static final Set<String> FIELDS = Set.of("apiVersion", "kind", "resources", "patches", "labels");
    private static final Set<String> PATCH_FIELDS = Set.of("path", "target");
    private static final Set<String> TARGET_FIELDS = Set.of("kind", "name");
    private static final Set<String> LABEL_FIELDS = Set.of("pairs", "includeSelectors", "includeTemplates");

    /**
     * One entry of {@code patches}: a file holding a merge patch (an object naming its target) or a JSON patch (a
     * list of operations, with an explicit target).
     */
    record Patch(Path file, String targetKind, String targetName) {

        boolean hasTarget() {
            return targetKind != null;
        }
    }

    static Kustomization read(Path dir) {
        Path file = dir.resolve("kustomization.yaml");
        String where = Repository.relative(file);
        JsonNode root = StrictYaml.readDocument(file);
        requireOnly(root, FIELDS, where);
        requireValue(root, "apiVersion", "kustomize.config.k8s.io/v1beta1", where);
        requireValue(root, "kind", "Kustomization", where);
        return new Kustomization(resources(root), patches(root, dir, where), labels(root, where));
    }

    private static List<String> resources(JsonNode root) {
        List<String> resources = new ArrayList<>();
        root.path("resources").forEach(resource -> resources.add(resource.asText()));
        return List.copyOf(resources);
    }

    private static List<Patch> patches(JsonNode root, Path dir, String where) {
        List<Patch> patches = new ArrayList<>();
        for (JsonNode patch : root.path("patches")) {
            requireOnly(patch, PATCH_FIELDS, where + " patches");
            if (!patch.path("path").isTextual()) {
                throw new IllegalArgumentException(where + ": every patch needs a path (inline patches are not supported)");
            }
            JsonNode target = patch.path("target");
            requireOnly(target, TARGET_FIELDS, where + " patches.target");
            patches.add(new Patch(dir.resolve(patch.get("path").asText()),
                    target.path("kind").asText(null), target.path("name").asText(null)));
        }
        return List.copyOf(patches);
    }

    private static Map<String, String> labels(JsonNode root, String where) {
        Map<String, String> labels = new LinkedHashMap<>();
        for (JsonNode entry : root.path("labels")) {
            requireOnly(entry, LABEL_FIELDS, where + " labels");
            if (entry.path("includeSelectors").asBoolean(false) || entry.path("includeTemplates").asBoolean(false)) {
                throw new IllegalArgumentException(where + ": labels in selectors or templates are not supported");
            }
            entry.path("pairs").fields().forEachRemaining(pair -> labels.put(pair.getKey(), pair.getValue().asText()));
        }
        return labels;
    }

    private static void requireOnly(JsonNode node, Set<String> allowed, String where) {
        for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!allowed.contains(name)) {
                throw new IllegalArgumentException(where + ": '" + name + "' is not supported by this renderer (supported: "
                        + String.join(", ", allowed.stream().sorted().toList()) + ")");
            }
        }
    }

    private static void requireValue(JsonNode root, String field, String expected, String where) {
        if (!expected.equals(root.path(field).asText())) {
            throw new IllegalArgumentException(where + ": " + field + " must be " + expected);
        }
    }
}
