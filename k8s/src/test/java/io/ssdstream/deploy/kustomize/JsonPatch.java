package io.ssdstream.deploy.kustomize;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Arrays;
import java.util.List;

/**
 * RFC 6902 operations {@code add}, {@code replace} and {@code remove} on JSON pointers. A pointer into a missing
 * field fails, as it does in kustomize, so a misspelled path cannot add a stray field.
 */
final class JsonPatch {

    private JsonPatch() {
    }

    static JsonNode apply(JsonNode target, JsonNode operations, String where) {
        JsonNode result = target.deepCopy();
        for (JsonNode operation : operations) {
            String op = operation.path("op").asText();
            String path = operation.path("path").asText();
            String at = where + " (" + op + " " + path + ")";
            List<String> tokens = pointer(path, at);
            JsonNode parent = parent(result, tokens, at);
            String last = tokens.get(tokens.size() - 1);
            switch (op) {
                case "add" -> add(parent, last, value(operation, at), at);
                case "replace" -> {
                    remove(parent, last, at);
                    add(parent, last, value(operation, at), at);
                }
                case "remove" -> remove(parent, last, at);
                default -> throw new IllegalArgumentException(at + ": operation '" + op + "' is not supported");
            }
        }
        return result;
    }

    private static List<String> pointer(String path, String at) {
        if (!path.startsWith("/")) {
            throw new IllegalArgumentException(at + ": a JSON pointer starts with /");
        }
        return Arrays.stream(path.substring(1).split("/", -1))
                .map(token -> token.replace("~1", "/").replace("~0", "~"))
                .toList();
    }

    private static JsonNode parent(JsonNode root, List<String> tokens, String at) {
        JsonNode node = root;
        for (String token : tokens.subList(0, tokens.size() - 1)) {
            node = node.isArray() ? node.path(index(token, node.size() - 1, at)) : node.path(token);
            if (node.isMissingNode()) {
                throw new IllegalArgumentException(at + ": no such field '" + token + "'");
            }
        }
        return node;
    }

    private static void add(JsonNode parent, String token, JsonNode value, String at) {
        if (parent instanceof ArrayNode array) {
            int index = "-".equals(token) ? array.size() : index(token, array.size(), at);
            array.insert(index, value);
        } else if (parent instanceof ObjectNode object) {
            object.set(token, value);
        } else {
            throw new IllegalArgumentException(at + ": cannot add below a value");
        }
    }

    private static void remove(JsonNode parent, String token, String at) {
        if (parent instanceof ArrayNode array) {
            array.remove(index(token, array.size() - 1, at));
        } else if (parent instanceof ObjectNode object && object.has(token)) {
            object.remove(token);
        } else {
            throw new IllegalArgumentException(at + ": no such field '" + token + "'");
        }
    }

    private static JsonNode value(JsonNode operation, String at) {
        if (!operation.has("value")) {
            throw new IllegalArgumentException(at + ": no value");
        }
        return operation.get("value").deepCopy();
    }

    private static int index(String token, int max, String at) {
        try {
            int index = Integer.parseInt(token);
            if (index < 0 || index > max) {
                throw new IllegalArgumentException(at + ": index " + index + " is out of range");
            }
            return index;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(at + ": '" + token + "' is not a list index", e);
        }
    }
}
