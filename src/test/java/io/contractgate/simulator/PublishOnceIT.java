package io.contractgate.simulator;

import io.contractgate.testing.GatewayRunner;
import io.contractgate.testing.Mosquitto;
import io.contractgate.testing.MqttProbe;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The publish command as users run it, {@code java -jar target/contract-gateway.jar publish ...} in its own JVM:
 * against a running gateway whose embedded broker was moved (found from the working folder's application.properties
 * or the environment, without arguments), against a closed port, and against a broker the gateway does not read
 * (never a success there). Exit code and the one line are checked.
 */
class PublishOnceIT {

    static final String VALID = "{\"sensor_id\":\"s2-1\",\"pressure\":1000,\"status\":\"ok\"}";
    static final String TOO_HIGH = "{\"sensor_id\":\"s2-1\",\"pressure\":2000,\"status\":\"ok\"}";

    @TempDir
    Path tmp;

    record Result(int exit, List<String> out, List<String> err) {
    }

    /** Runs the jar's publish command in {@code dir} with {@code env} added to the environment. */
    static Result publish(Path dir, Map<String, String> env, String... args) throws Exception {
        Path jar = Path.of("target/contract-gateway.jar").toAbsolutePath();
        assertThat(jar).as("the jar is built in the package phase, before the ITs").isRegularFile();
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:TieredStopAtLevel=1", "-jar", jar.toString(), "publish"));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(dir.toFile());
        pb.environment().keySet().removeIf(k -> k.startsWith("MQTT_") || k.startsWith("ADMIN_"));
        pb.environment().putAll(env);
        Process p = pb.start();
        byte[] out = p.getInputStream().readAllBytes();
        byte[] err = p.getErrorStream().readAllBytes();
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("publish ends").isTrue();
        return new Result(p.exitValue(), new String(out, StandardCharsets.UTF_8).lines().toList(),
                new String(err, StandardCharsets.UTF_8).lines().toList());
    }

    @Test
    @Timeout(value = 120, unit = TimeUnit.SECONDS)
    void shouldPublishToTheGatewaysMovedEmbeddedBrokerWithoutArgumentsAndReportItsVerdict() throws Exception {
        Path home = tmp.resolve("gw");
        try (GatewayRunner gw = GatewayRunner.start(home, Map.of());
             MqttProbe probe = new MqttProbe(gw.brokerUrl(), "sensors/sensor2/validated")) {
            String port = gw.brokerUrl().substring(gw.brokerUrl().lastIndexOf(':') + 1);
            assertThat(port).isNotEqualTo("1883");
            // the moved port in the working folder's application.properties, as an operator would set it
            Files.writeString(home.resolve("application.properties"), "mqtt.embedded.port=" + port + "\n");

            Result ok = publish(home, Map.of(), "--user-property", "site=north", "--user-property", "line=3",
                    "sensors/sensor2", VALID);
            assertThat(ok.exit()).as("%s", ok).isZero();
            assertThat(ok.err()).isEmpty();
            assertThat(ok.out()).containsExactly("validated: published " + VALID.length() + " bytes to sensors/sensor2"
                    + " on " + gw.brokerUrl() + " (QoS 1, acknowledged); the gateway's validated copy arrived on"
                    + " sensors/sensor2/validated");
            await().atMost(Duration.ofSeconds(10)).until(() -> !probe.on("sensors/sensor2/validated").isEmpty());
            MqttProbe.Received copy = probe.on("sensors/sensor2/validated").get(0);
            assertThat(copy.text()).isEqualTo(VALID);
            assertThat(copy.userProperty("site")).isEqualTo("north");
            assertThat(copy.userProperty("line")).isEqualTo("3");

            // the environment overrides the file, as for the gateway; QoS 0 and a failing message
            Files.writeString(home.resolve("application.properties"), "mqtt.embedded.port=1\n");
            Result failed = publish(home, Map.of("MQTT_EMBEDDED_PORT", port), "--qos", "0", "sensors/sensor2",
                    TOO_HIGH);
            assertThat(failed.exit()).as("%s", failed).isZero();
            assertThat(failed.out()).containsExactly("failed: published " + TOO_HIGH.length()
                    + " bytes to sensors/sensor2 on " + gw.brokerUrl() + " (QoS 0, sent without acknowledgement); the"
                    + " gateway's failure report arrived on sensors/sensor2/failed: out_of_range (1 error)");
        }
    }

    /**
     * README: "export MQTT_EMBEDDED_PORT=1884 CAMEL_SERVER_PORT=8001" moves both ports, and every command follows: the
     * gateway as users start it (the jar, in its own folder) and the publish command, with nothing on the command line.
     */
    @Test
    @Timeout(value = 150, unit = TimeUnit.SECONDS)
    void shouldFollowBothPortsMovedByEnvironmentVariables() throws Exception {
        Path home = Files.createDirectories(tmp.resolve("moved"));
        for (String dir : List.of("routes", "schemas", "web")) {
            GatewayRunner.copyTree(Path.of(dir), home.resolve(dir));
        }
        Files.copy(Path.of("application.properties"), home.resolve("application.properties"));
        int mqtt = GatewayRunner.freePort();
        int http = GatewayRunner.freePort();
        Map<String, String> env = Map.of("MQTT_EMBEDDED_PORT", Integer.toString(mqtt),
                "CAMEL_SERVER_PORT", Integer.toString(http));
        ProcessBuilder pb = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m", "-XX:+UseSerialGC", "-jar", Path.of("target/contract-gateway.jar").toAbsolutePath().toString())
                .directory(home.toFile()).redirectErrorStream(true).redirectOutput(home.resolve("gateway.log").toFile());
        pb.environment().keySet().removeIf(k -> k.startsWith("MQTT_") || k.startsWith("CAMEL_") || k.startsWith("ADMIN_"));
        pb.environment().putAll(env);
        Process gateway = pb.start();
        try {
            java.net.http.HttpClient client = java.net.http.HttpClient.newHttpClient();
            await("gateway ready on the moved HTTP port").atMost(Duration.ofSeconds(90))
                    .failFast("the gateway exited", () -> !gateway.isAlive()).ignoreExceptions()
                    .until(() -> client.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create("http://127.0.0.1:"
                                    + http + "/observe/health/ready")).build(),
                            java.net.http.HttpResponse.BodyHandlers.ofString()).statusCode() == 200);
            String log = Files.readString(home.resolve("gateway.log"));
            assertThat(log).contains("broker     tcp://127.0.0.1:" + mqtt, "dashboard  http://127.0.0.1:" + http + "/")
                    .doesNotContain("HttpServer started on 127.0.0.1:8000");
            Result r = publish(home, env, "sensors/sensor2", VALID);
            assertThat(r.exit()).as("%s%n%s", r, log).isZero();
            assertThat(r.out()).hasSize(1).first(org.assertj.core.api.InstanceOfAssertFactories.STRING)
                    .startsWith("validated: published " + VALID.length() + " bytes to sensors/sensor2 on tcp://127.0.0.1:"
                            + mqtt + " ");
        } finally {
            gateway.destroy();
            gateway.waitFor(30, TimeUnit.SECONDS);
            gateway.destroyForcibly();
        }
    }

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void shouldFailWithOneLineAndExitCode1AgainstAClosedPort() throws Exception {
        int closed = GatewayRunner.freePort();
        Files.writeString(tmp.resolve("application.properties"), "mqtt.embedded.port=" + closed + "\n");
        Result r = publish(tmp, Map.of(), "sensors/sensor2", VALID);
        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.out()).isEmpty();
        assertThat(r.err()).containsExactly("publish: cannot connect to tcp://127.0.0.1:" + closed + " (broker from"
                + " the embedded broker's mqtt.embedded.port): Connection refused; is the gateway running? Started"
                + " with --mqtt.embedded.port=N, pass the same to publish");
    }

    @Test
    @Timeout(value = 90, unit = TimeUnit.SECONDS)
    void shouldNeverReportSuccessAgainstABrokerTheGatewayDoesNotRead() throws Exception {
        int port = GatewayRunner.freePort();
        Path brokerDir = Files.createDirectories(tmp.resolve("mosquitto"));
        Path work = Files.createDirectories(tmp.resolve("work"));
        GatewayRunner.copyTree(Path.of("routes"), work.resolve("routes"));
        try (Mosquitto other = Mosquitto.start(brokerDir, "listener " + port + " 127.0.0.1\nallow_anonymous true\n",
                port)) {
            String url = "tcp://127.0.0.1:" + port;
            // QoS 1: the broker itself says nobody reads the topic
            Result acked = publish(work, Map.of(), "--broker", url, "sensors/sensor2", VALID);
            assertThat(acked.exit()).as("%s", acked).isEqualTo(1);
            assertThat(acked.out()).isEmpty();
            assertThat(acked.err()).hasSize(1).first(org.assertj.core.api.InstanceOfAssertFactories.STRING).startsWith("publish: published ")
                    .endsWith("but the broker has no subscriber for sensors/sensor2: the gateway does not read this"
                            + " broker (broker from --broker)");
            // QoS 0: no acknowledgement to tell, so the missing answer does
            Result sent = publish(work, Map.of(), "--broker", url, "--qos", "0", "--wait", "2", "sensors/sensor2",
                    VALID);
            assertThat(sent.exit()).as("%s", sent).isEqualTo(1);
            assertThat(sent.out()).isEmpty();
            assertThat(sent.err()).containsExactly("publish: published " + VALID.length() + " bytes to sensors/sensor2"
                    + " on " + url + " (QoS 0, sent without acknowledgement) but no answer from the gateway on"
                    + " sensors/sensor2/validated or sensors/sensor2/failed within 2 s: is the gateway running on this"
                    + " broker? (broker from --broker)");
        }
    }
}
