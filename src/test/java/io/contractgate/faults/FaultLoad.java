package io.contractgate.faults;

import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttActionListener;
import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.MqttSubscription;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;
import org.eclipse.paho.mqttv5.common.packet.UserProperty;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.function.IntFunction;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Bookkeeping shared by the fault tests: a rate-limited QoS 1 publisher that counts only the publishes the broker
 * acknowledged (PUBACK below 0x80), a persistent QoS 1 subscriber on the outputs, the verdict (lost, misrouted,
 * duplicated) and a few broker / process helpers; the gateway in a separate JVM is testing.GatewayProcess.
 *
 * <p>Every input carries its sequence number in the MQTT 5 user property {@code seq} (the gateway copies user
 * properties to its outputs); every 5th input is invalid for contract sensor1 (temperature out of range), so it must
 * come out on {@code <topic>/failed}, all others on {@code <topic>/validated}.
 */
final class FaultLoad {

    private FaultLoad() {
    }

    /** A sensor1 contract no reading of the load passes: everything is quarantined (the re-drive tests). */
    static final String TOO_STRICT = "{\"type\":\"object\",\"properties\":{\"temperature\":{\"type\":\"number\",\"maximum\":0}}}";

    static boolean invalid(int seq) {
        return seq % 5 == 0;
    }

    /** A sensor1 reading; every 5th out of range (temperature 120). */
    static byte[] payload(int seq) {
        double temperature = invalid(seq) ? 120 : 20 + (seq % 40) * 0.5;
        return ("{\"sensor_id\":\"fault-" + (seq % 20) + "\",\"timestamp\":\"2026-01-01T00:00:00Z\",\"temperature\":"
                + temperature + ",\"humidity\":" + (seq % 100) + "}").getBytes(StandardCharsets.UTF_8);
    }

    /** Where input {@code seq} published on {@code topic} must come out. */
    static String expectedOutput(String topic, int seq) {
        return topic + (invalid(seq) ? "/failed" : "/validated");
    }

    static MqttConnectionOptions persistentOptions() {
        MqttConnectionOptions o = new MqttConnectionOptions();
        o.setCleanStart(false);
        o.setSessionExpiryInterval(3_600L);
        o.setAutomaticReconnect(true);
        o.setAutomaticReconnectDelay(1, 1);
        o.setKeepAliveInterval(10);
        o.setConnectionTimeout(5);
        return o;
    }

    // ------------------------------------------------------------------------------------------------ publisher

    /**
     * Publishes {@code total} QoS 1 messages at {@code rate} msg/s from its own thread, with a persistent session
     * (clean-start=false, session expiry). While disconnected it reconnects (every 200 ms) and retries the same
     * message; pacing resumes without a catch-up burst. Only publishes whose PUBACK arrived (reason below 0x80) count
     * as acknowledged.
     *
     * <p>It reconnects with a fresh Paho client (same client id, so the broker resumes its session) instead of Paho's
     * automatic reconnect: Paho 1.2.5 replaces the topic of a PUBLISH by a topic alias when the broker allows aliases
     * (Mosquitto: 10), keeps that packet for a resend, and after a reconnect resends it with the old connection's
     * alias and no topic; the broker closes the connection for a protocol error, at every reconnect, forever.
     */
    static final class Publisher implements AutoCloseable {
        private static final int WINDOW = 16; // under Mosquitto's receive maximum (20)
        private final String url;
        private final String clientId = "fault-pub-" + UUID.randomUUID().toString().substring(0, 8);
        private final IntFunction<String> topic;
        private final int rate;
        private final int total;
        private volatile MqttAsyncClient client;
        /** The in-flight window of the current connection (a new one per connection). */
        private volatile Semaphore window = new Semaphore(WINDOW);
        final Set<Integer> acked = ConcurrentHashMap.newKeySet();
        final AtomicInteger refused = new AtomicInteger();
        final AtomicInteger failed = new AtomicInteger();
        final AtomicInteger reconnects = new AtomicInteger();
        /** Next sequence number to publish (i.e. how many were handed to Paho). */
        final AtomicInteger next = new AtomicInteger();
        private final Thread thread;
        private volatile boolean stop;
        private volatile Throwable error;

        Publisher(String url, IntFunction<String> topic, int rate, int total) throws MqttException {
            this.url = url;
            this.topic = topic;
            this.rate = rate;
            this.total = total;
            client = connect();
            thread = new Thread(this::run, "fault-publisher");
        }

        private MqttAsyncClient connect() throws MqttException {
            MqttAsyncClient c = new MqttAsyncClient(url, clientId, new MemoryPersistence());
            MqttConnectionOptions o = persistentOptions();
            o.setAutomaticReconnect(false);
            try {
                c.connect(o).waitForCompletion(5_000);
            } catch (MqttException e) {
                closeQuietly(c);
                throw e;
            }
            window = new Semaphore(WINDOW);
            return c;
        }

        Publisher start() {
            thread.start();
            return this;
        }

        private void run() {
            long period = 1_000_000_000L / rate;
            long due = System.nanoTime();
            try {
                for (int seq = 0; seq < total && !stop; ) {
                    MqttAsyncClient c = client;
                    if (c == null || !c.isConnected()) {
                        reconnect();
                        continue;
                    }
                    long wait = due - System.nanoTime();
                    if (wait > 0) {
                        LockSupport.parkNanos(wait); // pacing the publisher, not waiting for a result
                    }
                    due = Math.max(due + period, System.nanoTime() - period);
                    Semaphore w = window;
                    if (!w.tryAcquire(100, TimeUnit.MILLISECONDS)) {
                        continue; // window full (broker slow or away): look again
                    }
                    if (publish(c, w, seq)) {
                        seq++;
                        next.set(seq);
                    } else {
                        w.release();
                    }
                }
            } catch (Throwable t) {
                error = t;
            }
        }

        private void reconnect() {
            MqttAsyncClient old = client;
            client = null;
            if (old != null) {
                closeQuietly(old);
            }
            try {
                client = connect();
                reconnects.incrementAndGet();
            } catch (MqttException e) {
                LockSupport.parkNanos(200_000_000L); // broker away: pace the reconnect attempts
            }
        }

        private boolean publish(MqttAsyncClient c, Semaphore w, int seq) {
            MqttMessage m = new MqttMessage(payload(seq));
            m.setQos(1);
            MqttProperties p = new MqttProperties();
            p.setUserProperties(List.of(new UserProperty("seq", Integer.toString(seq))));
            m.setProperties(p);
            try {
                c.publish(topic.apply(seq), m, null, new MqttActionListener() {
                    @Override
                    public void onSuccess(IMqttToken token) {
                        int[] codes = token.getReasonCodes();
                        if (codes != null && codes.length > 0 && codes[0] >= 0x80) {
                            refused.incrementAndGet();
                        } else {
                            acked.add(seq);
                        }
                        w.release();
                    }

                    @Override
                    public void onFailure(IMqttToken token, Throwable exception) {
                        failed.incrementAndGet();
                        w.release();
                    }
                });
                return true;
            } catch (MqttException e) {
                return false;
            }
        }

        int next() {
            return next.get();
        }

        /** Waits until every message was handed over and every publish of the last connection completed. */
        void awaitDone(Duration atMost) {
            await("publisher finished (" + this.describe() + ")").atMost(atMost).pollInterval(Duration.ofMillis(50))
                    .until(() -> !thread.isAlive() && window.availablePermits() == WINDOW);
            assertThat(error).as("publisher error").isNull();
        }

        String describe() {
            return "handed over " + next.get() + "/" + total + ", acknowledged " + acked.size() + ", refused "
                    + refused.get() + ", failed " + failed.get() + ", reconnects " + reconnects.get();
        }

        @Override
        public void close() {
            stop = true;
            try {
                thread.join(5_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            MqttAsyncClient c = client;
            if (c != null) {
                closeQuietly(c);
            }
        }
    }

    // ------------------------------------------------------------------------------------------------ collector

    /** One output: its topic, whether the gateway marked it {@code redelivered=true}. */
    record Output(String topic, boolean redelivered) {
    }

    /** A persistent QoS 1 subscriber on the outputs: catches up after a broker restart or a reconnect. */
    static final class Collector implements AutoCloseable {
        private final MqttAsyncClient client;
        private final String[] filters;
        final Map<Integer, List<Output>> bySeq = new ConcurrentHashMap<>();
        final AtomicLong total = new AtomicLong();
        final List<String> unidentified = new CopyOnWriteArrayList<>();

        Collector(String url, String... filters) throws MqttException {
            this.filters = filters;
            client = new MqttAsyncClient(url, "fault-out-" + UUID.randomUUID().toString().substring(0, 8),
                    new MemoryPersistence());
            client.setCallback(new io.contractgate.mqtt.ArrivalCallback() {
                @Override
                public void messageArrived(String topic, MqttMessage message) {
                    record(topic, message);
                }

                @Override
                public void connectComplete(boolean reconnect, String serverURI) {
                    if (reconnect) {
                        subscribe(); // a resumed session has it already; harmless if so
                    }
                }
            });
            client.connect(persistentOptions()).waitForCompletion(10_000);
            IMqttToken t = subscribe();
            if (t != null) {
                t.waitForCompletion(10_000);
            }
        }

        private IMqttToken subscribe() {
            MqttSubscription[] subs = new MqttSubscription[filters.length];
            for (int i = 0; i < filters.length; i++) {
                subs[i] = new MqttSubscription(filters[i], 1);
            }
            try {
                return client.subscribe(subs, null, null, new MqttProperties());
            } catch (MqttException e) {
                return null;
            }
        }

        private void record(String topic, MqttMessage message) {
            total.incrementAndGet();
            String seq = userProperty(message.getProperties(), "seq");
            if (seq == null) {
                unidentified.add(topic + " " + new String(message.getPayload(), StandardCharsets.UTF_8));
                return;
            }
            bySeq.computeIfAbsent(Integer.parseInt(seq), k -> new CopyOnWriteArrayList<>())
                    .add(new Output(topic, "true".equals(userProperty(message.getProperties(), "redelivered"))));
        }

        long total() {
            return total.get();
        }

        @Override
        public void close() {
            closeQuietly(client);
        }
    }

    static String userProperty(MqttProperties p, String key) {
        if (p == null || p.getUserProperties() == null) {
            return null;
        }
        return p.getUserProperties().stream().filter(u -> u.getKey().equals(key)).map(UserProperty::getValue)
                .findFirst().orElse(null);
    }

    // -------------------------------------------------------------------------------------------------- verdict

    /** What came out against what the broker acknowledged to the publisher. */
    record Verdict(String scenario, int acknowledged, int lost, int misrouted, int duplicates, int markedRedelivered,
                   int unidentified, long outputs, String lostSample, List<String> misroutedSample) {

        String line() {
            return String.format("FAULT %s: acknowledged=%d outputs=%d lost=%d misrouted=%d duplicates=%d "
                            + "(%.2f %%, %d marked redelivered=true) unidentified=%d%s%s", scenario, acknowledged,
                    outputs, lost, misrouted, duplicates, acknowledged == 0 ? 0.0 : 100.0 * duplicates / acknowledged,
                    markedRedelivered, unidentified, lost == 0 ? "" : " lost e.g. " + lostSample,
                    misrouted == 0 ? "" : " misrouted e.g. " + misroutedSample);
        }
    }

    static Verdict verdict(String scenario, Set<Integer> acknowledged, Collector out, IntFunction<String> expected) {
        TreeSet<Integer> lost = new TreeSet<>();
        for (int seq : acknowledged) {
            if (!out.bySeq.containsKey(seq)) {
                lost.add(seq);
            }
        }
        int misrouted = 0;
        int duplicates = 0;
        int marked = 0;
        List<String> misroutedSample = new ArrayList<>();
        for (Map.Entry<Integer, List<Output>> e : out.bySeq.entrySet()) {
            duplicates += e.getValue().size() - 1;
            for (Output o : e.getValue()) {
                if (o.redelivered()) {
                    marked++;
                }
                if (!o.topic().equals(expected.apply(e.getKey()))) {
                    misrouted++;
                    if (misroutedSample.size() < 10) {
                        misroutedSample.add(e.getKey() + "->" + o.topic());
                    }
                }
            }
        }
        return new Verdict(scenario, acknowledged.size(), lost.size(), misrouted, duplicates, marked,
                out.unidentified.size(), out.total(), ranges(lost), misroutedSample);
    }

    /** "3-7, 12, 20-25" (the first 10 ranges). */
    static String ranges(TreeSet<Integer> seqs) {
        List<String> out = new ArrayList<>();
        Integer from = null;
        Integer prev = null;
        for (int s : seqs) {
            if (prev != null && s == prev + 1) {
                prev = s;
                continue;
            }
            if (from != null) {
                out.add(from.equals(prev) ? "" + from : from + "-" + prev);
            }
            from = s;
            prev = s;
        }
        if (from != null) {
            out.add(from.equals(prev) ? "" + from : from + "-" + prev);
        }
        return "[" + String.join(", ", out.stream().limit(10).toList()) + (out.size() > 10 ? ", ..." : "") + "]";
    }

    /**
     * Waits (bounded) until every acknowledged input has an output, then asserts 0 lost, 0 misrouted, nothing
     * unidentified and fewer duplicates than {@code maxDuplicateShare} of the acknowledged inputs; prints the verdict
     * and appends it to target/fault-tests.txt.
     */
    static Verdict assertNothingLost(String scenario, Set<Integer> acknowledged, Collector out,
                                     IntFunction<String> expected, Duration atMost, double maxDuplicateShare) {
        try {
            await(scenario + ": every acknowledged input has an output").atMost(atMost)
                    .pollInterval(Duration.ofMillis(100))
                    .until(() -> acknowledged.stream().allMatch(out.bySeq::containsKey));
        } catch (org.awaitility.core.ConditionTimeoutException e) {
            // fall through: the verdict below says what is missing
        }
        Verdict v = verdict(scenario, acknowledged, out, expected);
        System.out.println(v.line());
        try {
            Files.createDirectories(Path.of("target"));
            Files.writeString(Path.of("target/fault-tests.txt"), v.line() + "\n", StandardOpenOption.CREATE,
                    StandardOpenOption.APPEND);
        } catch (IOException e) {
            // a report file is a convenience
        }
        assertThat(v.acknowledged()).as("acknowledged inputs").isPositive();
        assertThat(v.lost()).as(v.line()).isZero();
        assertThat(v.misrouted()).as(v.line()).isZero();
        assertThat(v.unidentified()).as("outputs without a seq user property: " + out.unidentified.stream().limit(3)
                .toList()).isZero();
        assertThat(v.duplicates()).as(v.line()).isLessThan((int) Math.ceil(acknowledged.size() * maxDuplicateShare));
        return v;
    }

    // ------------------------------------------------------------------------------------------- small helpers

    /** The pid of the mosquitto this JVM started with the config in {@code dir} (for SIGHUP). */
    static long mosquittoPid(Path dir) {
        String conf = dir.resolve("mosquitto.conf").toString();
        return ProcessHandle.current().children()
                .filter(p -> p.info().commandLine().map(c -> c.contains("mosquitto") && c.contains(conf)).orElse(false))
                .findFirst().orElseThrow(() -> new AssertionError("no mosquitto child with " + conf)).pid();
    }

    static void signal(long pid, String signal) throws IOException, InterruptedException {
        Process p = new ProcessBuilder("kill", "-" + signal, Long.toString(pid)).inheritIO().start();
        assertThat(p.waitFor()).as("kill -" + signal + " " + pid).isZero();
    }

    /**
     * Mosquitto config: one listener on {@code port}, persistence in {@code dir} (saved every second and on SIGTERM),
     * anonymous clients. max_queued_messages is raised from Mosquitto's default of 1,000 per session: past it Mosquitto
     * drops what it acknowledged to the publisher for a client that is away (a gateway restarting for 5 s at
     * 1,000 msg/s), which is the broker's documented limit, not the gateway's.
     */
    static String mosquittoConfig(Path dir, int port, String extra) {
        return "listener " + port + " 127.0.0.1\n"
                + "allow_anonymous true\n"
                + "persistence true\n"
                + "persistence_location " + dir.toAbsolutePath() + "/\n"
                + "autosave_interval 1\n"
                + "max_queued_messages 100000\n"
                + "log_type error\nlog_type warning\nlog_type notice\nlog_type information\n"
                + extra;
    }

    /** The last {@code lines} lines of a log. */
    static String tail(String log, int lines) {
        String[] all = log.split("\n");
        return String.join("\n", java.util.Arrays.copyOfRange(all, Math.max(0, all.length - lines), all.length));
    }

    private static void closeQuietly(MqttAsyncClient c) {
        try {
            if (c.isConnected()) {
                c.disconnect(1_000).waitForCompletion(2_000);
            }
        } catch (MqttException e) {
            // closing anyway
        }
        try {
            c.close(true);
        } catch (MqttException e) {
            // nothing to do
        }
    }
}
