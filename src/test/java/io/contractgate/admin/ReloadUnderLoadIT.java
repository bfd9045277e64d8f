package io.contractgate.admin;

import io.contractgate.testing.AdminHttp;
import io.contractgate.testing.GatewayRunner;
import io.contractgate.testing.MqttProbe;
import com.fasterxml.jackson.databind.JsonNode;
import org.apache.camel.Route;
import org.apache.camel.api.management.ManagedCamelContext;
import org.apache.camel.spi.CamelEvent;
import org.apache.camel.support.EventNotifierSupport;
import org.apache.camel.support.service.ServiceHelper;
import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Collectors;

import static io.contractgate.testing.AdminHttp.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Reload under load: QoS 1 traffic at a steady rate to two mappings (A and B) while A's contract changes, a third
 * mapping is added and deleted, and A's validated topic is edited. B must lose nothing and never stop; A must follow
 * the new contract right after the save; A's reload pause is measured and reported.
 */
class ReloadUnderLoadIT {

    /** Messages per second over both mappings together. */
    static final int RATE = Integer.getInteger("reload.rate", 500);
    static final int SECONDS = Integer.getInteger("reload.seconds", 20);
    /**
     * -Dreload.persistent-session=true runs the gateway with mqtt.clean-start=false and a session expiry, so the broker
     * queues A's messages while A's consumer is swapped (the default, clean start, drops them).
     */
    static final boolean PERSISTENT = Boolean.getBoolean("reload.persistent-session");
    static final String CONTRACT = "{\"type\":\"object\",\"properties\":{\"seq\":{\"type\":\"integer\"},"
            + "\"v\":{\"type\":\"number\",\"maximum\":%d}},\"required\":[\"seq\",\"v\"]}";

    @TempDir
    Path tmp;

    record Published(int seq, int v, long nanos) {
    }

    @Test
    void mappingBLosesNothingAndNeverStopsWhileAChanges() throws Exception {
        GatewayRunner.prepare(tmp);
        Map<String, String> extra = PERSISTENT ? Map.of("mqtt.clean-start", "false", "mqtt.session-expiry", "60") : Map.of();
        try (GatewayRunner app = GatewayRunner.startWithLogins(tmp, extra)) {
            AdminHttp admin = app.admin();
            assertThat(admin.put("/api/contracts/la", CONTRACT.formatted(1000)).statusCode()).isEqualTo(201);
            assertThat(admin.put("/api/contracts/lb", CONTRACT.formatted(1000)).statusCode()).isEqualTo(201);
            assertThat(admin.post("/api/mappings", "{\"id\":\"a\",\"sourceTopic\":\"load/a\",\"contractId\":\"la\"}").statusCode()).isEqualTo(201);
            assertThat(admin.post("/api/mappings", "{\"id\":\"b\",\"sourceTopic\":\"load/b\",\"contractId\":\"lb\"}").statusCode()).isEqualTo(201);

            // every lifecycle event of every route, from Camel itself
            List<String> routeEvents = new CopyOnWriteArrayList<>();
            EventNotifierSupport notifier = new EventNotifierSupport() {
                @Override
                public void notify(CamelEvent event) {
                    if (event instanceof CamelEvent.RouteEvent re) {
                        routeEvents.add(re.getRoute().getRouteId() + " " + event.getType());
                    }
                }
            };
            app.context().getManagementStrategy().addEventNotifier(notifier);
            ServiceHelper.startService(notifier);
            Route routeB = app.context().getRoute("mapping-b");
            ManagedCamelContext mcc = app.context().getCamelContextExtension().getContextPlugin(ManagedCamelContext.class);
            long bExchangesBefore = mcc.getManagedRoute("mapping-b").getExchangesTotal();

            try (MqttProbe out = new MqttProbe(app.brokerUrl(), "load/a/+", "load/b/+")) {
                List<Published> sentA = new CopyOnWriteArrayList<>();
                List<Published> sentB = new CopyOnWriteArrayList<>();
                AtomicLong errors = new AtomicLong();
                Thread publisher = new Thread(() -> publish(app.brokerUrl(), sentA, sentB, errors), "load-publisher");
                long start = System.nanoTime();
                publisher.start();

                atSecond(start, SECONDS * 0.2);
                HttpResponse<String> contract = admin.put("/api/contracts/la?acceptBreak=true", CONTRACT.formatted(50));
                assertThat(contract.statusCode()).as(contract.body()).isEqualTo(200);
                String newHash = json(contract).get("hash").asText();
                int aSeqAfterContract = lastSeq(sentA);

                atSecond(start, SECONDS * 0.4);
                HttpResponse<String> addC = admin.post("/api/mappings", "{\"id\":\"c\",\"sourceTopic\":\"load/c/+\",\"contractId\":\"lb\"}");
                assertThat(addC.statusCode()).as(addC.body()).isEqualTo(201);
                atSecond(start, SECONDS * 0.5);
                assertThat(admin.delete("/api/mappings/c").statusCode()).isEqualTo(200);

                atSecond(start, SECONDS * 0.6);
                long editStarted = System.nanoTime();
                // messages published 200 ms before the edit began were handled by the old route for sure
                int aSeqBeforeTopicEdit = sentA.stream().filter(p -> p.nanos() < editStarted - 200_000_000L)
                        .mapToInt(Published::seq).max().orElse(-1);
                HttpResponse<String> edit = admin.put("/api/mappings/a",
                        "{\"sourceTopic\":\"load/a\",\"contractId\":\"la\",\"validatedTopic\":\"{topic}/ok\"}");
                long editMillis = (System.nanoTime() - editStarted) / 1_000_000;
                assertThat(edit.statusCode()).as(edit.body()).isEqualTo(200);
                long serverReloadMillis = json(edit).get("reloadMillis").asLong();
                int aSeqAfterTopicEdit = lastSeq(sentA);

                publisher.join();
                assertThat(errors.get()).as("publish errors").isZero();

                // ---- B: every message arrives, exactly the published set
                Set<Integer> expectedB = sentB.stream().map(Published::seq).collect(Collectors.toCollection(TreeSet::new));
                await().atMost(Duration.ofSeconds(60)).until(() -> seqs(out, "load/b/").containsAll(expectedB));
                Set<Integer> gotB = seqs(out, "load/b/");
                Set<Integer> lostB = new TreeSet<>(expectedB);
                lostB.removeAll(gotB);
                assertThat(lostB).as("messages lost on B").isEmpty();
                assertThat(gotB).isEqualTo(expectedB);
                // ---- B never stopped: same route instance, no lifecycle event, counters never reset
                assertThat(app.context().getRoute("mapping-b")).isSameAs(routeB);
                assertThat(routeEvents).filteredOn(e -> e.startsWith("mapping-b ")).isEmpty();
                assertThat(mcc.getManagedRoute("mapping-b").getExchangesTotal() - bExchangesBefore)
                        .isGreaterThanOrEqualTo(expectedB.size());
                // only what changed reloaded: mapping c (added, deleted); A's edits kept its source topic, so its
                // route was retuned in place, never stopped
                assertThat(routeEvents.stream().map(e -> e.split(" ")[0]).collect(Collectors.toSet()))
                        .containsOnly("mapping-c");

                // ---- A follows the new contract from the first message published after the save
                List<Integer> aAfterEdit = sentA.stream().filter(p -> p.seq() > aSeqAfterTopicEdit).map(Published::seq).toList();
                try {
                    await().atMost(Duration.ofSeconds(30)).until(() -> seqs(out, "load/a/").containsAll(aAfterEdit));
                } catch (org.awaitility.core.ConditionTimeoutException e) {
                    Set<Integer> missing = new TreeSet<>(aAfterEdit);
                    missing.removeAll(seqs(out, "load/a/"));
                    throw new AssertionError(missing.size() + " of " + aAfterEdit.size() + " A messages published after the"
                            + " edit never came out: " + missing.stream().limit(20).toList() + "...; A status: "
                            + app.context().getRouteController().getRouteStatus("mapping-a"), e);
                }
                List<MqttProbe.Received> aOut = out.received().stream().filter(r -> r.topic().startsWith("load/a/")).toList();
                int checked = 0;
                for (MqttProbe.Received r : aOut) {
                    JsonNode payload = AdminHttp.JSON.readTree(r.text());
                    boolean failed = r.topic().endsWith("/failed");
                    JsonNode msg = failed ? payload.get("payload") : payload;
                    int seq = msg.get("seq").asInt();
                    int v = msg.get("v").asInt();
                    if (seq > aSeqAfterContract) {
                        assertThat(failed).as("seq %d v=%d after the contract change", seq, v).isEqualTo(v > 50);
                        if (failed) {
                            assertThat(payload.at("/contract/version").asText()).isEqualTo(newHash);
                        }
                        checked++;
                    }
                    if (seq > aSeqAfterTopicEdit && !failed) {
                        assertThat(r.topic()).isEqualTo("load/a/ok");
                    }
                    if (seq <= aSeqBeforeTopicEdit && !failed) {
                        assertThat(r.topic()).isEqualTo("load/a/validated");
                    }
                }
                assertThat(checked).isGreaterThan(RATE); // plenty of A traffic after the change was checked

                // ---- measured: A's pause around its route reload, and what A lost while its consumer was away
                List<MqttProbe.Received> aSorted = new ArrayList<>(aOut);
                aSorted.sort(Comparator.comparingLong(MqttProbe.Received::nanos));
                long maxGapMillis = 0;
                for (int i = 1; i < aSorted.size(); i++) {
                    long gapStart = aSorted.get(i - 1).nanos();
                    if (gapStart >= editStarted - 1_000_000_000L) {
                        maxGapMillis = Math.max(maxGapMillis, (aSorted.get(i).nanos() - gapStart) / 1_000_000);
                    }
                }
                Set<Integer> expectedA = sentA.stream().map(Published::seq).collect(Collectors.toCollection(TreeSet::new));
                await().atMost(Duration.ofSeconds(60)).until(() -> seqs(out, "load/a/").containsAll(expectedA));
                Set<Integer> lostA = new TreeSet<>(expectedA);
                lostA.removeAll(seqs(out, "load/a/"));
                String report = String.format("RELOAD-UNDER-LOAD " + (PERSISTENT ? "[mqtt.clean-start=false] " : "[defaults] ") + "rate=%d msg/s (QoS 1, 2 mappings) duration=%ds published A=%d B=%d | "
                                + "B lost=%d, B route restarts=0 | A validated-topic edit (in place): server %d ms, HTTP call %d ms, "
                                + "largest gap in A's output %d ms, A lost=%d%s | contract edit: "
                                + "no route restart, %d A messages after it checked against the new contract",
                        RATE, SECONDS, sentA.size(), sentB.size(), lostB.size(), serverReloadMillis, editMillis, maxGapMillis,
                        lostA.size(), lostA.isEmpty() ? "" : " (seq " + ((TreeSet<Integer>) lostA).first() + ".." + ((TreeSet<Integer>) lostA).last() + ")",
                        checked);
                System.out.println(report);
                Files.createDirectories(Path.of("target"));
                Files.writeString(Path.of("target/reload-under-load.txt"), report + "\n", StandardOpenOption.CREATE,
                        StandardOpenOption.APPEND);
                // A loses nothing either: its validated-topic edit is applied to the running route in place
                assertThat(lostA).as("messages lost on A").isEmpty();
            } finally {
                app.context().getManagementStrategy().removeEventNotifier(notifier);
            }
        }
    }

    /** Publishes alternately to load/a and load/b at RATE msg/s for SECONDS, QoS 1, with a bounded in-flight window. */
    private static void publish(String url, List<Published> sentA, List<Published> sentB, AtomicLong errors) {
        try {
            // a raw async client, not MqttProbe: 500 msg/s needs 8 QoS 1 publishes in flight, MqttProbe sends one at a time
            MqttAsyncClient c = new MqttAsyncClient(url, "load-pub-" + System.nanoTime(), new MemoryPersistence());
            MqttConnectionOptions o = new MqttConnectionOptions();
            o.setCleanStart(true);
            c.connect(o).waitForCompletion(10_000);
            ArrayDeque<IMqttToken> window = new ArrayDeque<>();
            long period = 1_000_000_000L / RATE;
            long total = (long) RATE * SECONDS;
            long t0 = System.nanoTime();
            for (int i = 0; i < total; i++) {
                long due = t0 + i * period;
                long wait = due - System.nanoTime();
                if (wait > 0) {
                    LockSupport.parkNanos(wait); // pacing the publisher, not waiting for a result
                }
                boolean toA = i % 2 == 0;
                int seq = i / 2;
                int v = seq % 100;
                String payload = "{\"seq\":" + seq + ",\"v\":" + v + ",\"sensor_id\":\"" + (toA ? "a" : "b") + "\"}";
                MqttMessage m = new MqttMessage(payload.getBytes(StandardCharsets.UTF_8));
                m.setQos(1);
                while (window.size() >= 8) {
                    window.poll().waitForCompletion(10_000);
                }
                window.add(publishWithRetry(c, toA ? "load/a" : "load/b", m, window));
                (toA ? sentA : sentB).add(new Published(seq, v, System.nanoTime()));
            }
            while (!window.isEmpty()) {
                window.poll().waitForCompletion(10_000);
            }
            c.disconnect().waitForCompletion(5_000);
            c.close();
        } catch (MqttException e) {
            errors.incrementAndGet();
            e.printStackTrace();
        }
    }

    /** Publishes; when the client's in-flight window is momentarily full (its acks lag its tokens), waits and retries. */
    private static IMqttToken publishWithRetry(MqttAsyncClient c, String topic, MqttMessage m, ArrayDeque<IMqttToken> window)
            throws MqttException {
        for (int attempt = 0; ; attempt++) {
            try {
                return c.publish(topic, m);
            } catch (MqttException e) {
                if (e.getReasonCode() != 32202 /* too many publishes in progress */ || attempt > 1000) {
                    throw e;
                }
                if (!window.isEmpty()) {
                    window.poll().waitForCompletion(10_000);
                } else {
                    LockSupport.parkNanos(1_000_000);
                }
            }
        }
    }

    private static int lastSeq(List<Published> sent) {
        return sent.isEmpty() ? -1 : sent.get(sent.size() - 1).seq();
    }

    private static Set<Integer> seqs(MqttProbe probe, String topicPrefix) {
        Set<Integer> out = new TreeSet<>();
        for (MqttProbe.Received r : probe.received()) {
            if (!r.topic().startsWith(topicPrefix)) {
                continue;
            }
            try {
                JsonNode n = AdminHttp.JSON.readTree(r.text());
                JsonNode msg = r.topic().endsWith("/failed") ? n.get("payload") : n;
                out.add(msg.get("seq").asInt());
            } catch (Exception e) {
                throw new AssertionError("unexpected output on " + r.topic() + ": " + r.text(), e);
            }
        }
        return out;
    }

    /** Blocks until the given second of the run (scheduling the test's actions, not waiting for a result). */
    private static void atSecond(long start, double second) {
        long due = start + (long) (second * 1_000_000_000L);
        long wait;
        while ((wait = due - System.nanoTime()) > 0) {
            LockSupport.parkNanos(wait);
        }
    }
}
