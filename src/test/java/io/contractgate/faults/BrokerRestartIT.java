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
 * port, once and four times in a row; gateway in-process, publisher and output subscriber reconnect with their
 * persistent sessions. Nothing the broker acknowledged to the publisher may be lost.
 */
class BrokerRestartIT {

    static final int RATE = 1_000;
    static final int TOTAL = 12_000;
    static final String TOPIC = "sensors/sensor1";

    @TempDir
    Path tmp;

    /** Stops Mosquitto with SIGTERM (it saves its persistence file on the way out) and starts it again. */
    private interface Restart {
        void restart() throws Exception;
    }

    private interface Restarts {
        void strike(FaultLoad.Publisher pub, FaultLoad.Collector out, Restart restart) throws Exception;
    }

    @Test
    @Timeout(value = 90, unit = TimeUnit.SECONDS)
    void brokerRestartMidStreamLosesNothing() throws Exception {
        streamWithRestarts("broker-restart", "broker-restart (Mosquitto SIGTERM + start, " + RATE + " msg/s)", RATE,
                TOTAL, (pub, out, restart) -> {
                    await().atMost(Duration.ofSeconds(30)).until(() -> pub.next() >= TOTAL / 3 && out.total() > 0);
                    restart.restart();
                });
    }

    /** The broker drops the gateway again and again: stopped and started 4 times, each once outputs flow again. */
    @Test
    @Timeout(value = 150, unit = TimeUnit.SECONDS)
    void repeatedBrokerRestartsLoseNothing() throws Exception {
        streamWithRestarts("broker-restart x4", "4 broker restarts (Mosquitto SIGTERM + start, " + RATE / 2 + " msg/s)",
                RATE / 2, 16_000, (pub, out, restart) -> {
                    for (int i = 1; i <= 4; i++) {
                        long seen = out.total();
                        int published = pub.next();
                        // outputs flowing again since the last restart, and the publisher moved on
                        await().atMost(Duration.ofSeconds(40))
                                .until(() -> out.total() > seen + 200 && pub.next() > published + 500);
                        restart.restart();
                    }
                });
    }

    /**
     * A gateway in-process on an external Mosquitto (persistence on) that {@code restarts} restarts on the same port
     * while {@code total} messages are published at {@code rate}; publisher and output subscriber reconnect with their
     * persistent sessions. Nothing the broker acknowledged to the publisher may be lost.
     */
    private void streamWithRestarts(String tag, String scenario, int rate, int total, Restarts restarts)
            throws Exception {
        Path brokerDir = Files.createDirectories(tmp.resolve("mosquitto"));
        int port = GatewayRunner.freePort();
        String url = "tcp://127.0.0.1:" + port;
        String config = FaultLoad.mosquittoConfig(brokerDir, port, "");
        Mosquitto[] broker = {Mosquitto.start(brokerDir, config, port)};
        // application.properties in the project root (the failsafe working folder) still says clean-start=true and
        // session-expiry=0: the test asks for the persistent sessions the transport is designed for
        try (GatewayRunner gw = GatewayRunner.start(tmp.resolve("gw"), Map.of("mqtt.broker.url", url,
                "mqtt.clean-start", "false", "mqtt.session-expiry", "3600"));
             FaultLoad.Collector out = new FaultLoad.Collector(url, TOPIC + "/validated", TOPIC + "/failed");
             FaultLoad.Publisher pub = new FaultLoad.Publisher(url, seq -> TOPIC, rate, total)) {
            pub.start();
            restarts.strike(pub, out, () -> {
                broker[0].close();
                broker[0] = Mosquitto.start(brokerDir, config, port);
            });
            pub.awaitDone(Duration.ofSeconds(60));
            System.out.println("FAULT " + tag + " publisher: " + pub.describe());
            FaultLoad.assertNothingLost(scenario, pub.acked, out, seq -> FaultLoad.expectedOutput(TOPIC, seq),
                    Duration.ofSeconds(60), 0.10);
        } catch (AssertionError | RuntimeException e) {
            System.out.println("mosquitto log:\n" + FaultLoad.tail(broker[0].log(), 80));
            throw e;
        } finally {
            broker[0].close();
        }
    }
}
