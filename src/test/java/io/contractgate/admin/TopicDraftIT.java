package io.contractgate.admin;

import io.contractgate.testing.AdminHttp;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
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
    static GatewayApp app;
    static AdminHttp admin;

    @BeforeAll
    static void boot() throws Exception {
        GatewayApp.prepare(tmp);
        app = GatewayApp.start(tmp);
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
        MqttAsyncClient pub = new MqttAsyncClient(app.mqttUrl(), "topic-draft-pub", new MemoryPersistence());
        try {
            MqttConnectionOptions o = new MqttConnectionOptions();
            o.setCleanStart(true);
            pub.connect(o).waitForCompletion(10_000);
            for (int i = 0; !answer.isDone() && i < 100_000; i++) {
                String payload = "{\"tank\":\"tank-" + (i % 3) + "\",\"level\":" + (i % 50) * 1.5 + ",\"ts\":\"2026-01-01T00:00:"
                        + String.format("%02d", i % 60) + "Z\"" + (i % 5 == 0 ? ",\"alarm\":true" : "") + "}";
                published.add(payload);
                MqttMessage msg = new MqttMessage(payload.getBytes(StandardCharsets.UTF_8));
                msg.setQos(1);
                int tank = i % 3;
                io.contractgate.testing.BackPressure.retry(() ->
                        pub.publish("adhoc/tank-" + tank + "/level", msg).waitForCompletion(10_000));
            }
        } finally {
            // a forcible disconnect: Paho may still count a just-disconnected client as connected, and its close()
            // then throws "Client is connected", hiding what the test found
            try {
                pub.disconnectForcibly(0, 5_000, true);
            } catch (org.eclipse.paho.mqttv5.common.MqttException ignored) {
                // closing below either way
            }
            try {
                pub.close(true);
            } catch (org.eclipse.paho.mqttv5.common.MqttException ignored) {
                // the test's verdict is in the answer, not in the publisher's shutdown
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
        HttpResponse<String> viewer = app.http(GatewayApp.VIEWER, GatewayApp.VIEWER_PASSWORD)
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
