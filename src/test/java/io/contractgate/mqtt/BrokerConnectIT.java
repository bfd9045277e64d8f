package io.contractgate.mqtt;

import io.contractgate.testing.Commands;
import io.contractgate.testing.GatewayRunner;
import io.contractgate.testing.Mosquitto;
import io.contractgate.testing.MqttProbe;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * The gateway against a real Mosquitto that wants a user name and password: the right ones work, wrong ones or a
 * broker that is not there stop the start with a message that names the keys to check.
 */
class BrokerConnectIT {

    private static final String VALID = "{\"sensor_id\":\"s1-auth\",\"timestamp\":\"2026-11-27T00:00:00Z\","
            + "\"temperature\":21.5,\"humidity\":40.2}";

    @TempDir
    Path dir;

    @Test
    void credentialsAreUsedAndBadOnesAreNamed() throws Exception {
        Commands.run(dir, "mosquitto_passwd", "-c", "-b", dir.resolve("passwd").toString(), "gw", "s3cret");
        int port = GatewayRunner.freePort();
        String config = "listener " + port + " 127.0.0.1\n"
                + "allow_anonymous false\npassword_file " + dir.resolve("passwd") + "\n";
        String url = "tcp://127.0.0.1:" + port;
        try (Mosquitto broker = Mosquitto.start(dir, config, port)) {
            assertThatThrownBy(() -> GatewayRunner.start(dir.resolve("bad"), Map.of("mqtt.broker.url", url,
                    "mqtt.username", "gw", "mqtt.password", "wrong")).close())
                    .hasStackTraceContaining("cannot connect to the MQTT broker at " + url + " (mqtt.broker.url)")
                    .hasStackTraceContaining("check mqtt.username and mqtt.password");

            try (GatewayRunner gateway = GatewayRunner.start(dir.resolve("good"), Map.of("mqtt.broker.url", url,
                    "mqtt.username", "gw", "mqtt.password", "s3cret"));
                 MqttProbe probe = MqttProbe.withLogin(url, "gw", "s3cret", "sensors/sensor1/+")) {
                probe.publish("sensors/sensor1", VALID, 1, "auth-valid");
                await().atMost(Duration.ofSeconds(20)).until(() -> !probe.forCase("auth-valid").isEmpty());
                assertThat(probe.forCase("auth-valid").get(0).topic()).isEqualTo("sensors/sensor1/validated");
            }
        }
        // the broker is gone now: nothing listens on the port
        assertThatThrownBy(() -> GatewayRunner.start(dir.resolve("none"), Map.of("mqtt.broker.url", url)).close())
                .hasStackTraceContaining("cannot connect to the MQTT broker at " + url)
                .hasStackTraceContaining("is the broker running and reachable?");
    }
}
