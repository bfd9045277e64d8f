package io.contractgate.faults;

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
 * Scenario 1: an external Mosquitto (persistence on) is stopped with SIGTERM mid-stream and started again on the same
 * port; gateway in-process, publisher and output subscriber reconnect with their persistent sessions. Nothing the
 * broker acknowledged to the publisher may be lost.
 */
class BrokerRestartIT {

    static final int RATE = 1_000;
    static final int TOTAL = 12_000;
    static final String TOPIC = "sensors/sensor1";

    @TempDir
    Path tmp;

    @Test
    @Timeout(value = 90, unit = TimeUnit.SECONDS)
    void brokerRestartMidStreamLosesNothing() throws Exception {
        Path brokerDir = Files.createDirectories(tmp.resolve("mosquitto"));
        int port = GatewayRunner.freePort();
        String url = "tcp://127.0.0.1:" + port;
        String config = FaultLoad.mosquittoConfig(brokerDir, port, "");
        Mosquitto broker = Mosquitto.start(brokerDir, config, port);
        // application.properties in the project root (the failsafe working folder) still says clean-start=true and
        // session-expiry=0: the test asks for the persistent sessions the transport is designed for
        try (GatewayRunner gw = GatewayRunner.start(tmp.resolve("gw"), Map.of("mqtt.broker.url", url,
                "mqtt.clean-start", "false", "mqtt.session-expiry", "3600"));
             FaultLoad.Collector out = new FaultLoad.Collector(url, TOPIC + "/validated", TOPIC + "/failed");
             FaultLoad.Publisher pub = new FaultLoad.Publisher(url, seq -> TOPIC, RATE, TOTAL)) {
            pub.start();
            await().atMost(Duration.ofSeconds(30)).until(() -> pub.next() >= TOTAL / 3 && out.total() > 0);
            broker.close(); // SIGTERM: Mosquitto saves its persistence file on the way out
            broker = Mosquitto.start(brokerDir, config, port);
            pub.awaitDone(Duration.ofSeconds(45));
            System.out.println("FAULT broker-restart publisher: " + pub.describe());
            FaultLoad.assertNothingLost("broker-restart (Mosquitto SIGTERM + start, " + RATE + " msg/s)", pub.acked,
                    out, seq -> FaultLoad.expectedOutput(TOPIC, seq), Duration.ofSeconds(30), 0.10);
        } catch (AssertionError | RuntimeException e) {
            System.out.println("mosquitto log:\n" + FaultLoad.tail(broker.log(), 80));
            throw e;
        } finally {
            broker.close();
        }
    }

    /** The broker drops the gateway again and again: stopped and started 4 times, each once outputs flow again. */
    @Test
    @Timeout(value = 150, unit = TimeUnit.SECONDS)
    void repeatedBrokerRestartsLoseNothing() throws Exception {
        Path brokerDir = Files.createDirectories(tmp.resolve("mosquitto"));
        int port = GatewayRunner.freePort();
        String url = "tcp://127.0.0.1:" + port;
        String config = FaultLoad.mosquittoConfig(brokerDir, port, "");
        Mosquitto broker = Mosquitto.start(brokerDir, config, port);
        int total = 16_000;
        try (GatewayRunner gw = GatewayRunner.start(tmp.resolve("gw"), Map.of("mqtt.broker.url", url,
                "mqtt.clean-start", "false", "mqtt.session-expiry", "3600"));
             FaultLoad.Collector out = new FaultLoad.Collector(url, TOPIC + "/validated", TOPIC + "/failed");
             FaultLoad.Publisher pub = new FaultLoad.Publisher(url, seq -> TOPIC, RATE / 2, total)) {
            pub.start();
            for (int restart = 1; restart <= 4; restart++) {
                long seen = out.total();
                int published = pub.next();
                // outputs flowing again since the last restart, and the publisher moved on
                await().atMost(Duration.ofSeconds(40)).until(() -> out.total() > seen + 200 && pub.next() > published + 500);
                broker.close();
                broker = Mosquitto.start(brokerDir, config, port);
            }
            pub.awaitDone(Duration.ofSeconds(60));
            System.out.println("FAULT broker-restart x4 publisher: " + pub.describe());
            FaultLoad.assertNothingLost("4 broker restarts (Mosquitto SIGTERM + start, " + RATE / 2 + " msg/s)",
                    pub.acked, out, seq -> FaultLoad.expectedOutput(TOPIC, seq), Duration.ofSeconds(60), 0.10);
        } catch (AssertionError | RuntimeException e) {
            System.out.println("mosquitto log:\n" + FaultLoad.tail(broker.log(), 80));
            throw e;
        } finally {
            broker.close();
        }
    }
}
