package io.contractgate.mqtt;

import io.contractgate.testing.GatewayRunner;
import io.contractgate.testing.Mosquitto;
import io.contractgate.testing.MqttProbe;
import io.contractgate.testing.MqttProbe.Received;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The gateway against a real Mosquitto that only speaks TLS to it: a certificate made for the test, trusted through
 * {@code mqtt.tls.trust-store}, host name checked. Both the consumers and the output client must get through, with
 * Nagle off (the default) and on.
 */
class TlsBrokerIT {

    private static final String VALID = "{\"sensor_id\":\"s1-tls\",\"timestamp\":\"2026-11-27T00:00:00Z\","
            + "\"temperature\":21.5,\"humidity\":40.2}";

    @TempDir
    Path dir;

    @ParameterizedTest(name = "mqtt.tcp-nodelay={0}")
    @ValueSource(booleans = {true, false})
    void validatesOverTls(boolean tcpNoDelay) throws Exception {
        run(dir, "openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2", "-subj", "/CN=localhost",
                "-addext", "subjectAltName=DNS:localhost,IP:127.0.0.1", "-keyout", "key.pem", "-out", "cert.pem");
        run(dir, "keytool", "-importcert", "-noprompt", "-alias", "broker", "-file", "cert.pem",
                "-keystore", "trust.p12", "-storetype", "PKCS12", "-storepass", "changeit");
        int tls = GatewayRunner.freePort();
        int plain = GatewayRunner.freePort();
        // run as the test's own user, so the broker can read the key file the test just wrote (owner-only)
        String config = "user " + System.getProperty("user.name") + "\nper_listener_settings false\nallow_anonymous true\n"
                + "listener " + plain + " 127.0.0.1\n"
                + "listener " + tls + " 127.0.0.1\ncertfile " + dir.resolve("cert.pem") + "\nkeyfile "
                + dir.resolve("key.pem") + "\n";
        try (Mosquitto broker = Mosquitto.start(dir, config, plain, tls);
             GatewayRunner gateway = GatewayRunner.start(dir.resolve("home"), Map.of(
                     "mqtt.broker.url", "ssl://localhost:" + tls,
                     "mqtt.tcp-nodelay", String.valueOf(tcpNoDelay),
                     "mqtt.tls.trust-store", dir.resolve("trust.p12").toString(),
                     "mqtt.tls.trust-store-password", "changeit"));
             MqttProbe probe = new MqttProbe("tcp://127.0.0.1:" + plain, "sensors/sensor1/+")) {
            probe.publish("sensors/sensor1", VALID, 1, "tls-valid");
            probe.publish("sensors/sensor1", "{\"sensor_id\":\"s1-tls\"}", 1, "tls-invalid");
            await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
                assertThat(probe.forCase("tls-valid")).extracting(Received::topic)
                        .containsExactly("sensors/sensor1/validated");
                assertThat(probe.forCase("tls-invalid")).extracting(Received::topic)
                        .containsExactly("sensors/sensor1/failed");
            });
            assertThat(probe.forCase("tls-valid").get(0).text()).isEqualTo(VALID);
            assertThat(probe.forCase("tls-invalid").get(0).text()).contains("\"primary_error\":\"missing_field\"");
            assertThat(broker.log()).contains("New connection from 127.0.0.1:");
        }
    }

    private static void run(Path dir, String... command) throws Exception {
        Process p = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(String.join(" ", command) + "\n" + out).isZero();
    }
}
