package io.ssdstream.deploy.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ssdstream.deploy.Manifest;
import io.ssdstream.deploy.Repository;
import java.util.Arrays;
import org.apache.flink.kubernetes.operator.api.spec.FlinkVersion;

/**
 * {@code spec.flinkVersion} of a FlinkDeployment. The operator API this build resolves (see the root pom) can
 * predate the Flink version the job is built for, and then its enum has no constant for it. Such a value is held to
 * the build's own Flink version ({@code v2_2} for 2.2.x) and left out of the typed binding; a value the enum knows
 * binds as usual, so this check retires itself once the operator API catches up.
 */
final class OperatorFlinkVersion {

    private OperatorFlinkVersion() {
    }

    /** The manifest's body, ready for binding. */
    static JsonNode checked(Manifest manifest) {
        JsonNode version = manifest.at("spec", "flinkVersion");
        if (!"FlinkDeployment".equals(manifest.kind()) || !version.isTextual() || knownToOperatorApi(version.asText())) {
            return manifest.body();
        }
        String expected = forFlink(Repository.property("flink.version"));
        if (!expected.equals(version.asText())) {
            throw new InvalidManifestException(manifest.describe() + ": spec.flinkVersion is " + version.asText()
                    + ", but the job is built for Flink " + Repository.property("flink.version") + " (" + expected + ")");
        }
        ObjectNode body = manifest.body().deepCopy();
        ((ObjectNode) body.get("spec")).remove("flinkVersion");
        return body;
    }

    /** The operator's name for a Flink release: 2.2.0 is {@code v2_2}. */
    static String forFlink(String flinkVersion) {
        String[] parts = flinkVersion.split("\\.");
        return "v" + parts[0] + "_" + parts[1];
    }

    private static boolean knownToOperatorApi(String value) {
        return Arrays.stream(FlinkVersion.values()).anyMatch(known -> known.name().equals(value));
    }
}
