package io.contractgate.contract;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.contractgate.report.FailureReport;
import io.contractgate.testing.Fixture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Walks every contract fixture and checks the verdict and the report against what the fixture states. */
class ContractFixturesTest {

    private static final ContractStore STORE = new ContractStore(Path.of("schemas"));
    private static final PayloadValidator VALIDATOR = new PayloadValidator();
    private static final ObjectMapper JSON = new ObjectMapper();

    static List<Fixture> fixtures() {
        return Fixture.all();
    }

    @Test
    void shouldHaveFixturesOfBothKindsForEveryShippedContract() {
        for (String id : STORE.ids()) {
            assertThat(fixtures()).as("fixtures for contract " + id)
                    .anyMatch(f -> f.contractId().equals(id) && f.valid())
                    .anyMatch(f -> f.contractId().equals(id) && !f.valid());
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("fixtures")
    void shouldGiveTheVerdictTheFixtureStates(Fixture f) throws Exception {
        Contract contract = STORE.get(f.contractId());
        Verdict verdict = VALIDATOR.validate(f.payload(), contract, "sensor_id");

        assertThat(verdict.valid()).as("valid").isEqualTo(f.valid());
        if (f.valid()) {
            assertThat(verdict.violations()).isEmpty();
            return;
        }
        assertThat(verdict.primaryError().wireName()).isEqualTo(f.primaryError());
        assertThat(verdict.violations()).extracting(Violation::pointer).containsExactlyElementsOf(f.pointers());
        if (!f.errorTypes().isEmpty()) {
            assertThat(verdict.violations()).extracting(v -> v.type().wireName()).containsExactlyElementsOf(f.errorTypes());
        }

        byte[] report = new FailureReport().build("m1", "sensors/x", contract, f.contractId(),
                Instant.parse("2026-11-27T10:00:00Z"), verdict, f.payload());
        JsonNode r = JSON.readTree(report);
        assertThat(r.get("primary_error").asText()).isEqualTo(f.primaryError());
        assertThat(r.get("error_count").asInt()).isEqualTo(f.pointers().size());
        assertThat(r.get("contract").get("version").asText()).isEqualTo(contract.hash());
        List<String> pointers = new ArrayList<>();
        r.get("errors").forEach(e -> {
            pointers.add(e.get("pointer").asText());
            assertThat(e.get("message").asText()).isNotBlank();
            assertThat(e.has("error_type") && e.has("keyword") && e.has("field")).isTrue();
        });
        assertThat(pointers).containsExactlyElementsOf(f.pointers());
    }
}
