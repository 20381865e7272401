package io.ssdstream.deploy.kustomize;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Iterator;
import java.util.Map;

/**
 * A patch file's object merged into a custom resource, as kustomize merges into kinds it has no schema for (RFC 7386
 * JSON merge patch): objects merge field by field, {@code null} removes a field, and a list replaces the list it
 * meets, even a list of named items. Strategic-merge directives ({@code $patch}, ...) are refused.
 */
final class MergePatch {

    private MergePatch() {
    }

    static JsonNode apply(JsonNode target, JsonNode patch, String where) {
        if (!patch.isObject()) {
            return patch.deepCopy();
        }
        ObjectNode result = target != null && target.isObject()
                ? (ObjectNode) target.deepCopy()
                : JsonNodeFactory.instance.objectNode();
        for (Iterator<Map.Entry<String, JsonNode>> fields = patch.fields(); fields.hasNext(); ) {
            Map.Entry<String, JsonNode> field = fields.next();
            String name = field.getKey();
            if (name.startsWith("$")) {
                throw new IllegalArgumentException(where + ": strategic-merge directive " + name + " is not supported");
            }
            if (field.getValue().isNull()) {
                result.remove(name);
            } else {
                result.set(name, apply(result.get(name), field.getValue(), where));
            }
        }
        return result;
    }
}
