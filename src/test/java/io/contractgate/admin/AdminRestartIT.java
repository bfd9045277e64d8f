package io.contractgate.admin;

import io.contractgate.testing.AdminHttp;
import io.contractgate.testing.GatewayRunner;
import io.contractgate.testing.MqttProbe;
import com.fasterxml.jackson.databind.JsonNode;
import org.apache.camel.ServiceStatus;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import static io.contractgate.testing.AdminHttp.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Changes made through the admin API survive a restart of the application: the files are the config. */
class AdminRestartIT {

    @TempDir
    Path tmp;

    @Test
    void restartComesBackWithTheChangedConfig() throws Exception {
        GatewayRunner.prepare(tmp);
        String newHash;
        try (GatewayRunner app = GatewayRunner.startWithLogins(tmp, Map.of())) {
            AdminHttp admin = app.admin();
            assertThat(admin.put("/api/contracts/r", "{\"type\":\"object\",\"required\":[\"k\"]}").statusCode()).isEqualTo(201);
            assertThat(admin.post("/api/mappings", "{\"id\":\"r1\",\"sourceTopic\":\"restart/+\",\"contractId\":\"r\","
                    + "\"validatedTopic\":\"restarted/{topic}\"}").statusCode()).isEqualTo(201);
            assertThat(admin.post("/api/mappings/sensor2/disable", null).statusCode()).isEqualTo(200);
            HttpResponse<String> c = admin.put("/api/contracts/r?acceptBreak=true", "{\"type\":\"object\",\"required\":[\"k\",\"j\"]}");
            assertThat(c.statusCode()).isEqualTo(200);
            newHash = json(c).get("hash").asText();
            assertThat(admin.put("/api/broker", "{\"mqtt.keep-alive\":33}").statusCode()).isEqualTo(200);
        }

        try (GatewayRunner app = GatewayRunner.startWithLogins(tmp, Map.of())) {
            AdminHttp admin = app.admin();
            JsonNode r1 = json(admin.get("/api/mappings/r1"));
            assertThat(r1.get("validatedTopic").asText()).isEqualTo("restarted/{topic}");
            assertThat(app.context().getRouteController().getRouteStatus("mapping-r1")).isEqualTo(ServiceStatus.Started);
            assertThat(app.context().getRouteController().getRouteStatus("mapping-sensor2")).isNotEqualTo(ServiceStatus.Started);
            assertThat(json(admin.get("/api/mappings/sensor2")).get("enabled").asBoolean()).isFalse();
            JsonNode contracts = json(admin.get("/api/status")).get("contracts");
            JsonNode r = null;
            for (JsonNode n : contracts) {
                if (n.get("id").asText().equals("r")) {
                    r = n;
                }
            }
            assertThat(r).isNotNull();
            assertThat(r.get("hash").asText()).isEqualTo(newHash);
            assertThat(r.get("version").asInt()).isEqualTo(2);
            assertThat(json(admin.get("/api/contracts/r/versions"))).hasSize(2);
            assertThat(json(admin.get("/api/broker")).get("mqtt.keep-alive").asText()).isEqualTo("33");
            assertThat(json(admin.get("/api/audit")).findValuesAsText("id")).contains("r1", "r", "broker");

            try (MqttProbe probe = new MqttProbe(app.brokerUrl(), "restarted/#", "restart/+/failed")) {
                probe.publish("restart/x", "{\"k\":1,\"j\":2}");
                probe.publish("restart/y", "{\"k\":1}");
                await().atMost(Duration.ofSeconds(10)).until(() -> !probe.on("restarted/restart/x").isEmpty()
                        && !probe.on("restart/y/failed").isEmpty());
                assertThat(AdminHttp.JSON.readTree(probe.on("restart/y/failed").get(0).text()).at("/contract/version").asText())
                        .isEqualTo(newHash);
            }
        }
    }
}
