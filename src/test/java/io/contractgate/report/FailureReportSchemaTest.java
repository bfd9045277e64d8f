package io.contractgate.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import io.contractgate.contract.Contract;
import io.contractgate.contract.ContractCompiler;
import io.contractgate.contract.PayloadValidator;
import io.contractgate.contract.Verdict;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.charset.StandardCharsets;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

/** Every kind of report the gateway builds satisfies the published failure-report.schema.json (used in AsyncAPI). */
class FailureReportSchemaTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final JsonSchema SCHEMA = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V7)
            .getSchema(FailureReportSchemaTest.class.getResourceAsStream("/failure-report.schema.json"));
    private final Contract contract = new ContractCompiler().compile("c", """
            {"type":"object","required":["sensor_id","device_id"],"additionalProperties":false,
             "properties":{"sensor_id":{"type":"string"},"device_id":{"type":"string"},"t":{"type":"number","maximum":85},
             "s":{"enum":["ok","warn"]},"n":{"type":"string","pattern":"^a","maxLength":3}}}""");

    @ParameterizedTest
    @ValueSource(strings = {"{\"sensor_id\":\"s\",\"device_id\":\"d\",\"t\":99}", "{\"t\":\"hot\",\"deviceId\":\"d\"}",
            "{\"sensor_id\":\"s\",\"device_id\":\"d\",\"s\":\"x\",\"n\":\"bcde\"}", "{broken", "", "[1,2]",
            "{\"sensor_id\":\"s\",\"device_id\":\"d\",\"t\":1e400}", "\u0001\u0002binary"})
    void shouldMatchThePublishedSchema(String payload) throws Exception {
        byte[] bytes = payload.getBytes(StandardCharsets.UTF_8);
        Verdict v = new PayloadValidator().validate(bytes, contract, "sensor_id");
        assertThat(v.valid()).isFalse();
        JsonNode report = JSON.readTree(new FailureReport().build("m", "t/1", contract, "c", Instant.now(), v, bytes));
        assertThat(SCHEMA.validate(report)).as(report.toPrettyString()).isEmpty();
    }

    /**
     * A payload with thousands of violations: the report lists the first 100, counts all and says some were left out,
     * stays small (a 19 MB report was larger than a broker takes as one packet), and still matches the schema.
     */
    @org.junit.jupiter.api.Test
    void shouldListTheFirstHundredErrorsOfAManyErrorPayloadAndCountAll() throws Exception {
        Contract items = new ContractCompiler().compile("i", "{\"type\":\"array\",\"items\":{\"type\":\"string\"}}");
        byte[] bytes = ("[" + "1,".repeat(4_999) + "1]").getBytes(StandardCharsets.UTF_8);
        Verdict v = new PayloadValidator().validate(bytes, items, "sensor_id");
        assertThat(v.violations()).hasSize(5_000);
        byte[] built = new FailureReport().build("m", "t/1", items, "i", Instant.now(), v, bytes);
        JsonNode report = JSON.readTree(built);
        assertThat(report.path("error_count").asInt()).isEqualTo(5_000);
        assertThat(report.path("errors")).hasSize(FailureReport.MAX_REPORTED_ERRORS);
        assertThat(report.path("errors_truncated").asBoolean()).isTrue();
        assertThat(built.length).isLessThan(64 * 1024);
        assertThat(SCHEMA.validate(report)).isEmpty();
    }
}
