package io.contractgate.mqtt;

import io.contractgate.testing.GatewayRunner;
import io.contractgate.testing.Mosquitto;
import io.contractgate.testing.MqttProbe;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The gateway's output client against a real Mosquitto whose receive window is two messages: publishers wait for room
 * instead of failing, every output arrives in order, bursts share system calls, and a lone message is not held back.
 */
class OutputClientIT {

    @TempDir
    Path dir;

    @Test
    void qos1OutputsWaitForTheBrokersWindowAndArriveInOrderOnEveryTopic() throws Exception {
        try (Broker b = new Broker(dir); MqttProbe probe = new MqttProbe(b.url, "out/#")) {
            PipelinedMqttClient client = b.client("it-window");
            assertNoCallbackThread("it-window");
            int perThread = 3000;
            int topics = 12; // more than Mosquitto's 10 topic aliases; new topics appear while the window is full
            ExecutorService threads = Executors.newFixedThreadPool(2);
            List<Future<?>> runs = new ArrayList<>();
            for (String thread : new String[]{"a", "b"}) { // two routes' threads share the one client
                runs.add(threads.submit(() -> {
                    for (int i = 0; i < perThread; i++) {
                        client.publish("out/" + thread + "/" + i % topics, message(Integer.toString(i), 1));
                    }
                    return null;
                }));
            }
            for (Future<?> run : runs) {
                run.get(); // no "too many publishes in progress" reaches the caller
            }
            threads.shutdown();
            await().atMost(Duration.ofSeconds(60)).until(() -> probe.received().size() >= 2 * perThread);
            assertInOrderPerTopic(probe, 2 * topics, perThread / topics);
            await().atMost(Duration.ofSeconds(10)).until(() -> client.delivered() == 2 * perThread);
            assertThat(client.failed()).isZero();
            assertThat(b.mosquitto.log()).as("the broker never dropped the client").doesNotContain("disconnected");
        }
    }

    @Test
    void outputsPublishedWhileTheBrokerIsDownArriveInOrderWhenItIsBack() throws Exception {
        Broker b = new Broker(dir);
        try {
            PipelinedMqttClient client = b.client("it-outage");
            b.mosquitto.close();
            await().atMost(Duration.ofSeconds(10)).until(() -> !client.isConnected());
            int n = 300;
            int topics = 3;
            for (int i = 0; i < n; i++) { // buffered, or held while Paho tries to reconnect
                client.publish("outage/" + i % topics, message(Integer.toString(i), 1));
            }
            b.restart();
            try (MqttProbe probe = new MqttProbe(b.url, "outage/#")) {
                // the subscriber may connect after the first replayed outputs: count from the client's side too
                await().atMost(Duration.ofSeconds(60)).until(() -> client.delivered() == n);
                assertThat(client.failed()).isZero();
                assertThat(client.isConnected()).isTrue();
                assertNoCallbackThread("it-outage"); // stopped again after the reconnect
                assertThat(b.mosquitto.log()).as("the broker never dropped the client")
                        .doesNotContain("protocol error");
                client.publish("outage/after", message("after", 1));
                await().atMost(Duration.ofSeconds(10)).until(() -> probe.received().stream()
                        .anyMatch(r -> r.topic().equals("outage/after")));
            }
        } finally {
            b.close();
        }
    }

    @Test
    void disconnectWaitsForTheOutputsInFlightButNotForPahosQuiesce() throws Exception {
        try (Broker b = new Broker(dir); MqttProbe probe = new MqttProbe(b.url, "drain/#")) {
            PipelinedMqttClient client = b.client("it-drain");
            int n = 3000;
            for (int i = 0; i < n; i++) {
                client.publish("drain/" + i % 3, message(Integer.toString(i), 1));
            }
            long start = System.nanoTime();
            client.disconnect(); // right away: most outputs are still queued behind the window of 2
            Duration took = Duration.ofNanos(System.nanoTime() - start);
            assertThat(client.isConnected()).isFalse();
            assertThat(client.delivered()).as("acknowledged before the disconnect").isEqualTo(n);
            await().atMost(Duration.ofSeconds(30)).until(() -> probe.received().size() >= n);
            // Paho's own quiesce waits for the callback thread this client stops, i.e. its full 30 s
            assertThat(took).as("disconnect time").isLessThan(Duration.ofSeconds(20));
            assertThat(b.mosquitto.log()).doesNotContain("protocol error");
        }
    }

    /** Paho's callback thread of client {@code id} ends soon after each connect: completions are finished inline. */
    private static void assertNoCallbackThread(String id) {
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(Thread.getAllStackTraces().keySet())
                .filteredOn(t -> t.getName().equals("MQTT Call: " + id) && t.isAlive()).isEmpty());
    }

    private static void assertInOrderPerTopic(MqttProbe probe, int topics, int perTopic) {
        Map<String, List<Integer>> byTopic = new java.util.TreeMap<>();
        probe.received().forEach(r -> byTopic.computeIfAbsent(r.topic(), t -> new ArrayList<>())
                .add(Integer.parseInt(r.text())));
        assertThat(byTopic).hasSize(topics);
        byTopic.forEach((topic, order) -> assertThat(order).as(topic).hasSize(perTopic).isSorted());
    }

    @Test
    void aBurstSharesWriteCallsAndALoneMessageLeavesAtOnce() throws Exception {
        try (Broker b = new Broker(dir); MqttProbe probe = new MqttProbe(b.url, "burst/#")) {
            PipelinedMqttClient client = b.client("it-burst");
            int n = 5000;
            long writesBefore = writeCalls();
            for (int i = 0; i < n; i++) {
                client.publish("burst/x", message(Integer.toString(i), 0));
            }
            await().atMost(Duration.ofSeconds(30)).until(() -> probe.received().size() >= n);
            long writes = writeCalls() - writesBefore;
            // Paho alone makes one write call per message; the whole test JVM made far fewer
            assertThat(writes).as("write system calls of this JVM for %d messages", n).isLessThan(n / 2);

            client.publish("burst/alone", message("last", 0));
            await().atMost(Duration.ofSeconds(2))
                    .until(() -> probe.received().stream().anyMatch(r -> r.topic().equals("burst/alone")));
        }
    }

    private static MqttMessage message(String text, int qos) {
        MqttMessage m = new MqttMessage(text.getBytes(StandardCharsets.UTF_8));
        m.setQos(qos);
        return m;
    }

    /** Write system calls this process has made so far (Linux). */
    private static long writeCalls() throws Exception {
        return Files.readAllLines(Path.of("/proc/self/io")).stream().filter(l -> l.startsWith("syscw:"))
                .mapToLong(l -> Long.parseLong(l.substring(6).trim())).findFirst().orElseThrow();
    }

    /** A Mosquitto with a receive window of two in-flight messages per client (it advertises it in its CONNACK). */
    private static final class Broker implements AutoCloseable {
        final String url;
        private final Path dir;
        private final int port;
        Mosquitto mosquitto;
        private final List<PipelinedMqttClient> clients = new ArrayList<>();

        Broker(Path dir) throws Exception {
            this.dir = dir;
            port = GatewayRunner.freePort();
            url = "tcp://127.0.0.1:" + port;
            restart();
        }

        void restart() throws Exception {
            // the window of 2 holds back the test's subscriber too: let the broker queue for it instead of dropping
            // (its default queue is 1,000 messages)
            mosquitto = Mosquitto.start(dir, "listener " + port + " 127.0.0.1\nallow_anonymous true\n"
                    + "max_inflight_messages 2\nmax_queued_messages 1000000\n", port);
        }

        PipelinedMqttClient client(String id) throws Exception {
            PipelinedMqttClient c = new PipelinedMqttClient(url, id);
            clients.add(c);
            c.connect(BrokerSettings.from(Map.of("mqtt.broker.url", url)::get), 1000);
            return c;
        }

        @Override
        public void close() throws Exception {
            for (PipelinedMqttClient c : clients) {
                if (c.isConnected()) {
                    c.disconnectForcibly(1000);
                }
                c.close();
            }
            mosquitto.close();
        }
    }
}
