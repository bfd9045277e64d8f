package io.contractgate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.contractgate.admin.Mapping;
import io.contractgate.admin.MappingFiles;
import io.contractgate.testing.GatewayRunner;
import io.contractgate.testing.MqttProbe;
import io.contractgate.testing.MqttProbe.Received;
import org.apache.camel.ServiceStatus;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Boots the real gateway with its embedded broker and checks, with a real MQTT client, exactly what arrives on the
 * validated and failed topics for valid input and for every kind of broken input.
 */
class PipelineIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String S1 = "{\"sensor_id\":\"s1-0042\",\"timestamp\":\"2026-11-27T00:00:00Z\",\"temperature\":21.5,\"humidity\":40.2}";
    private static final String S2 = "{\"sensor_id\":\"s2-7\",\"pressure\":1013.2,\"status\":\"ok\"}";

    @TempDir
    static Path home;
    static GatewayRunner gateway;
    static MqttProbe probe;

    @BeforeAll
    static void start() throws Exception {
        GatewayRunner.copyTree(Path.of("routes"), home.resolve("routes"));
        GatewayRunner.copyTree(Path.of("schemas"), home.resolve("schemas"));
        // a wildcard mapping: every fleet/<truck> topic checked against sensor2
        Mapping sensor2 = MappingFiles.parse(Files.readString(Path.of("routes/mapping-sensor2.camel.yaml")));
        Files.writeString(home.resolve("routes/mapping-fleet.camel.yaml"), MappingFiles.render(new Mapping("fleet",
                "fleet/+", sensor2.contractId(), sensor2.validatedTopic(), sensor2.failedTopic(),
                sensor2.sensorIdField(), true)));
        gateway = GatewayRunner.startIn(home, Map.of());
        probe = new MqttProbe(gateway.brokerUrl(), "sensors/#", "fleet/#");
    }

    @AfterAll
    static void stop() throws Exception {
        if (probe != null) {
            probe.close();
        }
        if (gateway != null) {
            gateway.close();
        }
    }

    @BeforeEach
    void clear() {
        probe.clear();
    }

    /** Publishes, waits for exactly one output for the case, and returns it. */
    private Received roundTrip(String topic, byte[] payload, int qos, String caseId) throws Exception {
        probe.publish(topic, payload, qos, caseId, null);
        await().atMost(Duration.ofSeconds(20)).until(() -> probe.forCase(caseId).stream()
                .anyMatch(r -> !r.topic().equals(topic)));
        List<Received> outputs = probe.forCase(caseId).stream().filter(r -> !r.topic().equals(topic)).toList();
        assertThat(outputs).as("outputs for " + caseId).hasSize(1);
        return outputs.get(0);
    }

    private JsonNode failedReport(String topic, String payload, String caseId, String primary) throws Exception {
        return failedReport(topic, payload.getBytes(StandardCharsets.UTF_8), caseId, primary);
    }

    private JsonNode failedReport(String topic, byte[] payload, String caseId, String primary) throws Exception {
        Received out = roundTrip(topic, payload, 1, caseId);
        assertThat(out.topic()).isEqualTo(topic + "/failed");
        assertThat(out.properties().getContentType()).isEqualTo("application/json");
        assertThat(new String(out.properties().getCorrelationData(), StandardCharsets.UTF_8)).isEqualTo(caseId);
        JsonNode report = JSON.readTree(out.payload());
        assertThat(report.get("primary_error").asText()).isEqualTo(primary);
        assertThat(report.get("topic").asText()).isEqualTo(topic);
        return report;
    }

    @Test
    void shouldRepublishValidMessagesUnchangedWithTheirQosAndProperties() throws Exception {
        probe.publish("sensors/sensor1", S1.getBytes(StandardCharsets.UTF_8), 1, "valid-s1", "application/json");
        Received out = roundTrip("sensors/sensor2", S2.getBytes(StandardCharsets.UTF_8), 0, "valid-s2");
        await().atMost(Duration.ofSeconds(10)).until(() -> probe.forCase("valid-s1").size() == 2);
        Received out1 = probe.forCase("valid-s1").stream().filter(r -> r.topic().endsWith("/validated")).findFirst().orElseThrow();

        assertThat(out.topic()).isEqualTo("sensors/sensor2/validated");
        assertThat(out.text()).isEqualTo(S2);
        assertThat(out.qos()).isZero();
        assertThat(out1.topic()).isEqualTo("sensors/sensor1/validated");
        assertThat(out1.payload()).isEqualTo(S1.getBytes(StandardCharsets.UTF_8));
        assertThat(out1.qos()).isEqualTo(1);
        assertThat(out1.userProperty("case")).isEqualTo("valid-s1");
        assertThat(new String(out1.properties().getCorrelationData(), StandardCharsets.UTF_8)).isEqualTo("valid-s1");
        assertThat(out1.properties().getContentType()).isEqualTo("application/json");
    }

    @Test
    void shouldReportEachKindOfContractViolation() throws Exception {
        JsonNode wrongType = failedReport("sensors/sensor1", S1.replace("21.5", "\"hot\""), "wrong-type", "wrong_type");
        assertThat(wrongType.get("sensor_id").asText()).isEqualTo("s1-0042");
        assertThat(wrongType.get("mapping").asText()).isEqualTo("sensor1");
        assertThat(wrongType.get("contract").get("id").asText()).isEqualTo("sensor1");
        assertThat(wrongType.get("errors").get(0).get("pointer").asText()).isEqualTo("/temperature");
        assertThat(wrongType.get("payload").get("temperature").asText()).isEqualTo("hot");

        JsonNode range = failedReport("sensors/sensor1", S1.replace("21.5", "120.5"), "range", "out_of_range");
        assertThat(range.get("errors").get(0).get("actual").asDouble()).isEqualTo(120.5);
        assertThat(range.get("errors").get(0).get("expected").asText()).isEqualTo("<= 85");

        failedReport("sensors/sensor1", S1.replace(",\"timestamp\":\"2026-11-27T00:00:00Z\"", ""), "missing", "missing_field");
        failedReport("sensors/sensor2", S2.replace("}", ",\"battery\":3.7}"), "extra", "unexpected_field");
        failedReport("sensors/sensor2", S2.replace("\"ok\"", "\"unknown\""), "enum", "not_allowed_value");
        JsonNode malformed = failedReport("sensors/sensor2", "{\"sensor_id\":\"s2-0\",\"pressure\":975.5,\"status\":",
                "malformed", "invalid_json");
        assertThat(malformed.get("payload").asText()).isEqualTo("{\"sensor_id\":\"s2-0\",\"pressure\":975.5,\"status\":");
        assertThat(malformed.get("payload_encoding").asText()).isEqualTo("text");

        JsonNode many = failedReport("sensors/sensor1",
                "{\"sensor_id\":\"s1-1\",\"temperature\":\"hot\",\"humidity\":140,\"battery\":1}", "many", "missing_field");
        assertThat(many.get("error_count").asInt()).isEqualTo(4);
        assertThat(many.get("errors")).extracting(e -> e.get("error_type").asText())
                .containsExactly("missing_field", "wrong_type", "unexpected_field", "out_of_range");
    }

    @Test
    void shouldTurnHostilePayloadsIntoReportsAndKeepConsuming() throws Exception {
        JsonNode binary = failedReport("sensors/sensor1", new byte[]{0, (byte) 0xFF, 1, (byte) 0xFE, 2}, "binary", "invalid_json");
        assertThat(binary.get("payload_encoding").asText()).isEqualTo("base64");

        JsonNode empty = failedReport("sensors/sensor1", new byte[0], "empty", "invalid_json");
        assertThat(empty.get("payload_bytes").asInt()).isZero();

        byte[] mib = ("{\"sensor_id\":\"big\",\"pad\":\"" + "x".repeat(1024 * 1024) + "\"}").getBytes(StandardCharsets.UTF_8);
        JsonNode big = failedReport("sensors/sensor1", mib, "one-mib", "length");
        assertThat(big.get("payload_bytes").asInt()).isEqualTo(mib.length);
        assertThat(big.get("payload_truncated").asBoolean()).isTrue();

        String deep = "{\"a\":".repeat(10_000) + "1" + "}".repeat(10_000);
        failedReport("sensors/sensor2", deep, "deep", "invalid_json");

        // a number beyond a double's range where the shipped sensor2 contract has an enum: the engine threw, the input
        // was never acknowledged and came back without end, with no report
        JsonNode huge = failedReport("sensors/sensor2", S2.replace("\"ok\"", "1e400"), "huge-number", "out_of_range");
        assertThat(huge.get("errors").get(0).get("pointer").asText()).isEqualTo("/status");
        assertThat(huge.get("errors").get(0).get("actual").isNumber()).isTrue(); // 1e400 as written, not "Infinity"

        failedReport("sensors/sensor2", "[1,2,3]", "array", "wrong_type");
        failedReport("sensors/sensor2", "42", "number", "wrong_type");

        // the routes survived all of it and still consume
        Received after = roundTrip("sensors/sensor1", S1.getBytes(StandardCharsets.UTF_8), 1, "after-hostile");
        assertThat(after.topic()).isEqualTo("sensors/sensor1/validated");
        for (String route : List.of("mapping-sensor1", "mapping-sensor2", "mapping-fleet", "publish-validated", "publish-failed")) {
            assertThat(gateway.context().getRouteController().getRouteStatus(route)).as(route).isEqualTo(ServiceStatus.Started);
        }
    }

    @Test
    void shouldSendWildcardMatchesToTheirOwnConcreteOutputTopics() throws Exception {
        Received ok = roundTrip("fleet/truck7", S2.getBytes(StandardCharsets.UTF_8), 1, "truck7");
        assertThat(ok.topic()).isEqualTo("fleet/truck7/validated");

        JsonNode report = failedReport("fleet/truck9", S2.replace("1013.2", "5000"), "truck9", "out_of_range");
        assertThat(report.get("mapping").asText()).isEqualTo("fleet");
    }

    @Test
    void shouldPublishNothingElse() throws Exception {
        roundTrip("sensors/sensor2", S2.getBytes(StandardCharsets.UTF_8), 1, "only-one");
        // a message on an unmapped topic gets no verdict; a marker published after it proves the pipeline moved on
        probe.publish("sensors/unmapped", S2, 1, "unmapped");
        roundTrip("sensors/sensor2", S2.getBytes(StandardCharsets.UTF_8), 1, "marker");

        assertThat(probe.received()).filteredOn(r -> r.topic().startsWith("sensors/unmapped/")).isEmpty();
        assertThat(probe.forCase("only-one")).extracting(Received::topic)
                .containsExactlyInAnyOrder("sensors/sensor2", "sensors/sensor2/validated");
    }

    @Test
    void shouldAcknowledgeAnInputWhoseOutputTopicMqttCannotCarryAndKeepConsuming() throws Exception {
        double unacknowledged = gateway.metric("mqtt_inputs_unacknowledged_total");
        double failures = gateway.metric("mqtt_publish_failures_total", "mapping", "fleet");
        // 65,526 bytes: the broker takes it, but fleet/<that>/validated would be longer than MQTT allows
        probe.publish("fleet/" + "é".repeat(32_760), S2.getBytes(StandardCharsets.UTF_8), 1, "too-long", null);

        await().atMost(Duration.ofSeconds(20)).until(() ->
                gateway.metric("mqtt_publish_failures_total", "mapping", "fleet") == failures + 1);
        Received next = roundTrip("fleet/truck8", S2.getBytes(StandardCharsets.UTF_8), 1, "after-too-long");

        assertThat(next.topic()).isEqualTo("fleet/truck8/validated");
        // acknowledged, not left for a redelivery that would fail the same way for ever
        assertThat(gateway.metric("mqtt_inputs_unacknowledged_total")).isEqualTo(unacknowledged);
        assertThat(gateway.metric("mqtt_publish_failures_total", "mapping", "fleet")).isEqualTo(failures + 1);
    }
}
