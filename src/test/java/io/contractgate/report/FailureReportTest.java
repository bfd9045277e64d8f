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
import java.util.Base64;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The failure report's format: every documented field, and payload echo rules for JSON, text, binary and big input. */
class FailureReportTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private final Contract contract = new ContractCompiler().compile("c", """
            {"type":"object","required":["sensor_id","t"],"properties":{"sensor_id":{"type":"string"},"t":{"type":"number","maximum":85}}}""");
    private final Instant at = Instant.parse("2026-11-27T10:15:30.123Z");

    private JsonNode report(byte[] payload, FailureReport builder) throws Exception {
        Verdict v = new PayloadValidator().validate(payload, contract, "sensor_id");
        return JSON.readTree(builder.build("m1", "sensors/s1", contract, "c", at, v, payload));
    }

    @Test
    void shouldCarryEveryDocumentedField() throws Exception {
        JsonNode r = report("{\"sensor_id\":\"s-1\",\"t\":99}".getBytes(StandardCharsets.UTF_8), new FailureReport());

        assertThat(r.get("mapping").asText()).isEqualTo("m1");
        assertThat(r.get("topic").asText()).isEqualTo("sensors/s1");
        assertThat(r.get("contract").get("id").asText()).isEqualTo("c");
        assertThat(r.get("contract").get("version").asText()).startsWith("sha256:");
        assertThat(r.get("received_at").asText()).isEqualTo("2026-11-27T10:15:30.123Z");
        assertThat(r.get("sensor_id").asText()).isEqualTo("s-1");
        assertThat(r.get("primary_error").asText()).isEqualTo("out_of_range");
        assertThat(r.get("error_count").asInt()).isEqualTo(1);
        JsonNode e = r.get("errors").get(0);
        assertThat(e.get("pointer").asText()).isEqualTo("/t");
        assertThat(e.get("field").asText()).isEqualTo("t");
        assertThat(e.get("error_type").asText()).isEqualTo("out_of_range");
        assertThat(e.get("keyword").asText()).isEqualTo("maximum");
        assertThat(e.get("expected").asText()).isEqualTo("<= 85");
        assertThat(e.get("actual").asInt()).isEqualTo(99);
        assertThat(r.get("payload").get("t").asInt()).isEqualTo(99);
        assertThat(r.get("payload_encoding").asText()).isEqualTo("json");
    }

    @Test
    void shouldKeepReportsUnderABrokerPacketWhenTheContractHasAHugeEnum() throws Exception {
        // an allow-list of 40,000 sensor ids (680 KB, under admin.max-body-bytes): each violation repeated it whole in
        // message, expected and expected_values, so one wrong id made a 2 MB report, more than the embedded broker
        // takes as a packet (contracts.max-payload-bytes + 1 MiB): the input came back without end
        String ids = java.util.stream.IntStream.range(0, 40_000).mapToObj("\"sensor-%06d\""::formatted)
                .collect(java.util.stream.Collectors.joining(","));
        Contract allowList = new ContractCompiler().compile("ids", "{\"properties\":{\"sensor_id\":{\"enum\":[" + ids
                + "]}},\"items\":{\"enum\":[" + ids + "]}}");
        byte[] one = "{\"sensor_id\":\"intruder\"}".getBytes(StandardCharsets.UTF_8);
        byte[] many = ("[" + "\"intruder\",".repeat(150) + "\"x\"]").getBytes(StandardCharsets.UTF_8);

        byte[] report = build(allowList, one);
        byte[] manyReport = build(allowList, many);

        assertThat(report.length).isLessThan(16 * 1024);
        assertThat(manyReport.length).isLessThan(1024 * 1024);
        JsonNode e = JSON.readTree(report).get("errors").get(0);
        assertThat(e.get("error_type").asText()).isEqualTo("not_allowed_value");
        assertThat(e.get("message").asText()).startsWith("/sensor_id: does not have a value in the enumeration [\"sensor-000000\"");
        assertThat(e.get("expected").asText()).startsWith("one of [\"sensor-000000\",").endsWith("…");
        assertThat(e.has("expected_values")).isFalse();
        assertThat(JSON.readTree(manyReport).get("error_count").asInt()).isEqualTo(151);
    }

    @Test
    void shouldKeepReportsUnderABrokerPacketWhenFieldNamesAreHuge() throws Exception {
        // four 49,000-character names (a 196 KB payload) named in the pointer, field and message of four errors
        // each: a 2.4 MB report
        Contract names = new ContractCompiler().compile("names",
                "{\"additionalProperties\":false,\"propertyNames\":{\"maxLength\":64,\"pattern\":\"^[a-z]+$\"}}");
        String name = "A".repeat(49_000);
        byte[] payload = ("{\"" + name + "\":1,\"x" + name + "\":2,\"y" + name + "\":3,\"z" + name + "\":4}")
                .getBytes(StandardCharsets.UTF_8);

        byte[] report = build(names, payload);

        assertThat(report.length).isLessThan(256 * 1024);
        JsonNode r = JSON.readTree(report);
        assertThat(r.get("error_count").asInt()).isGreaterThanOrEqualTo(8);
        assertThat(r.get("errors").get(0).get("pointer").asText()).startsWith("/AAAA").endsWith("…").hasSize(1025);
    }

    private byte[] build(Contract c, byte[] payload) {
        Verdict v = new PayloadValidator().validate(payload, c, "sensor_id");
        return new FailureReport().build("m1", "sensors/s1", c, c.id(), at, v, payload);
    }

    @Test
    void shouldEchoUnparseableTextAsText() throws Exception {
        JsonNode r = report("{\"sensor_id\":\"s-1\",".getBytes(StandardCharsets.UTF_8), new FailureReport());

        assertThat(r.get("payload").asText()).isEqualTo("{\"sensor_id\":\"s-1\",");
        assertThat(r.get("payload_encoding").asText()).isEqualTo("text");
        assertThat(r.has("sensor_id")).isFalse();
    }

    @Test
    void shouldEchoBinaryAsBase64() throws Exception {
        byte[] binary = {0, 1, 2, (byte) 0xFF, (byte) 0xFE};
        JsonNode r = report(binary, new FailureReport());

        assertThat(r.get("payload_encoding").asText()).isEqualTo("base64");
        assertThat(Base64.getDecoder().decode(r.get("payload").asText())).isEqualTo(binary);
    }

    @Test
    void shouldTruncateLongPayloadsAndSaySo() throws Exception {
        byte[] big = ("{\"sensor_id\":\"s-1\",\"t\":99,\"pad\":\"" + "é".repeat(100) + "\"}").getBytes(StandardCharsets.UTF_8);
        JsonNode r = report(big, new FailureReport(50));

        assertThat(r.get("payload_truncated").asBoolean()).isTrue();
        assertThat(r.get("payload_bytes").asInt()).isEqualTo(big.length);
        assertThat(r.get("payload_encoding").asText()).isEqualTo("text");
        assertThat(r.get("payload").asText().getBytes(StandardCharsets.UTF_8).length).isLessThanOrEqualTo(50);
    }

    @Test
    void shouldRefuseANegativeEchoLimit() {
        assertThatThrownBy(() -> new FailureReport(-1)).hasMessageContaining("reports.payload-echo-bytes");
    }
}
