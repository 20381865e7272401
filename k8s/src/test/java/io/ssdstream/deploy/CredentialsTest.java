package io.ssdstream.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** No credential is written in a manifest: each comes from a Secret, through the environment of the pods. */
class CredentialsTest {

    private static final Pattern SECRET_LIKE = Pattern.compile("(?i).*(SECRET|PASSWORD|JAAS|TOKEN|ACCESS_KEY).*");
    private static final Pattern KAFKA_CREDENTIAL = Pattern.compile("sasl\\.jaas\\.config|.*\\.password");
    private static final Pattern ENV_REFERENCE = Pattern.compile("\\$\\{env:([A-Z0-9_]+)}");

    static Stream<Path> overlays() {
        return Overlays.all().stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("overlays")
    void secretLookingVariablesComeFromSecrets(Path overlay) {
        Manifest deployment = Overlays.flinkDeployment(overlay);

        assertThat(FlinkPods.environment(deployment))
                .filteredOn(variable -> SECRET_LIKE.matcher(variable.path("name").asText()).matches())
                .isNotEmpty()
                .allSatisfy(variable -> assertThat(variable.at("/valueFrom/secretKeyRef/name").isTextual())
                        .as("%s: env %s", deployment.describe(), variable.path("name").asText())
                        .isTrue());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("overlays")
    void kafkaCredentialsAreReadFromTheKafkaUsersSecret(Path overlay) {
        Manifest deployment = Overlays.flinkDeployment(overlay);
        String kafkaUser = Overlays.render(overlay).stream()
                .filter(manifest -> manifest.kind().equals("KafkaUser"))
                .map(Manifest::name)
                .findFirst()
                .orElseThrow();
        Map<String, String> kafkaProperties = kafkaProperties(deployment);

        assertThat(kafkaProperties).containsEntry("config.providers", "env");
        kafkaProperties.forEach((key, value) -> {
            if (KAFKA_CREDENTIAL.matcher(key).matches()) {
                Matcher reference = ENV_REFERENCE.matcher(value);
                assertThat(reference.matches()).as("%s: --kafka-property %s is written inline", deployment.describe(), key)
                        .isTrue();
                assertThat(FlinkPods.environment(deployment))
                        .filteredOn(variable -> variable.path("name").asText().equals(reference.group(1)))
                        .singleElement()
                        .satisfies(variable -> assertThat(variable.at("/valueFrom/secretKeyRef/name").asText())
                                .as("the Secret Strimzi writes for KafkaUser %s", kafkaUser)
                                .isEqualTo(kafkaUser));
            }
        });
    }

    private static Map<String, String> kafkaProperties(Manifest deployment) {
        Map<String, String> properties = new LinkedHashMap<>();
        JsonNode args = deployment.at("spec", "job", "args");
        for (int i = 0; i + 1 < args.size(); i++) {
            if (args.get(i).asText().equals("--kafka-property")) {
                String property = args.get(i + 1).asText();
                int equals = property.indexOf('=');
                properties.put(property.substring(0, equals), property.substring(equals + 1));
            }
        }
        return properties;
    }
}
