package io.ssdstream.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * One Kubernetes object and where it came from: a file, or an overlay's rendering of one.
 *
 * @param origin the file or overlay, as errors should name it
 * @param body   the object as YAML read it
 */
public record Manifest(String origin, ObjectNode body) {

    public String apiVersion() {
        return body.path("apiVersion").asText();
    }

    public String kind() {
        return body.path("kind").asText();
    }

    public String name() {
        return body.path("metadata").path("name").asText();
    }

    /** The API group; empty for the core group. */
    public String group() {
        String apiVersion = apiVersion();
        int slash = apiVersion.indexOf('/');
        return slash < 0 ? "" : apiVersion.substring(0, slash);
    }

    /** A node by its path below the root, e.g. {@code "spec", "job", "args"}; missing when absent. */
    public JsonNode at(String... path) {
        JsonNode node = body;
        for (String field : path) {
            node = node.path(field);
        }
        return node;
    }

    /** How errors name this object: {@code k8s/base/flink-deployment.yaml: FlinkDeployment ssd-stream}. */
    public String describe() {
        return origin + ": " + kind() + " " + name();
    }

    /** The same object, described as rendered by {@code overlay}. */
    public Manifest renderedBy(String overlay) {
        return new Manifest(overlay + " (" + origin + ")", body);
    }
}
