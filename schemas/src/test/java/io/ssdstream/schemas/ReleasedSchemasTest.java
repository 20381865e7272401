package io.ssdstream.schemas;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import org.apache.avro.SchemaNormalization;
import org.apache.avro.specific.SpecificRecordBase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The build-time compatibility gate: {@code mvn verify} fails when a contract in {@code src/main/avro} breaks the
 * evolution rules of {@link SchemaHistoryCheck} against its released versions in {@code src/main/avro-history}.
 */
class ReleasedSchemasTest {

    static final Path SOURCE = Path.of("src/main/avro");
    static final Path HISTORY = Path.of("src/main/avro-history");

    @Test
    void everyContractIsCompatibleWithAllItsReleasedVersionsAndReleased() {
        List<String> problems = SchemaHistoryCheck.problems(SOURCE, HISTORY);

        assertThat(problems).as("contract evolution rules (see docs/contracts.md, Evolution)").isEmpty();
    }

    static List<Class<? extends SpecificRecordBase>> contracts() {
        return ContractSamples.CONTRACTS;
    }

    @ParameterizedTest
    @MethodSource("contracts")
    void theJarShipsTheHistoryAndItsNewestVersionIsWhatTheGeneratedClassWrites(
            Class<? extends SpecificRecordBase> contract) {
        WireCodec<? extends SpecificRecordBase> codec = WireCodec.forRecord(contract);

        SchemaHistory history = SchemaHistory.of(codec.schema());

        assertThat(history.recordType()).isEqualTo(contract.getName());
        assertThat(SchemaNormalization.parsingFingerprint64(history.latest())).isEqualTo(codec.fingerprint());
    }
}
