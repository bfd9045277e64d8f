package io.contractgate.mqtt;

import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttActionListener;
import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.eclipse.paho.mqttv5.client.MqttCallback;
import org.eclipse.paho.mqttv5.client.MqttClientException;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.MqttDisconnectResponse;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.packet.MqttConnAck;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;
import org.eclipse.paho.mqttv5.common.packet.MqttWireMessage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

/**
 * The gateway's one output connection: publishes validated copies and failure reports without waiting for each
 * acknowledgement, and tells the caller when the broker has acknowledged (QoS 1/2) or the packet was written (QoS 0),
 * or that it failed. Built on Paho's public asynchronous client only.
 *
 * <p>Backpressure: QoS 1/2 publishes take a slot of the broker's receive window (read from its CONNACK) and wait for a
 * free one, so Paho never rejects a publish for a full window; QoS 0 publishes take a slot of a bounded write queue
 * ({@link #QOS0_QUEUE}) until they are written. While the broker is unreachable a publish fails at once: the caller
 * leaves the input unacknowledged and the broker delivers it again after the reconnect (nothing is buffered here, so
 * nothing is lost with this process).
 *
 * Longer than ~250 lines on purpose: the publish path, the reconnect and the drain share one connection's state,
 * and splitting them would spread that state over classes.
 */
public final class OutputClient implements AutoCloseable {

    /** Registry name of the shared output client every paho-mqtt5 producer publishes through. */
    public static final String BEAN = "mqttPublisher";

    private static final Logger LOG = LoggerFactory.getLogger(OutputClient.class);

    /** QoS 0 outputs queued for the socket at most; past it a publish waits for the socket. */
    static final int QOS0_QUEUE = 10_000;
    /** The longest a publish waits for a window slot before it fails (the broker stopped acknowledging). */
    private static final long WINDOW_WAIT_MILLIS = 30_000;
    private static final long CONNECT_WAIT_MILLIS = 30_000;
    private static final long QUIESCE_MILLIS = 10_000;

    /** What a publish reports when it is over: {@code failure} is null when the broker took the message. */
    @FunctionalInterface
    public interface Completion {
        void done(Throwable failure);
    }

    private final MqttAsyncClient client;
    private final String url;
    private volatile Semaphore window = new Semaphore(MAX_WINDOW);
    private final Semaphore qos0Queue = new Semaphore(QOS0_QUEUE);
    private final AtomicInteger inFlight = new AtomicInteger();
    private final LongAdder acknowledged = new LongAdder();
    private final LongAdder failed = new LongAdder();
    private final TransportStats stats;
    /** The largest window used even when the broker allows more (Paho's and the MQTT default is 65,535). */
    static final int MAX_WINDOW = 1_000;

    public OutputClient(String url, String clientId) throws MqttException {
        this(url, clientId, new TransportStats());
    }

    /** @param stats where the gateway counts outputs across output clients */
    public OutputClient(String url, String clientId, TransportStats stats) throws MqttException {
        this.url = url;
        this.stats = stats;
        this.client = new MqttAsyncClient(url, clientId, new MemoryPersistence());
        client.setCallback(new MqttCallback() {
            @Override
            public void disconnected(MqttDisconnectResponse response) {
                LOG.warn("Output client {} lost the broker at {}: {}", clientId, BrokerSettings.shown(url),
                        response.getException() != null ? response.getException().getMessage() : response.getReasonString());
            }

            @Override
            public void mqttErrorOccurred(MqttException exception) {
                LOG.warn("Output client {}: {}", clientId, exception.getMessage());
            }

            @Override
            public void messageArrived(String topic, MqttMessage message) {
            }

            @Override
            public void deliveryComplete(IMqttToken token) {
            }

            @Override
            public void connectComplete(boolean reconnect, String serverURI) {
                if (reconnect) {
                    LOG.info("Output client {} reconnected to {}", clientId, BrokerSettings.shown(serverURI));
                }
            }

            @Override
            public void authPacketArrived(int reasonCode, MqttProperties properties) {
            }
        });
    }

    /** Connects with the gateway's settings and sizes the window from the broker's receive maximum. */
    public void connect(BrokerSettings settings) throws MqttException {
        MqttConnectionOptions o = Sessions.options(settings, settings.socketFactory());
        // No session for the output client: a publish not acknowledged when the connection drops has already failed
        // (its input stays unacknowledged and comes back), so nothing may be resent. And Paho 1.2.5 must not resend:
        // it replaces the topic of a PUBLISH by a topic alias when the broker allows aliases (Mosquitto: 10), keeps
        // that packet for a resend, and after a reconnect sends it with the old connection's alias and no topic; the
        // broker closes the connection for a protocol error, at every reconnect, so the outputs stopped for good.
        // With a clean start Paho drops its in-flight packets when the connection ends.
        o.setCleanStart(true);
        o.setSessionExpiryInterval(0L);
        IMqttToken token = client.connect(o);
        token.waitForCompletion(CONNECT_WAIT_MILLIS);
        int brokerWindow = MAX_WINDOW;
        MqttWireMessage response = token.getResponse();
        if (response instanceof MqttConnAck ack && ack.getProperties() != null
                && ack.getProperties().getReceiveMaximum() != null) {
            brokerWindow = ack.getProperties().getReceiveMaximum();
        }
        window = new Semaphore(Math.max(1, Math.min(MAX_WINDOW, brokerWindow)));
        LOG.debug("Output client connected to {}: window {}", url, window.availablePermits());
    }

    /**
     * Why a connect was refused and what to check, naming the settings keys: used at start-up and for a broker change
     * made through the admin API.
     */
    public static String explain(MqttException e, BrokerSettings settings) {
        Throwable cause = e.getCause() != null ? e.getCause() : e;
        String check = switch (e.getReasonCode()) {
            case 134, 135 -> "check mqtt.username and mqtt.password";
            case MqttClientException.REASON_CODE_SERVER_CONNECT_ERROR,
                    MqttClientException.REASON_CODE_CLIENT_TIMEOUT -> "is the broker running and reachable?";
            default -> cause instanceof java.net.UnknownHostException
                    ? "check the host name in mqtt.broker.url"
                    : settings.tls() ? "check mqtt.tls.* and the broker's certificate"
                    : "check mqtt.broker.url and that an MQTT 5 broker listens there";
        };
        if (e.getReasonCode() == MqttException.REASON_CODE_CLIENT_EXCEPTION && cause != e) {
            // Paho's own text for reason 0 is "Untranslated MqttException - RC: 0": the cause says what happened
            return cause + "; " + check;
        }
        return e.getMessage() + " (reason " + e.getReasonCode() + (cause != e ? ", " + cause : "") + "); " + check;
    }

    /**
     * Publishes without waiting for the acknowledgement; {@code completion} runs once, on Paho's callback thread or
     * (for a publish refused at once) on the caller's. Waits while the broker's window is full.
     */
    public void publish(String topic, MqttMessage message, Completion completion) {
        Semaphore slots = message.getQos() == 0 ? qos0Queue : window;
        try {
            if (!slots.tryAcquire(WINDOW_WAIT_MILLIS, TimeUnit.MILLISECONDS)) {
                refuse(completion, new MqttException(MqttClientException.REASON_CODE_MAX_INFLIGHT));
                return;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            refuse(completion, e);
            return;
        }
        inFlight.incrementAndGet();
        stats.outputSent();
        try {
            client.publish(topic, message, null, new MqttActionListener() {
                @Override
                public void onSuccess(IMqttToken token) {
                    int[] codes = token.getReasonCodes();
                    if (codes != null && codes.length > 0 && codes[0] >= 0x80) {
                        finish(slots, false);
                        fail(completion, new MqttException(codes[0])); // the broker refused it (PUBACK >= 0x80)
                    } else {
                        finish(slots, true);
                        acknowledged.increment();
                        completion.done(null);
                    }
                }

                @Override
                public void onFailure(IMqttToken token, Throwable exception) {
                    finish(slots, false);
                    fail(completion, exception);
                }
            });
        } catch (MqttException | RuntimeException e) {
            finish(slots, false);
            fail(completion, e);
        }
    }

    /**
     * Publishes at QoS 0 (at most once, as MQTT defines it): returns once the message is queued for the socket, and
     * throws when it cannot be queued (broker away). Nothing waits for the write: a QoS 0 input has nothing to
     * acknowledge, and completing on the caller's thread saves a thread hand-off per message.
     */
    public void publishAtMostOnce(String topic, MqttMessage message) throws MqttException {
        try {
            if (!qos0Queue.tryAcquire(WINDOW_WAIT_MILLIS, TimeUnit.MILLISECONDS)) {
                stats.outputRefused();
                failed.increment();
                throw new MqttException(MqttClientException.REASON_CODE_MAX_INFLIGHT);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            stats.outputRefused();
            failed.increment();
            throw new MqttException(e);
        }
        inFlight.incrementAndGet();
        stats.outputSent();
        try {
            client.publish(topic, message, null, qos0Written);
        } catch (MqttException | RuntimeException e) {
            finish(qos0Queue, false);
            failed.increment();
            throw e;
        }
    }

    /** Frees a QoS 0 queue slot once the message was written (or could not be). */
    private final MqttActionListener qos0Written = new MqttActionListener() {
        @Override
        public void onSuccess(IMqttToken token) {
            finish(qos0Queue, true);
            acknowledged.increment();
        }

        @Override
        public void onFailure(IMqttToken token, Throwable exception) {
            finish(qos0Queue, false);
            failed.increment();
        }
    };

    private void finish(Semaphore slots, boolean acknowledged) {
        inFlight.decrementAndGet();
        stats.outputDone(acknowledged);
        slots.release();
    }

    /** Refused before it was handed to Paho. */
    private void refuse(Completion completion, Throwable failure) {
        stats.outputRefused();
        fail(completion, failure);
    }

    private void fail(Completion completion, Throwable failure) {
        failed.increment();
        completion.done(failure);
    }

    public boolean isConnected() {
        return client.isConnected();
    }

    public String url() {
        return url;
    }

    /** Outputs the broker acknowledged (QoS 1/2) or that were written (QoS 0). */
    public long acknowledged() {
        return acknowledged.sum();
    }

    /** Outputs that failed: refused at once, refused by the broker, or never acknowledged. */
    public long failed() {
        return failed.sum();
    }

    /** Outputs handed to the broker and not yet acknowledged or written. */
    public int inFlight() {
        return inFlight.get();
    }

    /** Waits up to {@code millis} for the outputs in flight, then disconnects. */
    public void disconnect(long millis) {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
        while (inFlight.get() > 0 && client.isConnected() && System.nanoTime() - deadline < 0) {
            try {
                Thread.sleep(5); // a shutdown-only wait on a counter Paho gives no signal for
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        try {
            if (client.isConnected()) {
                client.disconnect(0).waitForCompletion(QUIESCE_MILLIS);
            }
        } catch (MqttException e) {
            LOG.debug("Output client disconnect: {}", e.getMessage());
        }
    }

    @Override
    public void close() {
        disconnect(QUIESCE_MILLIS);
        try {
            client.close(true);
        } catch (MqttException e) {
            LOG.debug("Output client close: {}", e.getMessage());
        }
    }
}
