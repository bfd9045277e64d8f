package io.contractgate.mqtt;

import org.eclipse.paho.mqttv5.client.DisconnectedBufferOptions;
import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttActionListener;
import org.eclipse.paho.mqttv5.client.MqttCallback;
import org.eclipse.paho.mqttv5.client.MqttClient;
import org.eclipse.paho.mqttv5.client.MqttDisconnectResponse;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.client.MqttClientException;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;

import javax.net.SocketFactory;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;

/**
 * The output client handed to camel-paho-mqtt5's producer: {@code publish} queues the message on the underlying
 * asynchronous client instead of waiting for its acknowledgement, so one QoS 1 round trip per message no longer bounds
 * throughput, while the order of outputs is kept (one connection, one send queue).
 *
 * <p>Why: the stock producer calls {@link MqttClient#publish(String, MqttMessage)}, which blocks until the broker's
 * PUBACK arrives, on the consumer's callback thread. Backpressure is kept: when the broker's receive window is full the
 * call waits until an acknowledgement frees a slot (on Paho's own queue lock, see {@link PahoSendQueue}; asking Paho
 * and retrying on its "too many publishes" exception cost a stack trace through the whole route per attempt). At high
 * rates the client's socket sends several queued packets per system call ({@link CoalescingOutputStream}), and each
 * completed publish is finished on Paho's send or receive thread rather than by waking its callback thread
 * ({@link InlineCompletions}); a disconnect therefore drains the outputs itself before it leaves. While the
 * broker is unreachable, outputs go to a bounded buffer that is sent on reconnect; past the bound, publish fails and the
 * route's error handler takes over.
 */
public final class PipelinedMqttClient extends MqttClient {

    /** Paho's reason code for "too many publishes in progress". */
    private static final int MAX_INFLIGHT = MqttClientException.REASON_CODE_MAX_INFLIGHT;
    /** Paho's reason code for "client is not connected". */
    private static final int NOT_CONNECTED = MqttClientException.REASON_CODE_CLIENT_NOT_CONNECTED;
    private static final long WINDOW_WAIT_LIMIT_NANOS = TimeUnit.SECONDS.toNanos(30);
    private static final long RECONNECT_POLL_NANOS = TimeUnit.MILLISECONDS.toNanos(10);
    /** Paho's defaults for how long a disconnect waits for outputs in flight and for its own packet to leave. */
    private static final long QUIESCE_MILLIS = 30_000;
    private static final long DISCONNECT_MILLIS = 10_000;

    private final LongAdder delivered = new LongAdder();
    private final LongAdder failed = new LongAdder();
    private final MqttActionListener listener = new MqttActionListener() {
        @Override
        public void onSuccess(IMqttToken token) {
            delivered.increment();
        }

        @Override
        public void onFailure(IMqttToken token, Throwable exception) {
            failed.increment();
        }
    };

    /** The underlying client's send queue: its window and whether more packets are ready. */
    private final PahoSendQueue sendQueue;

    public PipelinedMqttClient(String serverUri, String clientId) throws MqttException {
        super(serverUri, clientId, new MemoryPersistence());
        sendQueue = new PahoSendQueue(aClient);
        sendQueue.neverReuseTopicAliases();
        InlineCompletions completions = new InlineCompletions(aClient);
        super.setCallback(new MqttCallback() {
            @Override
            public void connectComplete(boolean reconnect, String serverURI) {
                completions.stopCallbackThread(); // every connect starts it again
            }

            @Override
            public void disconnected(MqttDisconnectResponse response) {
            }

            @Override
            public void mqttErrorOccurred(MqttException exception) {
            }

            @Override
            public void messageArrived(String topic, MqttMessage message) {
            }

            @Override
            public void deliveryComplete(IMqttToken token) {
            }

            @Override
            public void authPacketArrived(int reasonCode, MqttProperties properties) {
            }
        });
    }

    /** Refused: the client's own callback stops Paho's callback thread after every connect. */
    @Override
    public void setCallback(MqttCallback callback) {
        throw new UnsupportedOperationException("the output client keeps its own callback");
    }

    /** Connects with the gateway's settings; outputs survive short outages in a bounded offline buffer. */
    public void connect(BrokerSettings settings, int offlineBuffer) throws MqttException {
        MqttConnectionOptions o = new MqttConnectionOptions();
        o.setAutomaticReconnect(true);
        o.setMaxReconnectDelay(5000);
        o.setKeepAliveInterval(settings.keepAlive());
        // keep the session so QoS 1 outputs in flight at a disconnect are resent on reconnect
        o.setCleanStart(false);
        o.setSessionExpiryInterval(Math.max(300L, settings.sessionExpiry()));
        SocketFactory sockets = settings.socketFactory();
        if (sockets instanceof PlainSocketFactory plain) {
            plain.coalesceWith(sendQueue); // this client's own factory; TLS sockets flush every packet
        }
        o.setSocketFactory(sockets);
        if (settings.username() != null) {
            o.setUserName(settings.username());
        }
        if (settings.password() != null) {
            o.setPassword(settings.password().getBytes(StandardCharsets.UTF_8));
        }
        super.connect(o);
        DisconnectedBufferOptions buffer = new DisconnectedBufferOptions();
        buffer.setBufferEnabled(true);
        buffer.setBufferSize(offlineBuffer);
        buffer.setDeleteOldestMessages(false);
        buffer.setPersistBuffer(false);
        aClient.setBufferOpts(buffer);
    }

    /**
     * Why a connect was refused and what to check, naming the settings keys: used at start-up and for a broker change
     * made through the admin API.
     */
    public static String explain(MqttException e, BrokerSettings settings) {
        String check = switch (e.getReasonCode()) {
            case 134, 135 -> "check mqtt.username and mqtt.password";
            case MqttClientException.REASON_CODE_SERVER_CONNECT_ERROR,
                    MqttClientException.REASON_CODE_CLIENT_TIMEOUT -> "is the broker running and reachable?";
            default -> settings.tls() ? "check mqtt.tls.* and the broker's certificate" : "see the cause below";
        };
        Throwable cause = e.getCause() != null ? e.getCause() : e;
        return e.getMessage() + " (reason " + e.getReasonCode() + (cause != e ? ", " + cause : "") + "); " + check;
    }

    @Override
    public void publish(String topic, MqttMessage message) throws MqttException {
        long deadline = System.nanoTime() + WINDOW_WAIT_LIMIT_NANOS;
        while (true) {
            try {
                sendQueue.awaitWindow(deadline - System.nanoTime());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new MqttException(e);
            }
            try {
                aClient.publish(topic, message, null, listener);
                return;
            } catch (MqttException e) {
                int reason = e.getReasonCode();
                boolean retry = reason == MAX_INFLIGHT // another thread took the free slot: wait again
                        // Paho buffers outputs while it waits to reconnect, but refuses them while the connect itself
                        // is under way: wait for it to end either way
                        || reason == NOT_CONNECTED && sendQueue.connecting();
                if (!retry || System.nanoTime() - deadline > 0) {
                    throw e; // the broker stopped acknowledging, or the client was closed: the error handler decides
                }
                if (reason == NOT_CONNECTED) {
                    LockSupport.parkNanos(RECONNECT_POLL_NANOS);
                }
            }
        }
    }

    /** Waits up to 30 s for the outputs in flight, then disconnects. */
    @Override
    public void disconnect() throws MqttException {
        disconnect(QUIESCE_MILLIS);
    }

    /**
     * Waits up to {@code quiesceTimeout} ms for the outputs in flight to be written (QoS 0) or acknowledged, then
     * disconnects. Why not Paho's own quiesce: it waits for a callback thread this client does not run, so it would
     * always take the full timeout.
     */
    @Override
    public void disconnect(long quiesceTimeout) throws MqttException {
        drain(quiesceTimeout);
        super.disconnect(0);
    }

    @Override
    public void disconnectForcibly() throws MqttException {
        disconnectForcibly(QUIESCE_MILLIS, DISCONNECT_MILLIS, true);
    }

    @Override
    public void disconnectForcibly(long disconnectTimeout) throws MqttException {
        disconnectForcibly(QUIESCE_MILLIS, disconnectTimeout, true);
    }

    @Override
    public void disconnectForcibly(long quiesceTimeout, long disconnectTimeout) throws MqttException {
        disconnectForcibly(quiesceTimeout, disconnectTimeout, true);
    }

    /** As {@link #disconnect(long)}: the outputs are drained here, Paho's quiesce is skipped. */
    @Override
    public void disconnectForcibly(long quiesceTimeout, long disconnectTimeout, boolean sendDisconnectPacket)
            throws MqttException {
        drain(quiesceTimeout);
        super.disconnectForcibly(0, disconnectTimeout, sendDisconnectPacket);
    }

    private void drain(long millis) {
        if (millis <= 0) {
            return;
        }
        try {
            sendQueue.awaitDrained(TimeUnit.MILLISECONDS.toNanos(millis));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt(); // stop waiting, but still disconnect
        }
    }

    /** Outputs the broker acknowledged (QoS 1/2) or that were written (QoS 0). */
    public long delivered() {
        return delivered.sum();
    }

    /** Outputs whose delivery failed after they were queued. */
    public long failed() {
        return failed.sum();
    }

    /** Outputs queued but not yet acknowledged or sent. */
    public int inFlight() {
        return aClient.getInFlightMessageCount() + aClient.getBufferedMessageCount();
    }
}
