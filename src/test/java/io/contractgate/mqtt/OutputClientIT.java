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
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The gateway's output client against a real Mosquitto whose receive window is two messages: publishers wait for room
 * instead of failing, every output arrives in order and is reported acknowledged exactly once, a publish the broker
 * refuses (PUBACK "not authorized") or cannot take (broker down) is reported failed, never silently dropped.
 */
class OutputClientIT {

    @TempDir
    Path dir;

    @Test
    void qos1OutputsWaitForTheBrokersWindowAndEachIsReportedAcknowledgedOnce() throws Exception {
        try (Broker b = new Broker(dir, ""); MqttProbe probe = new MqttProbe(b.url, "out/#")) {
            OutputClient client = b.client("it-window");
            int perThread = 3000;
            int topics = 12; // more than Mosquitto's 10 topic aliases; new topics appear while the window is full
            AtomicInteger ok = new AtomicInteger();
            ConcurrentLinkedQueue<Throwable> failures = new ConcurrentLinkedQueue<>();
            ExecutorService threads = Executors.newFixedThreadPool(2);
            List<Future<?>> runs = new ArrayList<>();
            for (String thread : new String[]{"a", "b"}) { // two routes' threads share the one client
                runs.add(threads.submit(() -> {
                    for (int i = 0; i < perThread; i++) {
                        client.publish("out/" + thread + "/" + i % topics, message(Integer.toString(i), 1), f -> {
                            if (f == null) {
                                ok.incrementAndGet();
                            } else {
                                failures.add(f);
                            }
                        });
                    }
                    return null;
                }));
            }
            for (Future<?> run : runs) {
                run.get();
            }
            threads.shutdown();
            await().atMost(Duration.ofSeconds(60)).until(() -> ok.get() + failures.size() >= 2 * perThread);
            assertThat(failures).isEmpty();
            assertThat(ok.get()).isEqualTo(2 * perThread);
            await().atMost(Duration.ofSeconds(60)).until(() -> probe.received().size() >= 2 * perThread);
            assertInOrderPerTopic(probe, 2 * topics, perThread / topics);
            assertThat(client.acknowledged()).isEqualTo(2 * perThread);
            assertThat(client.failed()).isZero();
            assertThat(client.inFlight()).isZero();
            assertThat(b.mosquitto.log()).as("the broker never dropped the client").doesNotContain("disconnected");
        }
    }

    @Test
    void aPublishTheBrokerRefusesIsReportedFailed() throws Exception {
        Path acl = Files.writeString(dir.resolve("acl"), "topic readwrite allowed/#\n");
        try (Broker b = new Broker(dir, "acl_file " + acl + "\n")) {
            OutputClient client = b.client("it-refused");
            List<Throwable> outcome = new java.util.concurrent.CopyOnWriteArrayList<>();
            AtomicInteger calls = new AtomicInteger();
            client.publish("denied/x", message("no", 1), f -> {
                calls.incrementAndGet();
                outcome.add(f == null ? new AssertionError("reported acknowledged") : f);
            });
            client.publish("allowed/x", message("yes", 1), f -> {
                calls.incrementAndGet();
                if (f != null) {
                    outcome.add(new AssertionError("allowed topic failed: " + f));
                }
            });
            await().atMost(Duration.ofSeconds(10)).until(() -> calls.get() == 2);
            assertThat(outcome).singleElement().satisfies(f -> assertThat(f.getMessage()).isNotNull());
            assertThat(client.failed()).isEqualTo(1);
            assertThat(client.acknowledged()).isEqualTo(1);
        }
    }

    @Test
    void whileTheBrokerIsDownAPublishFailsAtOnceAndAfterItIsBackItSucceeds() throws Exception {
        Broker b = new Broker(dir, "");
        try {
            OutputClient client = b.client("it-outage");
            b.mosquitto.close();
            await().atMost(Duration.ofSeconds(10)).until(() -> !client.isConnected());
            List<Throwable> failures = new java.util.concurrent.CopyOnWriteArrayList<>();
            for (int i = 0; i < 50; i++) {
                client.publish("outage/x", message(Integer.toString(i), 1),
                        f -> failures.add(f == null ? new AssertionError("acknowledged by a stopped broker") : f));
            }
            await().atMost(Duration.ofSeconds(5)).until(() -> failures.size() == 50);
            assertThat(failures).allSatisfy(f -> assertThat(f).isNotInstanceOf(AssertionError.class));
            assertThat(client.failed()).isEqualTo(50);
            b.restart();
            await().atMost(Duration.ofSeconds(30)).until(client::isConnected);
            try (MqttProbe probe = new MqttProbe(b.url, "outage/#")) {
                AtomicInteger ok = new AtomicInteger();
                client.publish("outage/after", message("after", 1), f -> ok.incrementAndGet());
                await().atMost(Duration.ofSeconds(10)).until(() -> probe.received().stream()
                        .anyMatch(r -> r.topic().equals("outage/after")));
                assertThat(ok.get()).isEqualTo(1);
            }
        } finally {
            b.close();
        }
    }

    @Test
    void disconnectWaitsForTheOutputsInFlight() throws Exception {
        try (Broker b = new Broker(dir, ""); MqttProbe probe = new MqttProbe(b.url, "drain/#")) {
            OutputClient client = b.client("it-drain");
            int n = 300;
            for (int i = 0; i < n; i++) {
                client.publish("drain/" + i % 3, message(Integer.toString(i), 1), f -> { });
            }
            client.disconnect(30_000);
            assertThat(client.isConnected()).isFalse();
            assertThat(client.acknowledged()).as("acknowledged before the disconnect").isEqualTo(n);
            await().atMost(Duration.ofSeconds(30)).until(() -> probe.received().size() >= n);
        }
    }

    private static void assertInOrderPerTopic(MqttProbe probe, int topics, int perTopic) {
        Map<String, List<Integer>> byTopic = new java.util.TreeMap<>();
        probe.received().forEach(r -> byTopic.computeIfAbsent(r.topic(), t -> new ArrayList<>())
                .add(Integer.parseInt(r.text())));
        assertThat(byTopic).hasSize(topics);
        byTopic.forEach((topic, order) -> assertThat(order).as(topic).hasSize(perTopic).isSorted());
    }

    private static MqttMessage message(String text, int qos) {
        MqttMessage m = new MqttMessage(text.getBytes(StandardCharsets.UTF_8));
        m.setQos(qos);
        return m;
    }

    /** A Mosquitto with a receive window of two in-flight messages per client (it advertises it in its CONNACK). */
    private static final class Broker implements AutoCloseable {
        final String url;
        private final Path dir;
        private final int port;
        private final String extra;
        Mosquitto mosquitto;
        private final List<OutputClient> clients = new ArrayList<>();

        Broker(Path dir, String extra) throws Exception {
            this.dir = dir;
            this.extra = extra;
            port = GatewayRunner.freePort();
            url = "tcp://127.0.0.1:" + port;
            restart();
        }

        void restart() throws Exception {
            // the window of 2 holds back the test's subscriber too: let the broker queue for it instead of dropping
            mosquitto = Mosquitto.start(dir, "listener " + port + " 127.0.0.1\nallow_anonymous true\n"
                    + "max_inflight_messages 2\nmax_queued_messages 1000000\n" + extra, port);
        }

        OutputClient client(String id) throws Exception {
            OutputClient c = new OutputClient(url, id);
            clients.add(c);
            c.connect(BrokerSettings.from(Map.of("mqtt.broker.url", url)::get));
            return c;
        }

        @Override
        public void close() throws Exception {
            for (OutputClient c : clients) {
                c.close();
            }
            mosquitto.close();
        }
    }
}
