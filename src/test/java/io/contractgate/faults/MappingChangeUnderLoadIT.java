package io.contractgate.faults;

import io.contractgate.testing.AdminHttp;
import io.contractgate.testing.GatewayRunner;
import io.contractgate.testing.Mosquitto;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Scenarios 4 and 5: admin API changes to a mapping under QoS 1 load against an external Mosquitto (persistence on):
 * its source topic changed to a wider filter and back (make before break), and the mapping disabled for ~2 s then
 * enabled (a pause: what arrives meanwhile waits in the session and comes out after enable). 0 lost either way.
 */
class MappingChangeUnderLoadIT {

    static final int RATE = 500;
    static final String TOPIC = "load/a";
    static final String USER = "admin";
    static final String PASSWORD = "fault-admin-secret";

    @TempDir
    Path tmp;
    private Mosquitto broker;
    private GatewayRunner gw;
    private String url;

    @BeforeEach
    void start() throws Exception {
        Path brokerDir = Files.createDirectories(tmp.resolve("mosquitto"));
        int port = GatewayRunner.freePort();
        url = "tcp://127.0.0.1:" + port;
        broker = Mosquitto.start(brokerDir, FaultLoad.mosquittoConfig(brokerDir, port, ""), port);
        // persistent sessions set explicitly: application.properties in the project root says clean-start=true
        gw = GatewayRunner.start(tmp.resolve("gw"), Map.of("mqtt.broker.url", url, "mqtt.clean-start", "false",
                "mqtt.session-expiry", "3600", "admin.username", USER, "admin.password", PASSWORD,
                "admin.config-dir", tmp.resolve("gw/config").toString(), "camel.server.host", "127.0.0.1"));
        HttpResponse<String> created = call("POST", "/api/mappings",
                "{\"id\":\"fa\",\"sourceTopic\":\"" + TOPIC + "\",\"contractId\":\"sensor1\"}");
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
    }

    @AfterEach
    void stop() throws Exception {
        try {
            if (gw != null) {
                gw.close();
            }
        } finally {
            if (broker != null) {
                broker.close();
            }
        }
    }

    private HttpResponse<String> call(String method, String path, String body) throws Exception {
        return new AdminHttp(gw.httpUrl(), USER, PASSWORD).send(method, path, body, null);
    }

    @Test
    @Timeout(value = 90, unit = TimeUnit.SECONDS)
    void sourceTopicChangedToAWiderFilterAndBackLosesNothing() throws Exception {
        int total = 12_000;
        try (FaultLoad.Collector out = new FaultLoad.Collector(url, TOPIC + "/validated", TOPIC + "/failed");
             FaultLoad.Publisher pub = new FaultLoad.Publisher(url, seq -> TOPIC, RATE, total)) {
            pub.start();
            await().atMost(Duration.ofSeconds(30)).until(() -> pub.next() >= total / 4);
            HttpResponse<String> wide = call("PUT", "/api/mappings/fa", "{\"sourceTopic\":\"load/+\",\"contractId\":\"sensor1\"}");
            assertThat(wide.statusCode()).as(wide.body()).isEqualTo(200);
            await().atMost(Duration.ofSeconds(30)).until(() -> pub.next() >= total / 2);
            HttpResponse<String> back = call("PUT", "/api/mappings/fa", "{\"sourceTopic\":\"" + TOPIC + "\",\"contractId\":\"sensor1\"}");
            assertThat(back.statusCode()).as(back.body()).isEqualTo(200);
            pub.awaitDone(Duration.ofSeconds(40));
            System.out.println("FAULT topic-change publisher: " + pub.describe() + "; reloads: " + wide.body() + " / "
                    + back.body());
            FaultLoad.assertNothingLost("source topic load/a -> load/+ -> load/a under load (" + RATE + " msg/s)",
                    pub.acked, out, seq -> FaultLoad.expectedOutput(TOPIC, seq), Duration.ofSeconds(30), 0.10);
        }
    }

    @Test
    @Timeout(value = 90, unit = TimeUnit.SECONDS)
    void disableForTwoSecondsThenEnableLosesNothing() throws Exception {
        int total = 8_000;
        try (FaultLoad.Collector out = new FaultLoad.Collector(url, TOPIC + "/validated", TOPIC + "/failed");
             FaultLoad.Publisher pub = new FaultLoad.Publisher(url, seq -> TOPIC, RATE, total)) {
            pub.start();
            await().atMost(Duration.ofSeconds(30)).until(() -> pub.next() >= total / 4);
            HttpResponse<String> disabled = call("POST", "/api/mappings/fa/disable", null);
            assertThat(disabled.statusCode()).as(disabled.body()).isEqualTo(200);
            int disabledFrom = pub.next(); // published after the route stopped: must wait in the session
            await().atMost(Duration.ofSeconds(30)).until(() -> pub.next() >= disabledFrom + 2 * RATE); // ~2 s
            long leakedWhileDisabled = out.bySeq.keySet().stream().filter(s -> s >= disabledFrom + 20).count();
            HttpResponse<String> enabled = call("POST", "/api/mappings/fa/enable", null);
            assertThat(enabled.statusCode()).as(enabled.body()).isEqualTo(200);
            int enabledAt = pub.next();
            pub.awaitDone(Duration.ofSeconds(40));
            System.out.println("FAULT disable/enable publisher: " + pub.describe() + "; disabled while seq "
                    + disabledFrom + ".." + enabledAt + " was published");
            assertThat(leakedWhileDisabled).as("outputs of inputs published while the mapping was disabled, seen "
                    + "before enable").isZero();
            FaultLoad.assertNothingLost("disable ~2 s + enable under load (" + RATE + " msg/s, "
                            + (enabledAt - disabledFrom) + " published while disabled)", pub.acked, out,
                    seq -> FaultLoad.expectedOutput(TOPIC, seq), Duration.ofSeconds(30), 0.10);
        }
    }
}
