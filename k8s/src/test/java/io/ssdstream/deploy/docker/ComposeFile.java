package io.ssdstream.deploy.docker;

import com.fasterxml.jackson.databind.JsonNode;
import io.ssdstream.deploy.Repository;
import io.ssdstream.deploy.yaml.StrictYaml;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A Docker Compose file's services, as far as the checks need them. */
public final class ComposeFile {

    private final Path file;
    private final JsonNode services;

    private ComposeFile(Path file, JsonNode services) {
        this.file = file;
        this.services = services;
    }

    public static ComposeFile read(Path file) {
        return new ComposeFile(file, StrictYaml.readDocument(file).path("services"));
    }

    /** How messages name a service: {@code docker/compose.yaml services.jobmanager}. */
    public String where(String service) {
        return Repository.relative(file) + " services." + service;
    }

    public List<String> services() {
        List<String> names = new ArrayList<>();
        services.fieldNames().forEachRemaining(names::add);
        return names;
    }

    public String image(String service) {
        return services.path(service).path("image").asText(null);
    }

    /** The service's command as arguments; a single string is split at whitespace, as Compose does. */
    public List<String> command(String service) {
        JsonNode command = services.path(service).path("command");
        List<String> arguments = new ArrayList<>();
        if (command.isArray()) {
            command.forEach(argument -> arguments.add(argument.asText()));
        } else if (command.isTextual()) {
            arguments.addAll(List.of(command.asText().trim().split("\\s+")));
        }
        return arguments;
    }

    /** The {@code key: value} lines of FLINK_PROPERTIES, which the Flink image's entrypoint writes to its config. */
    public Map<String, String> flinkProperties(String service) {
        Map<String, String> properties = new LinkedHashMap<>();
        String text = services.path(service).path("environment").path("FLINK_PROPERTIES").asText("");
        for (String line : text.split("\n")) {
            int colon = line.indexOf(':');
            if (colon > 0) {
                properties.put(line.substring(0, colon).strip(), line.substring(colon + 1).strip());
            }
        }
        return properties;
    }
}
