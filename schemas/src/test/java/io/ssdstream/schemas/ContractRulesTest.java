package io.ssdstream.schemas;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.avro.Schema;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** House rules for long-lived public contracts that Avro itself does not enforce. */
class ContractRulesTest {

    static Stream<Path> contracts() throws IOException {
        try (Stream<Path> files = Files.list(ReleasedSchemasTest.SOURCE)) {
            return files.filter(f -> f.toString().endsWith(".avsc")).sorted().toList().stream();
        }
    }

    @ParameterizedTest
    @MethodSource("contracts")
    void everyTypeAndFieldIsDocumented(Path file) throws IOException {
        List<String> undocumented = new ArrayList<>();
        visit(new Schema.Parser().parse(file.toFile()), new IdentityHashMap<>(), undocumented);

        assertThat(undocumented).as("types and fields of %s without a doc", file).isEmpty();
    }

    @ParameterizedTest
    @MethodSource("contracts")
    void everyEnumHasAnUnknownDefaultSoNewSymbolsDoNotBreakOldReaders(Path file) throws IOException {
        List<Schema> enums = new ArrayList<>();
        collectEnums(new Schema.Parser().parse(file.toFile()), enums);

        assertThat(enums).allSatisfy(e -> {
            assertThat(e.getEnumDefault()).as("default of %s", e.getFullName()).isEqualTo("UNKNOWN");
            assertThat(e.getEnumSymbols().get(0)).as("first symbol of %s", e.getFullName()).isEqualTo("UNKNOWN");
        });
    }

    @ParameterizedTest
    @MethodSource("contracts")
    void everyContractLivesInTheSharedNamespace(Path file) throws IOException {
        assertThat(new Schema.Parser().parse(file.toFile()).getNamespace()).isEqualTo("io.ssdstream.schemas");
    }

    @Test
    void aTypeRepeatedInSeveralContractsIsDefinedIdenticallyInEach() throws IOException {
        Map<String, Schema> first = new HashMap<>();
        List<String> differing = new ArrayList<>();
        for (Path file : contracts().toList()) {
            Map<String, Schema> named = new HashMap<>();
            collectNamed(new Schema.Parser().parse(file.toFile()), named);
            named.forEach((name, schema) -> {
                Schema earlier = first.putIfAbsent(name, schema);
                if (earlier != null && !earlier.toString().equals(schema.toString())) {
                    differing.add(name + " in " + file);
                }
            });
        }

        // the build generates one class per name from whichever file it reads last
        assertThat(differing).as("named types defined differently by two contracts").isEmpty();
        assertThat(first).containsKey("io.ssdstream.schemas.BoundingBox");
    }

    @Test
    void aTypeWithoutReleasedVersionsIsRefusedWithTheExpectedLocation() {
        assertThatThrownBy(() -> WireCodec.forRecord(Detection.class))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("io/ssdstream/schemas/history/Detection/v1.avsc");
    }

    private static void visit(Schema schema, Map<Schema, Boolean> seen, List<String> undocumented) {
        if (seen.put(schema, Boolean.TRUE) != null) {
            return;
        }
        switch (schema.getType()) {
            case RECORD -> {
                requireDoc(schema.getDoc(), schema.getFullName(), undocumented);
                for (Schema.Field field : schema.getFields()) {
                    requireDoc(field.doc(), schema.getName() + "." + field.name(), undocumented);
                    visit(field.schema(), seen, undocumented);
                }
            }
            case ENUM -> requireDoc(schema.getDoc(), schema.getFullName(), undocumented);
            case ARRAY -> visit(schema.getElementType(), seen, undocumented);
            case MAP -> visit(schema.getValueType(), seen, undocumented);
            case UNION -> schema.getTypes().forEach(branch -> visit(branch, seen, undocumented));
            default -> {
            }
        }
    }

    private static void requireDoc(String doc, String what, List<String> undocumented) {
        if (doc == null || doc.isBlank()) {
            undocumented.add(what);
        }
    }

    private static void collectNamed(Schema schema, Map<String, Schema> named) {
        switch (schema.getType()) {
            case RECORD -> {
                if (named.putIfAbsent(schema.getFullName(), schema) == null) {
                    schema.getFields().forEach(field -> collectNamed(field.schema(), named));
                }
            }
            case ENUM -> named.put(schema.getFullName(), schema);
            case ARRAY -> collectNamed(schema.getElementType(), named);
            case MAP -> collectNamed(schema.getValueType(), named);
            case UNION -> schema.getTypes().forEach(branch -> collectNamed(branch, named));
            default -> {
            }
        }
    }

    private static void collectEnums(Schema schema, List<Schema> enums) {
        switch (schema.getType()) {
            case RECORD -> schema.getFields().forEach(field -> collectEnums(field.schema(), enums));
            case ENUM -> enums.add(schema);
            case ARRAY -> collectEnums(schema.getElementType(), enums);
            case MAP -> collectEnums(schema.getValueType(), enums);
            case UNION -> schema.getTypes().forEach(branch -> collectEnums(branch, enums));
            default -> {
            }
        }
    }
}
