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

    @TempDir
    Path tmp;

    @Test
    @Timeout(value = 90, unit = TimeUnit.SECONDS)
    void killMinus9AgainstMosquittoLosesNothing() throws Exception {
        int port = GatewayRunner.freePort();
        String url = "tcp://127.0.0.1:" + port;
        try (Mosquitto broker = StreamUnderFault.mosquitto(tmp, port);
             GatewayProcess gw = new GatewayProcess(Files.createDirectories(tmp.resolve("gw")),
                     Map.of("mqtt.broker.url", url, "mqtt.client-id", "kill9",
                             "mqtt.clean-start", "false", "mqtt.session-expiry", "3600"))) {
            gw.start().awaitReady(Duration.ofSeconds(40));
            StreamUnderFault.run("kill-9/mosquitto", "gateway kill -9 against Mosquitto", url, RATE, TOTAL,
                    (pub, out) -> killAndRestart(gw, pub, out), gw::log);
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
            // the broker goes with the gateway: publisher and subscriber reconnect to the restarted one
            StreamUnderFault.run("kill-9/embedded", "gateway kill -9 on the embedded broker", url, RATE, TOTAL,
                    (pub, out) -> killAndRestart(gw, pub, out), gw::log);
        }
    }

    /** A third of the stream in, with outputs flowing: SIGKILL, then the same gateway started again. */
    private static void killAndRestart(GatewayProcess gw, FaultLoad.Publisher pub, FaultLoad.Collector out)
            throws Exception {
        await().atMost(Duration.ofSeconds(20)).until(() -> pub.next() >= TOTAL / 3 && out.total() > 100);
        gw.kill();
        gw.start().awaitReady(Duration.ofSeconds(40));
    }
}
