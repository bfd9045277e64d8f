package io.contractgate.admin;

import io.contractgate.testing.AdminHttp;
import io.contractgate.testing.GatewayRunner;
import io.contractgate.testing.MqttProbe;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Dry run and pipeline are one code path: each payload (any JSON root type) published through the real broker gets
 * the verdict and the report its dry run announces.
 */
class DryRunParityIT {

    @TempDir
    static Path tmp;
    static GatewayRunner app;
    static AdminHttp admin;

    private static final String CONTRACT = """
            {"$schema":"https://json-schema.org/draft/2020-12/schema","$id":"urn:contract-gateway:contract:samples",
             "title":"samples","description":"A batch of temperature samples, or one bare reading.",
             "anyOf":[{"type":"array","minItems":1,"items":{"type":"number","minimum":-40,"maximum":85}},
                      {"type":"number","minimum":-40,"maximum":85}]}""";

    @BeforeAll
    static void start() throws Exception {
        app = GatewayRunner.startWithLogins(GatewayRunner.prepare(tmp.resolve("gw")), Map.of());
        admin = app.admin();
        assertThat(admin.put("/api/contracts/samples", CONTRACT).statusCode()).isBetween(200, 201);
        HttpResponse<String> m = admin.post("/api/mappings",
                "{\"id\":\"samples\",\"sourceTopic\":\"it/samples\",\"contractId\":\"samples\"}");
        assertThat(m.statusCode()).as(m.body()).isBetween(200, 201);
    }

    @AfterAll
    static void stop() throws Exception {
        if (app != null) {
            app.close();
        }
    }

    @Test
    void shouldGiveTheSameVerdictAndReportInTheDryRunAndThePipeline() throws Exception {
        List<String> payloads = List.of("[20.5, 21, 22.25]", "[20.5, 99]", "[]", "21.5", "120", "\"21.5\"", "null",
                "true", "{\"sensor_id\":\"s-1\",\"t\":20}", "[1, 2",
                "1e400", "[20.5, 1e400]"); // over double range: the dry run answered "Infinity" (a string) for it
        try (MqttProbe probe = new MqttProbe(app.brokerUrl(), "it/samples/#")) {
            for (String payload : payloads) {
                HttpResponse<String> r = admin.post("/api/contracts/samples/test?mapping=samples&topic="
                        + URLEncoder.encode("it/samples", StandardCharsets.UTF_8), payload);
                assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
                JsonNode dry = AdminHttp.json(r);

                long before = outputs(probe).size();
                probe.publish("it/samples", payload);
                await().atMost(Duration.ofSeconds(20)).until(() -> outputs(probe).size() > before);
                MqttProbe.Received out = outputs(probe).get((int) before);

                String verdict = dry.get("verdict").asText();
                assertThat(out.topic()).as(payload).isEqualTo("it/samples/" + verdict)
                        .isEqualTo(dry.get("publishTo").asText());
                if (verdict.equals("validated")) {
                    assertThat(out.text()).as("forwarded byte for byte").isEqualTo(payload);
                    continue;
                }
                JsonNode published = AdminHttp.JSON.readTree(out.payload());
                assertThat(withoutTime(published)).as(payload).isEqualTo(withoutTime(dry.get("report")));
                assertThat(published.has("sensor_id")).as("only an object carries a sensor id")
                        .isEqualTo(payload.startsWith("{"));
            }
        }
    }

    @Test
    void shouldDryRunOnAMappingAsItsRouteWouldAndRefuseATopicItDoesNotConsume() throws Exception {
        for (String payload : List.of("[20.5, 99]", "21.5", "[1, 2")) {
            HttpResponse<String> onMapping = admin.post("/api/mappings/samples/test?topic=it%2Fsamples", payload);
            assertThat(onMapping.statusCode()).as(onMapping.body()).isEqualTo(200);
            JsonNode viaMapping = AdminHttp.json(onMapping);
            JsonNode viaContract = AdminHttp.json(admin.post("/api/contracts/samples/test?mapping=samples&topic=it%2Fsamples", payload));
            assertThat(viaMapping.get("mapping").asText()).isEqualTo("samples");
            assertThat(viaMapping.get("topic").asText()).isEqualTo("it/samples");
            assertThat(viaMapping.get("publishTo").asText()).isEqualTo(viaContract.get("publishTo").asText());
            assertThat(viaMapping.get("verdict").asText()).isEqualTo(viaContract.get("verdict").asText());
            if (viaContract.has("report")) {
                assertThat(withoutTime(viaMapping.get("report"))).as(payload).isEqualTo(withoutTime(viaContract.get("report")));
            }
        }
        // no topic: the mapping's filter has no wildcards, so it is the topic
        assertThat(AdminHttp.json(admin.post("/api/mappings/samples/test", "21.5")).get("topic").asText()).isEqualTo("it/samples");
        HttpResponse<String> elsewhere = admin.post("/api/mappings/samples/test?topic=it%2Fother", "21.5");
        assertThat(elsewhere.statusCode()).isEqualTo(400);
        assertThat(AdminHttp.json(elsewhere).get("field").asText()).isEqualTo("topic");
        HttpResponse<String> draft = admin.post("/api/contracts/test",
                "{\"schema\":{\"type\":\"number\",\"maximum\":30},\"payload\":99,\"mapping\":\"samples\",\"topic\":\"it/samples\"}");
        assertThat(draft.statusCode()).as(draft.body()).isEqualTo(200);
        assertThat(AdminHttp.json(draft).get("publishTo").asText()).isEqualTo("it/samples/failed");
        assertThat(AdminHttp.json(draft).at("/report/mapping").asText()).isEqualTo("samples");
        assertThat(admin.post("/api/mappings/nosuch/test", "1").statusCode()).isEqualTo(404);
    }

    @Test
    void shouldSaveAndDryRunBooleanContracts() {
        HttpResponse<String> save = admin.put("/api/contracts/nothing", "false");
        assertThat(save.statusCode()).as(save.body()).isBetween(200, 201);
        assertThat(AdminHttp.json(admin.post("/api/contracts/nothing/test", "{}")).get("verdict").asText())
                .isEqualTo("failed");
        HttpResponse<String> draft = admin.post("/api/contracts/test", "{\"schema\":true,\"payload\":[1,\"a\",null]}");
        assertThat(draft.statusCode()).as(draft.body()).isEqualTo(200);
        assertThat(AdminHttp.json(draft).get("verdict").asText()).isEqualTo("validated");
    }

    /** What the gateway published (the filter it/samples/# also matches the input topic itself). */
    private static List<MqttProbe.Received> outputs(MqttProbe probe) {
        return probe.received().stream().filter(r -> !r.topic().equals("it/samples")).toList();
    }

    private static JsonNode withoutTime(JsonNode report) {
        ObjectNode copy = report.deepCopy();
        copy.remove("received_at");
        return copy;
    }
}
