package io.contractgate.faults;

import io.contractgate.testing.GatewayRunner;
import io.contractgate.testing.Mosquitto;
import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.awaitility.Awaitility.await;

/**
 * The gateway's output connection drops while outputs are in flight (here: another client takes over its client id,
 * so Mosquitto closes it; the same happens on a network blip or a keep-alive timeout), three times under load. The
 * output client must reconnect and carry on; nothing acknowledged to the publisher may be lost.
 *
 * <p>Against Paho 1.2.5 with a persistent output session this never recovered: Paho keeps an in-flight PUBLISH whose
 * topic it replaced by a topic alias and resends it after the reconnect with the old connection's alias and an empty
 * topic, so Mosquitto closes the connection for a protocol error, at every reconnect.
 */
class OutputConnectionLossIT {

    static final int RATE = 1_000;
    static final int TOTAL = 10_000;
    @TempDir
    Path tmp;

    @Test
    @Timeout(value = 90, unit = TimeUnit.SECONDS)
    void outputConnectionDroppedWithOutputsInFlightLosesNothing() throws Exception {
        int port = GatewayRunner.freePort();
        String url = "tcp://127.0.0.1:" + port;
        try (Mosquitto broker = StreamUnderFault.mosquitto(tmp, port);
             GatewayRunner gw = GatewayRunner.start(tmp.resolve("gw"), Map.of("mqtt.broker.url", url,
                     "mqtt.client-id", "takeover", "mqtt.clean-start", "false", "mqtt.session-expiry", "3600"))) {
            StreamUnderFault.run("output-connection-loss", "output connection dropped 3x with outputs in flight", url,
                    RATE, TOTAL, (pub, out) -> {
                        for (int i = 1; i <= 3; i++) {
                            int at = TOTAL * i / 5;
                            await().atMost(Duration.ofSeconds(30)).until(() -> pub.next() >= at);
                            takeOver(url, "takeover-out"); // Mosquitto closes the gateway's output connection
                        }
                    }, () -> "mosquitto log:\n" + FaultLoad.tail(broker.log(), 40));
        }
    }

    /** Connects (and leaves) with {@code clientId}: the broker disconnects the client that held it. */
    private static void takeOver(String url, String clientId) throws Exception {
        MqttAsyncClient c = new MqttAsyncClient(url, clientId, new MemoryPersistence());
        try {
            MqttConnectionOptions o = new MqttConnectionOptions();
            o.setCleanStart(false);
            o.setSessionExpiryInterval(3_600L);
            c.connect(o).waitForCompletion(5_000);
            c.disconnect(0).waitForCompletion(5_000);
        } finally {
            c.close(true);
        }
    }
}
