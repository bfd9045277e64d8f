package io.contractgate.mqtt;

import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.MqttDisconnectResponse;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.MqttSubscription;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;

import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Collects the payloads published to any topic filter for a short while, with a short-lived client of its own (clean
 * start, session expiry 0, QoS 1, client id {@code <mqtt.client-id>-sample-<random>}) that uses the broker URL,
 * credentials and sockets of the gateway's own clients. Used to draft a contract from traffic no mapping covers.
 */
public final class TopicSampler {

    public static final int DEFAULT_MAX_MESSAGES = 200;
    public static final int MAX_MESSAGES = 1000;
    public static final int DEFAULT_SECONDS = 10;
    public static final int MAX_SECONDS = 60;
    private static final long WAIT_MILLIS = 10_000;
    private static final SecureRandom RANDOM = new SecureRandom();

    /**
     * Larger payloads are not sampled, as the mappings' sample rings keep none either: 60 of 2 MB ran a 128 MB gateway
     * out of memory. The broker is asked not to send them (MQTT 5 maximum packet size, with room for topic and
     * properties); one that sends them anyway has them dropped here.
     */
    public static final int MAX_PAYLOAD_BYTES = 64 * 1024;

    /** One received message. */
    public record Sample(String topic, byte[] payload) {
    }

    /** What arrived (in order) and whether the time ran out before {@code maxMessages} did. */
    public record Result(List<Sample> samples, boolean timedOut) {
    }

    private final String url;
    private final BrokerSettings settings;

    /** {@code url}: the broker the gateway's clients connect to (the embedded broker's when mqtt.broker.url is empty). */
    public TopicSampler(String url, BrokerSettings settings) {
        if (url == null || url.isBlank()) {
            throw new IllegalArgumentException("no broker URL");
        }
        this.url = url;
        this.settings = settings;
    }

    /** The client id of one sampling run. */
    public static String clientId(String prefix) {
        byte[] b = new byte[4];
        RANDOM.nextBytes(b);
        return prefix + "-sample-" + HexFormat.of().formatHex(b);
    }

    /**
     * Subscribes to {@code filter}, waits for {@code maxMessages} messages or {@code wait}, whichever comes first,
     * then disconnects. Throws when the broker cannot be reached or refuses the subscription.
     */
    public Result sample(String filter, int maxMessages, Duration wait) throws MqttException, InterruptedException {
        if (maxMessages < 1) {
            throw new IllegalArgumentException("maxMessages must be at least 1");
        }
        List<Sample> got = new ArrayList<>();
        CountDownLatch full = new CountDownLatch(1);
        MqttAsyncClient c = new MqttAsyncClient(url, clientId(settings.clientIdPrefix()), new MemoryPersistence());
        try {
            c.setCallback(new ArrivalCallback() {
                @Override
                public void messageArrived(String topic, MqttMessage message) {
                    if (message.getPayload().length > MAX_PAYLOAD_BYTES) {
                        return;
                    }
                    synchronized (got) {
                        if (got.size() < maxMessages) {
                            got.add(new Sample(topic, message.getPayload()));
                        }
                        if (got.size() >= maxMessages) {
                            full.countDown();
                        }
                    }
                }

                @Override
                public void disconnected(MqttDisconnectResponse response) {
                    full.countDown(); // the broker went away: answer with what arrived
                }
            });
            MqttConnectionOptions o = Sessions.options(settings, settings.socketFactory());
            o.setAutomaticReconnect(false);
            o.setCleanStart(true);
            o.setSessionExpiryInterval(0L);
            o.setMaximumPacketSize(2L * MAX_PAYLOAD_BYTES);
            c.connect(o).waitForCompletion(WAIT_MILLIS);
            IMqttToken sub = c.subscribe(new MqttSubscription[] {new MqttSubscription(filter, 1)}, null, null,
                    new MqttProperties());
            sub.waitForCompletion(WAIT_MILLIS);
            int[] codes = sub.getReasonCodes();
            if (codes != null && codes.length > 0 && codes[0] >= 0x80) {
                throw new MqttException(codes[0]);
            }
            boolean enough = full.await(wait.toMillis(), TimeUnit.MILLISECONDS);
            synchronized (got) {
                return new Result(List.copyOf(got), !enough);
            }
        } finally {
            try {
                if (c.isConnected()) {
                    c.disconnect(WAIT_MILLIS).waitForCompletion(WAIT_MILLIS);
                }
            } catch (MqttException ignored) {
                // closing below is enough
            }
            c.close(true);
        }
    }
}
