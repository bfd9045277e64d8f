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
