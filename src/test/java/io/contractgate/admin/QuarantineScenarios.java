package io.contractgate.admin;

import io.contractgate.testing.AdminHttp;
import io.contractgate.testing.GatewayRunner;
import io.contractgate.testing.MqttProbe;
import com.fasterxml.jackson.databind.JsonNode;
import io.contractgate.quarantine.Redriver;
import org.eclipse.paho.mqttv5.client.MqttClient;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.MqttSubscription;
import org.eclipse.paho.mqttv5.common.packet.UserProperty;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.stream.Collectors;

import static io.contractgate.testing.AdminHttp.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The quarantine end to end, against the real gateway and its embedded broker, for one store (H2:
 * {@link QuarantineH2IT}, PostgreSQL: {@link QuarantinePostgresIT}): messages fail under a too-strict contract, the
 * contract is fixed, a re-drive republishes exactly those that now pass (each once, with the re-drive properties) and
 * keeps the rest; a restart in the middle of a re-drive resumes without duplicates.
 */
abstract class QuarantineScenarios {

    /** Messages per scenario; half pass once the contract is fixed. */
    static final int N = Integer.getInteger("quarantine.it.messages", 10_000);
    static final String STRICT = "{\"type\":\"object\",\"properties\":{\"sensor_id\":{\"type\":\"string\"},"
            + "\"pressure\":{\"type\":\"number\",\"minimum\":870,\"maximum\":1000},\"status\":{\"enum\":[\"ok\",\"warn\",\"fault\"]}},"
            + "\"required\":[\"sensor_id\",\"pressure\",\"status\"],\"additionalProperties\":false}";

    @TempDir
    Path dir;

    /** The quarantine.* settings selecting the store under test. */
    abstract Map<String, String> storeSettings() throws Exception;

    private GatewayRunner start(int http, int mqtt, String rate) throws Exception {
        Map<String, String> p = new HashMap<>(storeSettings());
        p.put("quarantine.data-dir", dir.resolve("data/quarantine").toString());
        p.put("quarantine.redrive-rate", rate);
        p.put("camel.server.port", String.valueOf(http));
        p.put("mqtt.embedded.port", String.valueOf(mqtt));
        return GatewayRunner.startWithLogins(dir, p);
    }

    /** Publishes N sensor2 readings: even ones pass the real contract (1050 hPa), odd ones never do (2000 hPa). */
    private static void publishReadings(GatewayRunner app) throws MqttException {
        try (MqttProbe client = new MqttProbe(app.brokerUrl())) {
            for (int i = 0; i < N; i++) {
                String pressure = i % 2 == 0 ? "1050" : "2000";
                // one at a time, the PUBACK pacing it; case-i as user property and correlation data
                client.publish("sensors/sensor2", ("{\"sensor_id\":\"s2-" + i + "\",\"pressure\":" + pressure
                        + ",\"status\":\"ok\"}").getBytes(StandardCharsets.UTF_8), 1, "case-" + i, "application/json");
            }
        }
    }

    private static long rows(AdminHttp admin) {
        return json(admin.get("/api/quarantine/stats")).get("rows").asLong();
    }

    @Test
    void shouldQuarantineEveryFailureAndRedriveExactlyThoseThatNowPass() throws Exception {
        GatewayRunner.prepare(dir);
        String realContract = Files.readString(dir.resolve("schemas/sensor2.schema.json"));
        try (GatewayRunner app = start(GatewayRunner.freePort(), GatewayRunner.freePort(), "5000");
             Subscriber validated = new Subscriber(app.brokerUrl(), "sensors/sensor2/validated")) {
            AdminHttp admin = app.admin();
            assertThat(admin.put("/api/contracts/sensor2?acceptBreak=true", STRICT).statusCode()).isEqualTo(200);
            publishReadings(app);
            await().atMost(Duration.ofSeconds(120)).until(() -> rows(admin) == N);
            assertThat(validated.received()).isEmpty();

            // search: filters, newest first, one message in full
            JsonNode page = json(admin.get("/api/quarantine/messages?mapping=sensor2&errorType=out_of_range&field=/pressure&limit=5"));
            assertThat(page.get("items")).hasSize(5);
            assertThat(page.get("next").asLong()).isPositive();
            JsonNode first = page.get("items").get(0);
            assertThat(first.get("sensor_id").asText()).isEqualTo("s2-" + (N - 1));
            JsonNode full = json(admin.get("/api/quarantine/messages/" + first.get("id").asLong()));
            assertThat(full.get("payload").asText()).contains("\"s2-" + (N - 1) + "\"");
            assertThat(full.get("payload_encoding").asText()).isEqualTo("text");
            assertThat(full.at("/report/primary_error").asText()).isEqualTo("out_of_range");
            assertThat(full.at("/properties/content_type").asText()).isEqualTo("application/json");
            assertThat(full.at("/properties/user_properties/0/1").asText()).isEqualTo("case-" + (N - 1));
            assertThat(full.at("/properties/correlation_data_base64").asText()).isNotEmpty();
            assertThat(json(admin.get("/api/quarantine/messages?sensorId=s2-7")).get("items")).hasSize(1);
            assertThat(admin.get("/api/quarantine/messages?field=pressure").statusCode()).isEqualTo(400);
            assertThat(json(admin.get("/api/quarantine/messages?field=pressure")).get("field").asText()).isEqualTo("field");
            // a misspelt filter name is a 400 naming it, not a listing of every message
            assertThat(admin.get("/api/quarantine/messages?sensor_id=s2-7").statusCode()).isEqualTo(400);
            assertThat(json(admin.get("/api/quarantine/messages?sensor_id=s2-7")).get("field").asText()).isEqualTo("sensor_id");
            assertThat(admin.get("/api/quarantine/export?format=csv&mappng=sensor2").statusCode()).isEqualTo(400);

            // export, streamed: every row once
            HttpResponse<String> ndjson = admin.get("/api/quarantine/export?mapping=sensor2&format=ndjson");
            assertThat(ndjson.statusCode()).isEqualTo(200);
            assertThat(ndjson.body().lines().count()).isEqualTo(N);
            HttpResponse<String> csv = admin.get("/api/quarantine/export?mapping=sensor2&format=csv");
            assertThat(csv.body().lines().count()).isEqualTo(N + 1);

            // impact preview of the fix: those that would now pass; a draft that does not compile names the field
            JsonNode preview = json(admin.post("/api/quarantine/preview",
                    AdminHttp.JSON.createObjectNode().put("mapping", "sensor2").put("schema", realContract).toString()));
            assertThat(preview.get("quarantined_checked").asInt()).isEqualTo(Math.min(N, 2000));
            assertThat(preview.get("failed_to_validated").asInt()).isEqualTo(Math.min(N, 2000) / 2);
            assertThat(preview.get("failed_to_validated_examples")).isNotEmpty();
            HttpResponse<String> badDraft = admin.post("/api/quarantine/preview", "{\"mapping\":\"sensor2\",\"schema\":\"not json\"}");
            assertThat(badDraft.statusCode()).isEqualTo(400);
            assertThat(json(badDraft).get("field").asText()).isEqualTo("schema");

            // fix the contract, re-drive the mapping's quarantine
            assertThat(admin.put("/api/contracts/sensor2", realContract).statusCode()).isEqualTo(200);
            String fixedVersion = json(admin.get("/api/status")).findValues("contracts").get(0).findParents("id").stream()
                    .filter(n -> n.get("id").asText().equals("sensor2")).findFirst().orElseThrow().get("hash").asText();
            HttpResponse<String> started = admin.post("/api/quarantine/redrives", "{\"filter\":{\"mapping\":\"sensor2\"}}");
            assertThat(started.statusCode()).isEqualTo(200);
            long job = json(started).get("id").asLong();
            assertThat(json(started).get("total").asLong()).isEqualTo(N);
            await().atMost(Duration.ofSeconds(120)).until(() ->
                    json(admin.get("/api/quarantine/redrives/" + job)).get("state").asText().equals("done"));
            JsonNode done = json(admin.get("/api/quarantine/redrives/" + job));
            assertThat(done.get("passed").asLong()).isEqualTo(N / 2);
            assertThat(done.get("still_failing").asLong()).isEqualTo(N / 2);
            await().atMost(Duration.ofSeconds(30)).until(() -> validated.received().size() >= N / 2);

            List<MqttMessage> out = validated.received();
            Map<String, Long> perCase = out.stream().collect(Collectors.groupingBy(m -> user(m, "case"), Collectors.counting()));
            assertThat(perCase).hasSize(N / 2).allSatisfy((k, v) -> assertThat(v).as(k).isEqualTo(1));
            assertThat(perCase.keySet()).allMatch(c -> Integer.parseInt(c.substring(5)) % 2 == 0);
            MqttMessage one = out.get(0);
            assertThat(user(one, Redriver.REDRIVEN_AT)).isNotBlank();
            assertThat(user(one, Redriver.ORIGINAL_RECEIVED_AT)).isNotBlank();
            assertThat(user(one, Redriver.CONTRACT_VERSION)).isEqualTo(fixedVersion);
            assertThat(one.getProperties().getContentType()).isEqualTo("application/json");
            assertThat(new String(one.getProperties().getCorrelationData(), StandardCharsets.UTF_8)).isEqualTo(user(one, "case"));

            // the rest stay quarantined, with a fresh report under the fixed contract
            JsonNode still = json(admin.get("/api/quarantine/messages?status=quarantined&limit=500"));
            assertThat(still.get("items")).allMatch(n -> n.get("contract_version").asText().equals(fixedVersion));
            assertThat(json(admin.get("/api/quarantine/messages?status=redriven&limit=1")).get("items")).hasSize(1);

            // idempotent: a second re-drive republishes nothing
            long again = json(admin.post("/api/quarantine/redrives", "{\"filter\":{\"mapping\":\"sensor2\"}}")).get("id").asLong();
            await().atMost(Duration.ofSeconds(60)).until(() ->
                    json(admin.get("/api/quarantine/redrives/" + again)).get("state").asText().equals("done"));
            JsonNode second = json(admin.get("/api/quarantine/redrives/" + again));
            assertThat(second.get("total").asLong()).isEqualTo(N / 2);
            assertThat(second.get("passed").asLong()).isZero();
            assertThat(validated.received()).hasSize(N / 2);

            assertThat(json(admin.get("/api/audit")).findValuesAsText("action")).contains("redrive", "redrive-done");
            assertThat(admin.post("/api/quarantine/redrives", "{\"force\":\"yes\"}").statusCode()).isEqualTo(400);
            assertThat(app.viewer().post("/api/quarantine/redrives", "{}").statusCode()).isEqualTo(403);
        }
    }

    @Test
    void shouldResumeAnInterruptedRedriveAfterARestartWithoutDuplicates() throws Exception {
        GatewayRunner.prepare(dir);
        String realContract = Files.readString(dir.resolve("schemas/sensor2.schema.json"));
        int http = GatewayRunner.freePort();
        int mqtt = GatewayRunner.freePort();
        long job;
        Subscriber validated;
        try (GatewayRunner app = start(http, mqtt, "300")) {
            validated = new Subscriber(app.brokerUrl(), "sensors/sensor2/validated");
            AdminHttp admin = app.admin();
            assertThat(admin.put("/api/contracts/sensor2?acceptBreak=true", STRICT).statusCode()).isEqualTo(200);
            publishReadings(app);
            await().atMost(Duration.ofSeconds(120)).until(() -> rows(admin) == N);
            assertThat(admin.put("/api/contracts/sensor2", realContract).statusCode()).isEqualTo(200);
            job = json(admin.post("/api/quarantine/redrives", "{\"filter\":{\"mapping\":\"sensor2\"}}")).get("id").asLong();
            await().atMost(Duration.ofSeconds(60)).until(() ->
                    json(admin.get("/api/quarantine/redrives/" + job)).get("passed").asLong() >= N / 8);
        } // stops in the middle: the page in progress is finished and marked, the job stays running
        try (GatewayRunner app = start(http, mqtt, "5000")) {
            AdminHttp admin = app.admin();
            JsonNode resumed = json(admin.get("/api/quarantine/redrives/" + job));
            assertThat(resumed.get("passed").asLong()).isLessThan(N / 2);
            await().atMost(Duration.ofSeconds(120)).until(() ->
                    json(admin.get("/api/quarantine/redrives/" + job)).get("state").asText().equals("done"));
            JsonNode done = json(admin.get("/api/quarantine/redrives/" + job));
            assertThat(done.get("passed").asLong()).isEqualTo(N / 2);
            assertThat(done.get("still_failing").asLong()).isEqualTo(N / 2);
            await().atMost(Duration.ofSeconds(60)).until(() -> validated.firstDeliveries().size() >= N / 2);
            Map<String, Long> perCase = validated.firstDeliveries().stream()
                    .collect(Collectors.groupingBy(m -> user(m, "case"), Collectors.counting()));
            assertThat(perCase).hasSize(N / 2).allSatisfy((k, v) -> assertThat(v).as(k).isEqualTo(1));
        } finally {
            validated.close();
        }
    }

    static String user(MqttMessage m, String key) {
        for (UserProperty u : m.getProperties().getUserProperties()) {
            if (u.getKey().equals(key)) {
                return u.getValue();
            }
        }
        return null;
    }

    /**
     * A subscriber with a persistent session that outlives a gateway (and embedded broker) restart: it reconnects
     * by itself and the broker delivers what it queued meanwhile. Copies the broker delivers again (DUP flag) are
     * set apart, so {@link #firstDeliveries()} holds only what the gateway published.
     */
    // a raw client, not MqttProbe: this one keeps its session across the restart, reconnects and sees the DUP flag
    static final class Subscriber implements AutoCloseable {
        private final MqttClient client;
        private final ConcurrentLinkedQueue<MqttMessage> all = new ConcurrentLinkedQueue<>();

        Subscriber(String url, String filter) throws MqttException {
            client = new MqttClient(url, "sub-" + UUID.randomUUID().toString().substring(0, 8), new MemoryPersistence());
            client.setCallback(new io.contractgate.mqtt.ArrivalCallback() {
                public void messageArrived(String topic, MqttMessage m) {
                    all.add(m);
                }
            });
            MqttConnectionOptions o = new MqttConnectionOptions();
            // a persistent session: after the broker's restart it still has the subscription and what queued meanwhile
            o.setCleanStart(false);
            o.setSessionExpiryInterval(3600L);
            o.setAutomaticReconnect(true);
            o.setAutomaticReconnectDelay(100, 1000);
            client.connect(o);
            client.subscribe(new MqttSubscription[]{new MqttSubscription(filter, 1)});
        }

        List<MqttMessage> received() {
            return List.copyOf(all);
        }

        List<MqttMessage> firstDeliveries() {
            return all.stream().filter(m -> !m.isDuplicate()).toList();
        }

        @Override
        public void close() throws MqttException {
            if (client.isConnected()) {
                client.disconnect();
            }
            client.close();
        }
    }

}
