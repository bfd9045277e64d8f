import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttActionListener;
import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.eclipse.paho.mqttv5.client.MqttCallback;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.MqttDisconnectResponse;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;
import org.eclipse.paho.mqttv5.common.packet.UserProperty;

import java.io.BufferedWriter;
import java.io.FileWriter;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Load for the fleet fault probe (bench/probes/fleet-faults.sh), settings from the environment.
 *
 * <p>{@code pub}: N QoS 1 sensor1 readings at RATE/s on TOPIC with user properties {@code seq}, {@code t} (publish
 * time, ms) and {@code try}; every INVALID_EVERY-th has temperature 100 (fails the shipped contract), the others TEMP
 * (20). It reconnects by itself; a seq whose PUBACK has not come within RETRY_MS, or that was in flight when the
 * connection dropped, is published again (try+1), until all N are acknowledged.
 *
 * <p>{@code count}: a persistent QoS 1 subscriber (CLIENT, session expiry 1 h) on FILTER (comma-separated; default
 * the validated and failed outputs) writing one line per message to OUT: {@code topic seq t try receivedMs R|-}
 * ({@code R}: a re-driven copy). Runs until killed.
 */
public class FleetLoad {

    public static void main(String[] args) throws Exception {
        if (args.length == 1 && args[0].equals("pub")) {
            publish();
        } else if (args.length == 1 && args[0].equals("count")) {
            count();
        } else {
            System.err.println("usage: FleetLoad pub|count (settings from the environment)");
            System.exit(2);
        }
    }

    static void publish() throws Exception {
        String topic = env("TOPIC", "sensors/sensor1");
        int n = Integer.parseInt(env("N", "60000"));
        int rate = Integer.parseInt(env("RATE", "1500"));
        int invalidEvery = Integer.parseInt(env("INVALID_EVERY", "10"));
        String temp = env("TEMP", "20");
        long retryMs = Long.parseLong(env("RETRY_MS", "15000"));
        int windowSize = Integer.parseInt(env("WINDOW", "500"));
        MqttAsyncClient c = new MqttAsyncClient(env("URL", "tcp://127.0.0.1:1883"), env("CLIENT", "fleet-load-pub"),
                new MemoryPersistence());
        MqttConnectionOptions o = new MqttConnectionOptions();
        o.setCleanStart(true);
        o.setConnectionTimeout(3);
        AtomicInteger acked = new AtomicInteger();
        boolean[] done = new boolean[n];
        int[] tries = new int[n];
        Map<Integer, Long> pending = new ConcurrentHashMap<>();
        Semaphore window = new Semaphore(windowSize);
        Deque<Integer> again = new ArrayDeque<>();
        connect(c, o);
        long start = System.nanoTime();
        long lastLog = 0;
        int next = 0;
        while (acked.get() < n) {
            long now = System.currentTimeMillis();
            if (!c.isConnected()) {
                again.addAll(pending.keySet());
                pending.clear();
                window = new Semaphore(windowSize);
                connect(c, o);
            }
            for (Map.Entry<Integer, Long> e : pending.entrySet()) {
                if (now - e.getValue() > retryMs && pending.remove(e.getKey()) != null) {
                    again.add(e.getKey());
                    window.release();
                }
            }
            Integer seq = again.poll();
            if (seq == null) {
                if (next >= n) {
                    TimeUnit.MILLISECONDS.sleep(20);
                    continue;
                }
                long wait = start + (long) (next * 1e9 / rate) - System.nanoTime();
                if (wait > 0) {
                    TimeUnit.NANOSECONDS.sleep(wait);
                }
                seq = next++;
            }
            Semaphore w = window;
            if (!w.tryAcquire(2, TimeUnit.SECONDS)) {
                again.addFirst(seq);
                continue;
            }
            int s = seq;
            tries[s]++;
            String t = invalidEvery > 0 && s % invalidEvery == 0 ? "100" : temp;
            MqttMessage m = new MqttMessage(("{\"sensor_id\":\"s1-" + (s % 50) + "\",\"timestamp\":\"2026-11-30T12:00:00Z\","
                    + "\"temperature\":" + t + ",\"humidity\":50}").getBytes(StandardCharsets.UTF_8));
            m.setQos(1);
            MqttProperties p = new MqttProperties();
            p.setUserProperties(List.of(new UserProperty("seq", Integer.toString(s)),
                    new UserProperty("t", Long.toString(System.currentTimeMillis())),
                    new UserProperty("try", Integer.toString(tries[s]))));
            m.setProperties(p);
            pending.put(s, System.currentTimeMillis());
            try {
                c.publish(topic, m, null, new MqttActionListener() {
                    @Override
                    public void onSuccess(IMqttToken token) {
                        if (pending.remove(s) != null) {
                            w.release();
                        }
                        synchronized (done) {
                            if (!done[s]) {
                                done[s] = true;
                                acked.incrementAndGet();
                            }
                        }
                    }

                    @Override
                    public void onFailure(IMqttToken token, Throwable e) {
                        // published again after RETRY_MS or the reconnect
                    }
                });
            } catch (MqttException e) {
                if (pending.remove(s) != null) {
                    w.release();
                }
                again.addFirst(s);
                TimeUnit.MILLISECONDS.sleep(50);
            }
            if (now - lastLog > 2000) {
                lastLog = now;
                System.err.printf("%tT pub next=%d acked=%d pending=%d again=%d%n", now, next, acked.get(),
                        pending.size(), again.size());
            }
        }
        System.err.printf("%tT pub DONE n=%d acked=%d%n", System.currentTimeMillis(), n, acked.get());
        c.disconnect().waitForCompletion(3000);
        c.close();
    }

    private static void connect(MqttAsyncClient c, MqttConnectionOptions o) throws InterruptedException {
        while (true) {
            try {
                c.connect(o).waitForCompletion(5000);
                if (c.isConnected()) {
                    System.err.printf("%tT pub connected%n", System.currentTimeMillis());
                    return;
                }
            } catch (MqttException e) {
                System.err.printf("%tT pub connect failed: %s%n", System.currentTimeMillis(), e.getMessage());
            }
            TimeUnit.MILLISECONDS.sleep(500);
        }
    }

    static void count() throws Exception {
        PrintWriter out = new PrintWriter(new BufferedWriter(new FileWriter(env("OUT", "received.txt"), true)));
        MqttAsyncClient c = new MqttAsyncClient(env("URL", "tcp://127.0.0.1:1883"), env("CLIENT", "fleet-load-count"),
                new MemoryPersistence());
        MqttConnectionOptions o = new MqttConnectionOptions();
        o.setCleanStart(false);
        o.setSessionExpiryInterval(3600L);
        o.setAutomaticReconnect(true);
        o.setAutomaticReconnectDelay(1, 2);
        o.setReceiveMaximum(65535);
        c.setCallback(new MqttCallback() {
            @Override
            public void disconnected(MqttDisconnectResponse r) {
                System.err.printf("%tT count disconnected: %s%n", System.currentTimeMillis(), r.getReasonString());
            }

            @Override
            public void mqttErrorOccurred(MqttException e) {
            }

            @Override
            public void messageArrived(String topic, MqttMessage m) {
                String[] f = {"-", "-", "-", "-"};
                List<UserProperty> users = m.getProperties() == null ? null : m.getProperties().getUserProperties();
                for (UserProperty u : users == null ? List.<UserProperty>of() : users) {
                    switch (u.getKey()) {
                        case "seq" -> f[0] = u.getValue();
                        case "t" -> f[1] = u.getValue();
                        case "try" -> f[2] = u.getValue();
                        case "redriven-at" -> f[3] = "R";
                        default -> { }
                    }
                }
                synchronized (out) {
                    out.println(topic + " " + f[0] + " " + f[1] + " " + f[2] + " " + System.currentTimeMillis() + " " + f[3]);
                }
            }

            @Override
            public void deliveryComplete(IMqttToken t) {
            }

            @Override
            public void connectComplete(boolean reconnect, String uri) {
                System.err.printf("%tT count connected (reconnect %s)%n", System.currentTimeMillis(), reconnect);
            }

            @Override
            public void authPacketArrived(int reason, MqttProperties p) {
            }
        });
        c.connect(o).waitForCompletion(10_000);
        String[] filters = env("FILTER", "sensors/+/validated,sensors/+/failed").split(",");
        int[] qos = new int[filters.length];
        Arrays.fill(qos, 1);
        c.subscribe(filters, qos).waitForCompletion(10_000);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            synchronized (out) {
                out.close();
            }
        }));
        while (true) {
            TimeUnit.SECONDS.sleep(1);
            synchronized (out) {
                out.flush();
            }
        }
    }

    private static String env(String key, String fallback) {
        String v = System.getenv(key);
        return v == null || v.isEmpty() ? fallback : v;
    }
}
