package io.contractgate.admin;

import io.contractgate.testing.AdminHttp;
import io.contractgate.testing.GatewayRunner;
import com.fasterxml.jackson.databind.JsonNode;
import io.contractgate.mqtt.Sessions;
import io.contractgate.testing.MqttProbe;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A fleet member (mqtt.shared-group) in one process: its inputs hold shared subscriptions under their own session ids,
 * outputs go to the message's own topic (never to $share/...), and a broker change through the admin API, which does
 * not carry the group, keeps the member in its group with the same sessions.
 */
class SharedGroupIT {

    static final String GOOD = "{\"sensor_id\":\"s2-1\",\"pressure\":1000,\"status\":\"ok\"}";

    @TempDir
    Path tmp;

    @Test
    void aMemberStaysInItsGroupAcrossABrokerChange() throws Exception {
        try (GatewayRunner app = GatewayRunner.startWithLogins(GatewayRunner.prepare(tmp), Map.of("mqtt.shared-group", "gw-group", "mqtt.client-id", "member-7"));
             MqttProbe probe = new MqttProbe("tcp://127.0.0.1:" + app.mqttPort(), "sensors/#")) {
            AdminHttp admin = app.admin();
            String session = Sessions.clientId("member-7-sensor2", "sensors/sensor2", "gw-group");
            assertMember(admin, session);
            probe.publish("sensors/sensor2", GOOD);
            await().atMost(Duration.ofSeconds(10)).until(() -> probe.on("sensors/sensor2/validated").size() == 1);

            HttpResponse<String> put = admin.put("/api/broker", "{\"mqtt.keep-alive\":\"30\"}");
            assertThat(put.statusCode()).as(put.body()).isEqualTo(200);
            assertMember(admin, session);
            probe.publish("sensors/sensor2", GOOD);
            await().atMost(Duration.ofSeconds(10)).until(() -> probe.on("sensors/sensor2/validated").size() == 2);
            // one output per input: the member did not end up with a plain subscription beside the shared one
            await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(3))
                    .until(() -> probe.on("sensors/sensor2/validated").size() == 2);
            assertThat(probe.received()).extracting(MqttProbe.Received::topic).noneMatch(t -> t.startsWith("$share"));
        }
    }

    private static void assertMember(AdminHttp admin, String session) throws Exception {
        JsonNode status = AdminHttp.JSON.readTree(admin.get("/api/status").body());
        assertThat(status.at("/broker/sharedGroup").asText()).isEqualTo("gw-group");
        assertThat(status.at("/broker/configuredAtStart").asText()).contains("shared-group=gw-group");
        String id = null;
        for (JsonNode r : status.path("routes")) {
            if (r.path("id").asText().equals("mapping-sensor2")) {
                id = r.path("mqttClientId").asText();
            }
        }
        assertThat(id).as("the input's session is the shared subscription's").isEqualTo(session);
    }
}
