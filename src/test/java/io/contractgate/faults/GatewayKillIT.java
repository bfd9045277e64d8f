package io.contractgate.faults;

import io.contractgate.testing.GatewayProcess;
import io.contractgate.testing.GatewayRunner;
import io.contractgate.testing.Mosquitto;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.awaitility.Awaitility.await;

/**
 * Scenarios 2 and 3: the gateway, in its own JVM with the project's application.properties plus
 * mqtt.clean-start=false and mqtt.session-expiry (the shipped file still says clean-start=true, session-expiry=0), is killed with
 * SIGKILL mid-stream and started again, against an external Mosquitto and on the embedded broker (whose file
 * persistence must keep what it acknowledged). Nothing the broker acknowledged to the publisher may be lost.
 */
class GatewayKillIT {

    static final int RATE = 800;
    static final int TOTAL = 10_000;
    static final String TOPIC = "sensors/sensor1";

    @TempDir
    Path tmp;

    @Test
    @Timeout(value = 90, unit = TimeUnit.SECONDS)
    void killMinus9AgainstMosquittoLosesNothing() throws Exception {
        Path brokerDir = Files.createDirectories(tmp.resolve("mosquitto"));
        int port = GatewayRunner.freePort();
        String url = "tcp://127.0.0.1:" + port;
        try (Mosquitto broker = Mosquitto.start(brokerDir, FaultLoad.mosquittoConfig(brokerDir, port, ""), port);
             GatewayProcess gw = new GatewayProcess(Files.createDirectories(tmp.resolve("gw")),
                     Map.of("mqtt.broker.url", url, "mqtt.client-id", "kill9",
                             "mqtt.clean-start", "false", "mqtt.session-expiry", "3600"))) {
            gw.start().awaitReady(Duration.ofSeconds(40));
            try (FaultLoad.Collector out = new FaultLoad.Collector(url, TOPIC + "/validated", TOPIC + "/failed");
                 FaultLoad.Publisher pub = new FaultLoad.Publisher(url, seq -> TOPIC, RATE, TOTAL)) {
                pub.start();
                await().atMost(Duration.ofSeconds(20)).until(() -> pub.next() >= TOTAL / 3 && out.total() > 100);
                gw.kill();
                gw.start().awaitReady(Duration.ofSeconds(40));
                pub.awaitDone(Duration.ofSeconds(30));
                System.out.println("FAULT kill-9/mosquitto publisher: " + pub.describe());
                FaultLoad.assertNothingLost("gateway kill -9 against Mosquitto (" + RATE + " msg/s)", pub.acked, out,
                        seq -> FaultLoad.expectedOutput(TOPIC, seq), Duration.ofSeconds(30), 0.10);
            } catch (AssertionError e) {
                System.out.println(gw.log());
                throw e;
            }
        }
    }

    @Test
    @Timeout(value = 90, unit = TimeUnit.SECONDS)
    void killMinus9OnTheEmbeddedBrokerLosesNothing() throws Exception {
        int port = GatewayRunner.freePort();
        String url = "tcp://127.0.0.1:" + port;
        Path home = Files.createDirectories(tmp.resolve("gw"));
        try (GatewayProcess gw = new GatewayProcess(home, Map.of("mqtt.broker.url", "",
                "mqtt.embedded.port", Integer.toString(port), "mqtt.embedded.data-dir", home.resolve("broker-data")
                        .toString(), "mqtt.client-id", "kill9e", "mqtt.clean-start", "false", "mqtt.session-expiry", "3600"))) {
            gw.start().awaitReady(Duration.ofSeconds(40));
            try (FaultLoad.Collector out = new FaultLoad.Collector(url, TOPIC + "/validated", TOPIC + "/failed");
                 FaultLoad.Publisher pub = new FaultLoad.Publisher(url, seq -> TOPIC, RATE, TOTAL)) {
                pub.start();
                await().atMost(Duration.ofSeconds(20)).until(() -> pub.next() >= TOTAL / 3 && out.total() > 100);
                gw.kill(); // the broker goes too: publisher and subscriber reconnect to the restarted one
                gw.start().awaitReady(Duration.ofSeconds(40));
                pub.awaitDone(Duration.ofSeconds(30));
                System.out.println("FAULT kill-9/embedded publisher: " + pub.describe());
                FaultLoad.assertNothingLost("gateway kill -9 on the embedded broker (" + RATE + " msg/s)", pub.acked,
                        out, seq -> FaultLoad.expectedOutput(TOPIC, seq), Duration.ofSeconds(30), 0.10);
            } catch (AssertionError e) {
                System.out.println(gw.log());
                throw e;
            }
        }
    }
}
