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

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.Map;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static io.contractgate.testing.AdminHttp.json;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * POST /api/contracts/infer/topic against the real gateway and its embedded broker: a topic no mapping covers is
 * sampled by a short-lived client while a test client publishes, and the draft accepts every sample.
 */
class TopicDraftIT {

    private static final String FILTER = "adhoc/+/level";

    @TempDir
    static Path tmp;
    static GatewayRunner app;
    static AdminHttp admin;

    @BeforeAll
    static void boot() throws Exception {
        GatewayRunner.prepare(tmp);
        app = GatewayRunner.startWithLogins(tmp, Map.of());
        admin = app.admin();
    }

    @AfterAll
    static void stop() throws Exception {
        if (app != null) {
            app.close();
        }
    }

    @Test
    void shouldDraftFromATopicNoMappingCoversThatAcceptsEverySample() throws Exception {
        for (JsonNode m : json(admin.get("/api/mappings"))) {
            assertThat(TopicFilters.matches(m.get("sourceTopic").asText(), "adhoc/tank-1/level"))
                    .as("no mapping covers the sampled topic: " + m).isFalse();
        }
        // the request runs while we publish; messages sent before the subscription is up are simply not seen
        CompletableFuture<HttpResponse<String>> answer = CompletableFuture.supplyAsync(() ->
                admin.post("/api/contracts/infer/topic", "{\"topic\":\"" + FILTER + "\",\"maxMessages\":20,\"seconds\":50}"));
        List<String> published = new ArrayList<>();
        try (MqttProbe pub = new MqttProbe(app.brokerUrl())) {
            for (int i = 0; !answer.isDone() && i < 100_000; i++) {
                String payload = "{\"tank\":\"tank-" + (i % 3) + "\",\"level\":" + (i % 50) * 1.5 + ",\"ts\":\"2026-01-01T00:00:"
                        + String.format("%02d", i % 60) + "Z\"" + (i % 5 == 0 ? ",\"alarm\":true" : "") + "}";
                published.add(payload);
                pub.publish("adhoc/tank-" + (i % 3) + "/level", payload);
                if (i % 4 == 3) { // kept, 60 of 2 MB ran the 128 MB gateway out of memory
                    pub.publish("adhoc/tank-" + (i % 3) + "/level", "{\"blob\":\"" + "x".repeat(100_000) + "\"}");
                }
            }
        }
        HttpResponse<String> r = answer.get(70, TimeUnit.SECONDS);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        JsonNode draft = json(r);
        assertThat(draft.get("sampleCount").asInt()).isEqualTo(20);
        assertThat(draft.get("received").asInt()).isEqualTo(20);
        assertThat(draft.get("skipped").asInt()).isZero();
        assertThat(draft.get("timedOut").asBoolean()).as("20 messages arrived before the time ran out").isFalse();
        assertThat(draft.get("applied").asBoolean()).isFalse();
        assertThat(draft.get("topic").asText()).isEqualTo(FILTER);
        assertThat(draft.get("topicsSeen")).extracting(JsonNode::asText)
                .isNotEmpty().allMatch(t -> t.matches("adhoc/tank-[0-2]/level"));
        assertThat(draft.at("/schema/properties/level/type").asText()).isIn("number", "integer");
        assertThat(draft.at("/schema/properties").has("blob")).as("payloads over 64 KiB are not sampled").isFalse();
        assertThat(draft.get("samples")).hasSize(20);

        // every sample passes the draft, checked by the pipeline's own dry run
        for (JsonNode sample : draft.get("samples")) {
            ObjectNode dry = AdminHttp.JSON.createObjectNode();
            dry.set("schema", draft.get("schema"));
            dry.set("payload", sample);
            assertThat(json(admin.post("/api/contracts/test", dry.toString())).get("verdict").asText())
                    .as(sample.toString()).isEqualTo("validated");
        }
        assertThat(json(admin.get("/api/contracts")).toString()).as("never applied by itself").doesNotContain("adhoc");
    }

    @Test
    void shouldRefuseViewersAndBadArgumentsBeforeSubscribing() {
        HttpResponse<String> viewer = app.http(GatewayRunner.VIEWER, GatewayRunner.VIEWER_PASSWORD)
                .post("/api/contracts/infer/topic", "{\"topic\":\"adhoc/#\"}");
        assertThat(viewer.statusCode()).as(viewer.body()).isEqualTo(403);
        AdminApiIT.assertRefused(admin.post("/api/contracts/infer/topic", "{\"topic\":\"adhoc/#\",\"seconds\":61}"), 400, "seconds");
        AdminApiIT.assertRefused(admin.post("/api/contracts/infer/topic", "{\"topic\":\"adhoc/#\",\"maxMessages\":1001}"), 400, "maxMessages");
        AdminApiIT.assertRefused(admin.post("/api/contracts/infer/topic", "{\"topic\":\"adhoc/#/x\"}"), 400, "topic");
    }

    @Test
    void shouldAnswer409WhenNothingArrivesInTime() {
        AdminApiIT.assertRefused(admin.post("/api/contracts/infer/topic", "{\"topic\":\"quiet/nobody/+\",\"seconds\":1}"), 409, "samples");
    }
}
