package io.contractgate.mqtt;

import io.contractgate.testing.GatewayRunner;
import io.contractgate.testing.Mosquitto;
import io.contractgate.testing.MqttProbe;
import org.eclipse.paho.mqttv5.client.MqttClientException;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Each mapping's messages are handled on its MQTT client's receive thread, against a real Mosquitto: every message is
 * checked and published in order, Paho's callback thread stays parked (also the new one after the broker restarts),
 * and stopping the gateway does not wait for Paho's 30 s quiesce.
 */
class InlineDeliveryIT {

    private static final int N = 300;

    @TempDir
    Path dir;

    @Test
    void messagesAreHandledOnTheReceiveThreadBeforeAndAfterABrokerRestart() throws Exception {
        int port = GatewayRunner.freePort();
        String url = "tcp://127.0.0.1:" + port;
        String config = "listener " + port + " 127.0.0.1\nallow_anonymous true\n";
        Mosquitto broker = Mosquitto.start(dir, config, port);
        GatewayRunner gateway = GatewayRunner.start(dir.resolve("gw"),
                Map.of("mqtt.broker.url", url, "mqtt.client-id", "inline-it"));
        try {
            assertParked("inline-it-sensor1");
            assertParked("inline-it-sensor2");
            publishAndCheck(url, "before");

            broker.close();
            broker = Mosquitto.start(dir, config, port);
            // the consumers reconnect and re-subscribe; their new callback threads are parked again
            assertParked("inline-it-sensor1");
            assertParked("inline-it-sensor2");
            publishAndCheck(url, "after");
        } finally {
            long start = System.nanoTime();
            gateway.close();
            Duration took = Duration.ofNanos(System.nanoTime() - start);
            broker.close();
            // each consumer's disconnect would wait Paho's full 30 s quiesce if the parked thread broke it
            assertThat(took).as("gateway stop").isLessThan(Duration.ofSeconds(20));
        }
    }

    /** N valid readings per sensor, QoS 1: all validated, in publishing order on each topic. */
    private static void publishAndCheck(String url, String phase) throws Exception {
        try (MqttProbe probe = new MqttProbe(url, "sensors/+/validated", "sensors/+/failed")) {
            // the consumers may still be re-subscribing after a restart: wait until a probe message gets through
            await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(500)).until(() -> {
                probe.publish("sensors/sensor1", reading1(-1), 1, phase + "-probe");
                probe.publish("sensors/sensor2", reading2(-1), 1, phase + "-probe");
                return probe.forCase(phase + "-probe").stream().map(MqttProbe.Received::topic).distinct().count() == 2;
            });
            for (int i = 0; i < N; i++) {
                publish(probe, "sensors/sensor1", reading1(i), phase);
                publish(probe, "sensors/sensor2", reading2(i), phase);
            }
            await().atMost(Duration.ofSeconds(30)).until(() -> probe.forCase(phase).size() >= 2 * N);
            List<MqttProbe.Received> out = probe.forCase(phase);
            assertThat(out).hasSize(2 * N);
            for (String sensor : new String[]{"sensor1", "sensor2"}) {
                int[] order = out.stream().filter(r -> r.topic().equals("sensors/" + sensor + "/validated"))
                        .mapToInt(r -> index(r.text())).toArray();
                assertThat(order).as(sensor + " outputs in publishing order").hasSize(N)
                        .containsExactly(java.util.stream.IntStream.range(0, N).toArray());
            }
        }
    }

    /** QoS 1, waiting while the probe's own window is full (the probe's client does not wait for it). */
    private static void publish(MqttProbe probe, String topic, String payload, String caseId) throws Exception {
        while (true) {
            try {
                probe.publish(topic, payload, 1, caseId);
                return;
            } catch (MqttException e) {
                if (e.getReasonCode() != MqttClientException.REASON_CODE_MAX_INFLIGHT) {
                    throw e;
                }
                Thread.sleep(2);
            }
        }
    }

    private static String reading1(int i) {
        return "{\"sensor_id\":\"s1-" + i + "\",\"timestamp\":\"2026-11-27T00:00:00Z\",\"temperature\":21.5,"
                + "\"humidity\":40.2}";
    }

    private static String reading2(int i) {
        return "{\"sensor_id\":\"s2-" + i + "\",\"pressure\":1000.5,\"status\":\"ok\"}";
    }

    private static int index(String payload) {
        String id = payload.substring(payload.indexOf("\"sensor_id\":\"") + 13);
        return Integer.parseInt(id.substring(3, id.indexOf('"')));
    }

    /** Paho's callback thread of client {@code id} waits in the gateway's park, not in Paho's own loop. */
    private static void assertParked(String id) {
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(Thread.getAllStackTraces().entrySet())
                .filteredOn(e -> e.getKey().getName().equals("MQTT Call: " + id) && e.getKey().isAlive())
                .as("callback thread of " + id)
                .isNotEmpty()
                .allSatisfy(e -> assertThat(Arrays.toString(e.getValue())).contains("InlineDelivery.park")));
    }
}
