package io.contractgate.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.contractgate.contract.Contract;
import io.contractgate.contract.ContractCompiler;
import io.contractgate.contract.PayloadValidator;
import io.contractgate.contract.Verdict;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

/** Reports that point at everything: schema location, version number, structured expectations, syntax positions, hints, faithful echo. */
class ReportDetailsTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private final Contract contract = new ContractCompiler().compile("c", """
            {"type":"object","required":["device_id","temperature"],"additionalProperties":false,
             "properties":{"device_id":{"type":"string"},"temperature":{"type":"number","maximum":85},
             "mode":{"enum":["auto","manual"]}}}""").withNumber(3);

    private JsonNode report(String payload) throws Exception {
        byte[] bytes = payload.getBytes(StandardCharsets.UTF_8);
        Verdict v = new PayloadValidator().validate(bytes, contract, "device_id");
        return JSON.readTree(new FailureReport().build("m", "t", contract, "c", Instant.EPOCH, v, bytes));
    }

    private static JsonNode error(JsonNode report, String keyword) {
        for (JsonNode e : report.get("errors")) {
            if (e.get("keyword").asText().equals(keyword)) {
                return e;
            }
        }
        throw new AssertionError("no " + keyword + " error in " + report.toPrettyString());
    }

    @Test
    void shouldCarrySchemaLocationStructuredExpectationAndVersionNumberBesideTheHash() throws Exception {
        JsonNode r = report("{\"device_id\":\"d\",\"temperature\":99,\"mode\":\"off\"}");
        assertThat(r.at("/contract/number").asText()).isEqualTo("v3");
        assertThat(r.at("/contract/version").asText()).matches("sha256:[0-9a-f]{12}");
        JsonNode max = error(r, "maximum");
        assertThat(max.get("schema_location").asText()).isEqualTo("#/properties/temperature/maximum");
        assertThat(max.get("expected_values")).isEqualTo(JSON.readTree("{\"maximum\":85}"));
        assertThat(max.get("expected").asText()).isEqualTo("<= 85");
        assertThat(error(r, "enum").get("expected_values")).isEqualTo(JSON.readTree("{\"enum\":[\"auto\",\"manual\"]}"));
        JsonNode unversioned = JSON.readTree(new FailureReport().build("m", "t", contract.withNumber(0), "c", Instant.EPOCH,
                new PayloadValidator().validate("{}".getBytes(), contract, null), "{}".getBytes()));
        assertThat(unversioned.at("/contract").has("number")).isFalse();
    }

    @Test
    void shouldGiveLineAndColumnForInvalidJson() throws Exception {
        JsonNode e = report("{\n  \"device_id\": \"d\",\n  \"temperature\": 2x\n}").get("errors").get(0);
        assertThat(e.get("error_type").asText()).isEqualTo("invalid_json");
        assertThat(e.get("line").asInt()).isEqualTo(3);
        assertThat(e.get("column").asInt()).isBetween(18, 20);
        assertThat(e.get("message").asText()).contains("line 3, column");
    }

    @Test
    void shouldHintAtTheRequiredFieldAnUnexpectedOneWasMeantToBe() throws Exception {
        JsonNode r = report("{\"deviceId\":\"d\",\"temprature\":20}");
        assertThat(error(r, "additionalProperties").get("hint").asText()).isIn("did you mean device_id?", "did you mean temperature?");
        assertThat(r.get("errors").findValuesAsText("hint"))
                .contains("did you mean device_id?", "did you mean temperature?",
                        "found deviceId instead: a misspelling?", "found temprature instead: a misspelling?");
        JsonNode unrelated = report("{\"device_id\":\"d\",\"colour\":\"red\"}");
        assertThat(unrelated.get("errors").findValuesAsText("hint")).isEmpty();
    }

    @Test
    void shouldEchoNumbersAsWrittenNotAsInfinity() throws Exception {
        String payload = "{\"device_id\":\"d\",\"temperature\":1e400}";
        byte[] bytes = payload.getBytes(StandardCharsets.UTF_8);
        Verdict v = new PayloadValidator().validate(bytes, contract, "device_id");
        String text = new String(new FailureReport().build("m", "t", contract, "c", Instant.EPOCH, v, bytes), StandardCharsets.UTF_8);
        assertThat(text).doesNotContain("Infinity");
        assertThat(text).contains("\"payload\":" + payload);
        assertThat(text).contains("\"actual\":1e400");
        assertThat(JSON.readTree(text).get("errors")).isNotEmpty();
    }
}
