package io.contractgate.web;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.contractgate.testing.AdminHttp;
import io.contractgate.testing.BrowserScript;
import io.contractgate.testing.GatewayRunner;
import io.contractgate.testing.MqttProbe;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Hostile text everywhere a page shows data, in a real browser (web/tests/hostile-e2e.mjs): a contract whose title,
 * description, property name and enum values are HTML and script, a mapping whose topic is, and messages on it whose
 * sensor ids, payloads, content type and user properties are (one sensor id 20,000 characters long), and a mapping
 * whose topic filter is 990 characters without a break, and one whose id and contract id are 64 characters. The pages must
 * show it all as text, run none of it, and keep their layout. Fails (never skips) when node, chromium or
 * playwright-core is missing, as {@link BrowserE2EIT} does.
 */
class HostileInputBrowserIT {

    /** Each piece sets window.__xss or opens a dialog if it ever runs; the browser test checks neither happened. */
    static final String HOSTILE = "<img src=x onerror=window.__xss=1></script><script>window.__xss=2</script>"
            + "\u2028\"'`javascript:window.__xss=3";

    /** The same in a topic, without the U+2028 (which Camel's endpoint URI cannot take). */
    static final String TOPIC_LEVEL = HOSTILE.replace("\u2028", "");

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path home;

    @Test
    void hostileTextIsShownAsTextOnEveryPageAndNothingRuns() throws Exception {
        BrowserScript.requireChromium();
        String password = "hostile-e2e-" + Long.toHexString(System.nanoTime());
        try (GatewayRunner gateway = GatewayRunner.start(home, Map.of(
                "admin.password", password,
                "admin.config-dir", home.resolve("config").toString(),
                "quarantine.data-dir", home.resolve("data/quarantine").toString(),
                "camel.server.host", "127.0.0.1"))) {
            AdminHttp admin = gateway.http("admin", password);
            String topic = "x/" + TOPIC_LEVEL + "/dev1";
            fill(gateway, admin, topic);

            BrowserScript.run("hostile-e2e.mjs", gateway.httpUrl(), password, 5, 5);
        }
    }

    /** The contract, the mapping and four messages on it, through the admin API and the broker. */
    private static void fill(GatewayRunner gateway, AdminHttp admin, String topic) throws Exception {
        ObjectNode contract = JSON.createObjectNode()
                .put("$schema", "https://json-schema.org/draft/2020-12/schema")
                .put("$id", "urn:contract-gateway:contract:hostile")
                .put("title", HOSTILE).put("description", HOSTILE).put("type", "object");
        ObjectNode props = contract.putObject("properties");
        props.putObject("sensor_id").put("type", "string").put("description", HOSTILE);
        props.putObject(HOSTILE).put("type", "string").putArray("enum").add(HOSTILE).add("javascript:window.__xss=4");
        props.putObject("level").put("type", "number").put("maximum", 10);
        contract.putArray("required").add("sensor_id").add("level");
        contract.put("additionalProperties", false);
        assertThat(admin.put("/api/contracts/hostile", contract.toPrettyString()).statusCode()).isEqualTo(201);
        var mapping = admin.post("/api/mappings", JSON.writeValueAsString(Map.of("id", "hostile",
                "sourceTopic", "x/" + TOPIC_LEVEL + "/+", "contractId", "hostile", "sensorIdField", "sensor_id")));
        assertThat(mapping.statusCode()).as(mapping.body()).isEqualTo(201);

        // a topic filter near the 1,024-byte limit, without a break: its row pushed the rates table's figures 8,000 px
        // out of sight, for every mapping
        var longTopic = admin.post("/api/mappings", JSON.writeValueAsString(Map.of("id", "longtopic",
                "sourceTopic", "B".repeat(990) + "/+", "contractId", "hostile", "sensorIdField", "sensor_id")));
        assertThat(longTopic.statusCode()).as(longTopic.body()).isEqualTo(201);
        // the longest id there may be, for a mapping and its contract: it pushed the mappings table's switch and
        // buttons out of sight and ran past the dashboard's card
        String longName = "W".repeat(64);
        assertThat(admin.put("/api/contracts/" + longName, contract.put("$id", "urn:contract-gateway:contract:" + longName)
                .toPrettyString()).statusCode()).isEqualTo(201);
        var longMapping = admin.post("/api/mappings", JSON.writeValueAsString(Map.of("id", longName,
                "sourceTopic", "w/+", "contractId", longName, "sensorIdField", "sensor_id")));
        assertThat(longMapping.statusCode()).as(longMapping.body()).isEqualTo(201);

        String longId = "A".repeat(20_000);
        try (MqttProbe mqtt = new MqttProbe(gateway.brokerUrl())) {
            mqtt.publish(topic, JSON.writeValueAsBytes(Map.of("sensor_id", HOSTILE, "level", 5)), 1, HOSTILE, HOSTILE);
            mqtt.publish(topic, JSON.writeValueAsBytes(Map.of("sensor_id", HOSTILE, "level", 50, HOSTILE, 1)), 1,
                    HOSTILE, HOSTILE);
            mqtt.publish(topic, "<html><script>window.__xss=5</script>".getBytes(StandardCharsets.UTF_8), 1, HOSTILE, null);
            mqtt.publish(topic, JSON.writeValueAsBytes(Map.of("sensor_id", longId, "level", 50)), 1, HOSTILE, null);
        }
        await().atMost(Duration.ofSeconds(30)).until(() ->
                AdminHttp.json(admin.get("/api/quarantine/messages?mapping=hostile")).path("items").size() == 3);
    }
}
