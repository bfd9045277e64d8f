package io.contractgate.faults;

import io.contractgate.testing.AdminHttp;
import io.contractgate.testing.GatewayProcess;
import io.contractgate.testing.GatewayRunner;
import io.contractgate.testing.Mosquitto;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A broker that accepts the gateway's connection but refuses a subscription (SUBACK 0x87, not authorized): Debian's
 * Mosquitto with its dynamic security plugin, whose anonymous clients may subscribe to anything but
 * {@code sensors/sensor2} and {@code denied/#}. Paho completes a refused subscribe without an error; the input then
 * ran, counted as connected, and never received a message, while the broker acknowledged every publish to the topic
 * and dropped it (no subscriber). A refused subscription is said, naming the input and the topic.
 */
class SubscribeRefusedIT {

    static final String DYNSEC = """
            {"defaultACLAccess": {"publishClientSend": true, "publishClientReceive": true, "subscribe": true,
              "unsubscribe": true},
             "clients": [], "groups": [{"groupname": "anon", "roles": [{"rolename": "refused"}]}],
             "anonymousGroup": "anon",
             "roles": [{"rolename": "refused", "acls": [
               {"acltype": "subscribePattern", "topic": "sensors/sensor2", "priority": 0, "allow": false},
               {"acltype": "subscribePattern", "topic": "denied/#", "priority": 0, "allow": false}]}]}
            """;

    @TempDir
    Path tmp;

    private Mosquitto broker(int port) throws Exception {
        Path dir = Files.createDirectories(tmp.resolve("mosquitto"));
        Path plugin = Stream.of("/usr/lib/x86_64-linux-gnu", "/usr/lib/aarch64-linux-gnu", "/usr/lib")
                .map(d -> Path.of(d, "mosquitto_dynamic_security.so")).filter(Files::exists).findFirst()
                .orElseThrow(() -> new IllegalStateException("mosquitto_dynamic_security.so not found (Debian package "
                        + "mosquitto)"));
        Path config = dir.resolve("dynamic-security.json");
        Files.writeString(config, DYNSEC);
        return Mosquitto.start(dir, FaultLoad.mosquittoConfig(dir, port, "plugin " + plugin + "\nplugin_opt_config_file "
                + config + "\n"), port);
    }

    @Test
    @Timeout(value = 90, unit = TimeUnit.SECONDS)
    void aMappingWhoseSubscriptionIsRefusedStopsTheStartNamingIt() throws Exception {
        int port = GatewayRunner.freePort();
        try (Mosquitto broker = broker(port);
             GatewayProcess gw = new GatewayProcess(Files.createDirectories(tmp.resolve("gw")),
                     Map.of("mqtt.broker.url", "tcp://127.0.0.1:" + port, "mqtt.client-id", "refused"))) {
            int exit = gw.start().awaitExit(Duration.ofSeconds(60));
            assertThat(exit).as(gw.log()).isEqualTo(1);
            assertThat(gw.log()).contains("contract-gateway did not start: the MQTT broker refused the subscription of "
                            + "input refused-sensor2-").contains(" to sensors/sensor2: Not authorized")
                    .doesNotContain("\tat ");
        }
    }

    @Test
    @Timeout(value = 90, unit = TimeUnit.SECONDS)
    void aMappingChangeWhoseSubscriptionIsRefusedIsNotMade() throws Exception {
        int port = GatewayRunner.freePort();
        Path home = GatewayRunner.prepare(tmp.resolve("gw"));
        Files.delete(home.resolve("routes/mapping-sensor2.camel.yaml")); // its topic is refused too
        try (Mosquitto broker = broker(port);
             GatewayRunner gw = GatewayRunner.startWithLogins(home, Map.of("mqtt.broker.url", "tcp://127.0.0.1:" + port))) {
            HttpResponse<String> created = gw.admin().post("/api/mappings",
                    "{\"id\":\"d1\",\"sourceTopic\":\"denied/d1\",\"contractId\":\"sensor1\"}");

            assertThat(created.statusCode()).as(created.body()).isEqualTo(422);
            assertThat(AdminHttp.json(created).path("error").asText()).contains("refused the subscription")
                    .contains("denied/d1").contains("Not authorized");
            assertThat(gw.admin().get("/api/mappings/d1").statusCode()).isEqualTo(404);

            // a source topic changed to a refused one (make before break subscribes the new filter first)
            String before = gw.admin().get("/api/mappings/sensor1").body();
            HttpResponse<String> moved = gw.admin().put("/api/mappings/sensor1",
                    "{\"sourceTopic\":\"denied/s1\",\"contractId\":\"sensor1\"}");
            assertThat(moved.statusCode()).as(moved.body()).isEqualTo(422);
            assertThat(AdminHttp.json(moved).path("error").asText()).contains("refused the subscription")
                    .contains("denied/s1");
            assertThat(gw.admin().get("/api/mappings/sensor1").body()).isEqualTo(before);
        }
    }
}
