package io.contractgate.mqtt;

import io.contractgate.testing.Commands;
import io.contractgate.testing.GatewayRunner;
import io.contractgate.testing.Mosquitto;
import io.contractgate.testing.MqttProbe;
import io.contractgate.testing.MqttProbe.Received;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The gateway against a real Mosquitto that only speaks TLS to it: certificates from a test CA, trusted through
 * {@code mqtt.tls.trust-store}, host name checked, and a client certificate ({@code mqtt.tls.key-store}) when the broker
 * requires one. Both the consumers and the output client must get through, with Nagle off (the default) and on.
 */
class TlsBrokerIT {

    private static final String VALID = "{\"sensor_id\":\"s1-tls\",\"timestamp\":\"2026-11-27T00:00:00Z\","
            + "\"temperature\":21.5,\"humidity\":40.2}";

    @TempDir
    Path dir;

    @ParameterizedTest(name = "mqtt.tcp-nodelay={0}, client certificate={1}")
    @CsvSource({"true, false", "false, false", "true, true"})
    void validatesOverTls(boolean tcpNoDelay, boolean clientCertificate) throws Exception {
        // a test CA signs the broker's certificate (for localhost) and the gateway's client certificate
        Commands.run(dir, "openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2", "-subj", "/CN=test-ca",
                "-keyout", "ca.key", "-out", "ca.pem");
        Files.writeString(dir.resolve("san.ext"), "subjectAltName=DNS:localhost,IP:127.0.0.1\n");
        sign(dir, "server", "localhost", "san.ext");
        sign(dir, "client", "gateway", null);
        Commands.run(dir, "openssl", "pkcs12", "-export", "-in", "client.pem", "-inkey", "client.key", "-out", "client.p12",
                "-passout", "pass:changeit");
        String keytool = Path.of(System.getProperty("java.home"), "bin", "keytool").toString(); // the JDK's own
        Commands.run(dir, keytool, "-importcert", "-noprompt", "-alias", "test-ca", "-file", "ca.pem",
                "-keystore", "trust.p12", "-storetype", "PKCS12", "-storepass", "changeit");
        int tls = GatewayRunner.freePort();
        int plain = GatewayRunner.freePort();
        String config = "per_listener_settings false\nallow_anonymous true\nlistener " + plain + " 127.0.0.1\n"
                + "listener " + tls + " 127.0.0.1\ncafile " + dir.resolve("ca.pem") + "\ncertfile "
                + dir.resolve("server.pem") + "\nkeyfile " + dir.resolve("server.key") + "\n"
                + (clientCertificate ? "require_certificate true\nuse_identity_as_username true\n" : "");
        Map<String, String> settings = new HashMap<>(Map.of(
                "mqtt.broker.url", "ssl://localhost:" + tls,
                "mqtt.tcp-nodelay", String.valueOf(tcpNoDelay),
                "mqtt.tls.trust-store", dir.resolve("trust.p12").toString(),
                "mqtt.tls.trust-store-password", "changeit"));
        if (clientCertificate) {
            settings.put("mqtt.tls.key-store", dir.resolve("client.p12").toString());
            settings.put("mqtt.tls.key-store-password", "changeit");
        }
        try (Mosquitto broker = Mosquitto.start(dir, config, plain, tls);
             GatewayRunner gateway = GatewayRunner.start(dir.resolve("home"), settings);
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
            if (clientCertificate) {
                // the broker took the gateway's identity from its certificate
                assertThat(broker.log()).contains("u'gateway'");
            }
        }
    }

    /** Makes {@code <name>.key} and {@code <name>.pem}, signed by the test CA. */
    private static void sign(Path dir, String name, String commonName, String extensions) throws Exception {
        Commands.run(dir, "openssl", "req", "-newkey", "rsa:2048", "-nodes", "-subj", "/CN=" + commonName,
                "-keyout", name + ".key", "-out", name + ".csr");
        List<String> x509 = new ArrayList<>(List.of("openssl", "x509", "-req", "-in", name + ".csr", "-CA", "ca.pem",
                "-CAkey", "ca.key", "-CAcreateserial", "-days", "2", "-out", name + ".pem"));
        if (extensions != null) {
            x509.addAll(List.of("-extfile", extensions));
        }
        Commands.run(dir, x509.toArray(String[]::new));
    }
}
