package io.contractgate.mqtt;

import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.apache.camel.component.paho.mqtt5.PahoMqtt5Constants;
import org.apache.camel.component.paho.mqtt5.PahoMqtt5Message;
import org.apache.camel.support.DefaultConsumer;
import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttActionListener;
import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.eclipse.paho.mqttv5.client.MqttCallback;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.MqttDisconnectResponse;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.MqttSubscription;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A mapping's MQTT input with an at-least-once guarantee: a message is acknowledged to the broker only when its route
 * finished without an error, i.e. after its output was acknowledged by the broker (the output step completes the
 * exchange on PUBACK, see {@link AsyncPublishProducer}). A crash at any moment therefore means redelivery, never loss.
 *
 * <p>Why not camel-paho-mqtt5's own consumer: it connects before it sets its callback (messages the broker sends from a
 * resumed session in between are dropped by Paho and stay unacknowledged until the next connection), and it waits
 * for nothing when it stops. This one, on Paho's public asynchronous client:
 * <ul>
 *   <li>sets its callback before it connects, and subscribes on every connect (retained messages only for a new
 *   subscription);</li>
 *   <li>never acknowledges across connections: an exchange that finishes after a reconnect is left to the broker's
 *   redelivery of the same message (packet ids belong to a connection's session);</li>
 *   <li>when an output failed (so the input stays unacknowledged) while the connection is up, reconnects after a
 *   backoff (1 s doubling to 30 s) so that the broker delivers it again;</li>
 *   <li>reconnects itself (not with Paho's automatic reconnect), each time with a new Paho client on the same client
 *   id (the broker resumes the session), and acknowledges a message only through the client it came on: Paho 1.2.5
 *   queues an acknowledgement sent while it is disconnected ({@code messageArrivedComplete} does not check the
 *   connection), and its next connect then hangs for ever (the sender thread finds a packet other than CONNECT
 *   first, stops, and {@code CommsSender.start} waits for it to run);</li>
 *   <li>on stop, takes no new messages, waits up to {@link #DRAIN_MILLIS} for those in flight to be acknowledged, and
 *   disconnects without unsubscribing: with a persistent session the broker keeps queueing (a pause).</li>
 * </ul>
 *
 * Longer than ~250 lines on purpose: the acknowledgement bookkeeping (per-connection packet ids, in-flight count,
 * redelivery marks) is one state machine; the fault tests in io.contractgate.faults pin its behaviour.
 */
public final class AtLeastOnceConsumer extends DefaultConsumer {

    private static final Logger LOG = LoggerFactory.getLogger(AtLeastOnceConsumer.class);
    /** Header: true when the broker delivered this input before (MQTT DUP flag); read by the contract check. */
    public static final String REDELIVERED_HEADER = "ContractRedelivered";
    static final long DRAIN_MILLIS = 10_000;
    private static final long WAIT_MILLIS = 30_000;
    /** Inputs the broker may have in flight to one mapping (MQTT 5 receive maximum). */
    static final int INPUT_WINDOW = 1_000;
    private static final long MIN_BACKOFF_MILLIS = 1_000;
    private static final long MAX_BACKOFF_MILLIS = 30_000;
    /** MQTT 5 DISCONNECT reason 0x8E: another connection with the same client id took the session. */
    private static final int SESSION_TAKEN_OVER = 0x8E;

    private final GatewayPahoEndpoint endpoint;
    private final TransportStats stats;
    private final ScheduledExecutorService scheduler;
    private final String clientId;
    /** The filter subscribed: the endpoint's topic, or {@code $share/<group>/<topic>} in a fleet. */
    private final String subscription;
    private volatile MqttAsyncClient client;
    private volatile MqttConnectionOptions options;
    /**
     * Bumped whenever a connection ends: an acknowledgement is sent only on the connection its message came on (a
     * message that arrives on a new connection is counted under the new number, whatever Paho's callback order).
     */
    private final AtomicInteger connection = new AtomicInteger();
    private final AtomicInteger inFlight = new AtomicInteger();
    /** Packet ids received on the current connection and not acknowledged yet. */
    private final java.util.Set<Integer> unacknowledgedIds = java.util.concurrent.ConcurrentHashMap.newKeySet();
    /**
     * Packet ids left unacknowledged when a connection ended: the broker resends those messages on the next connection
     * with the same ids (MQTT 5 §4.4), so their arrival is a redelivery. Why not the DUP flag: Paho 1.2.5 does not pass
     * it on to the application ({@code MqttMessage.isDuplicate()} is always false for received messages).
     */
    private final java.util.Set<Integer> expectedRedeliveries = java.util.concurrent.ConcurrentHashMap.newKeySet();
    private final AtomicBoolean redeliveryScheduled = new AtomicBoolean();
    /** The latest connection on which an output failed (its input is waiting for a redelivery). */
    private final AtomicInteger failedOnConnection = new AtomicInteger(-1);
    private final AtomicBoolean reconnectScheduled = new AtomicBoolean();
    private volatile long reconnectDelayMillis = MIN_BACKOFF_MILLIS;
    private volatile long maxReconnectDelayMillis = MAX_BACKOFF_MILLIS;
    private volatile long backoffMillis = MIN_BACKOFF_MILLIS;
    private volatile boolean stopping;

    AtLeastOnceConsumer(GatewayPahoEndpoint endpoint, Processor processor, TransportStats stats,
                        ScheduledExecutorService scheduler) {
        super(endpoint, processor);
        this.endpoint = endpoint;
        this.stats = stats;
        this.scheduler = scheduler;
        String base = endpoint.getConfiguration().getClientId();
        this.subscription = SharedSubscription.filter(endpoint.getComponent().sharedGroup(), endpoint.getTopic());
        this.clientId = Sessions.clientId(base == null ? SharedSubscription.DEFAULT_CLIENT_ID : base, subscription);
    }

    /** The client id holding this input's session at the broker. */
    public String clientId() {
        return clientId;
    }

    public boolean isConnected() {
        MqttAsyncClient c = client;
        return c != null && c.isConnected();
    }

    @Override
    protected void doStart() throws Exception {
        super.doStart();
        endpoint.getComponent().awaitBroker(); // at start: the embedded broker is up, the output client connected
        stopping = false;
        options = endpoint.connectionOptions();
        options.setReceiveMaximum(INPUT_WINDOW);
        maxReconnectDelayMillis = Math.max(MIN_BACKOFF_MILLIS, options.getAutomaticReconnectMaxDelay() * 1000L);
        options.setAutomaticReconnect(false); // see reconnect(): a new Paho client for every connection
        reconnectDelayMillis = MIN_BACKOFF_MILLIS;
        MqttAsyncClient c = newClient();
        client = c;
        c.connect(options).waitForCompletion(WAIT_MILLIS);
        IMqttToken granted = subscribe(c);
        granted.waitForCompletion(WAIT_MILLIS);
        Sessions.requireGranted(granted, clientId, subscription);
        LOG.debug("Input {} subscribed to {}", clientId, subscription);
    }

    /** A Paho client for one connection, with manual acks and the callback set before it connects. */
    private MqttAsyncClient newClient() throws MqttException {
        MqttAsyncClient c = new MqttAsyncClient(endpoint.getConfiguration().getBrokerUrl(), clientId,
                new MemoryPersistence());
        c.setManualAcks(true);
        c.setCallback(new Callback(c)); // before connecting: a resumed session delivers at once
        return c;
    }

    /** Reconnects after {@code delayMillis} unless a reconnect is already scheduled. */
    private void scheduleReconnect(long delayMillis) {
        if (stopping || !reconnectScheduled.compareAndSet(false, true)) {
            return;
        }
        try {
            scheduler.schedule(() -> {
                reconnectScheduled.set(false);
                reconnect();
            }, delayMillis, TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.RejectedExecutionException e) {
            reconnectScheduled.set(false); // shutting down
        }
    }

    /**
     * Ends the current connection (if any) and connects a new Paho client with the same client id: the broker
     * resumes the session and delivers every unacknowledged message again. Retries with a backoff when the broker
     * cannot be reached.
     */
    private synchronized void reconnect() {
        if (stopping) {
            return;
        }
        connection.incrementAndGet(); // nothing handled on the old connection is acknowledged from now on
        expectedRedeliveries.addAll(unacknowledgedIds);
        unacknowledgedIds.removeAll(expectedRedeliveries);
        MqttAsyncClient old = client;
        client = null;
        closeQuietly(old);
        MqttAsyncClient c = null;
        try {
            c = newClient();
            client = c;
            c.connect(options).waitForCompletion(WAIT_MILLIS);
            reconnectDelayMillis = MIN_BACKOFF_MILLIS;
        } catch (MqttException e) {
            if (client == c) {
                client = null;
            }
            closeQuietly(c);
            long delay = reconnectDelayMillis;
            reconnectDelayMillis = Math.min(maxReconnectDelayMillis, delay * 2);
            LOG.warn("Input {}: reconnecting to {} failed ({}); retrying in {} ms", clientId,
                    endpoint.getConfiguration().getBrokerUrl(), e.getMessage(), delay);
            scheduleReconnect(delay);
        }
    }

    private void closeQuietly(MqttAsyncClient c) {
        if (c == null) {
            return;
        }
        try {
            if (c.isConnected()) {
                c.disconnect(0).waitForCompletion(WAIT_MILLIS); // the session (and subscription) stays
            }
        } catch (MqttException e) {
            LOG.debug("Input {} disconnect: {}", clientId, e.getMessage());
        }
        try {
            c.close(true);
        } catch (MqttException e) {
            LOG.debug("Input {} close: {}", clientId, e.getMessage());
        }
    }

    private IMqttToken subscribe(MqttAsyncClient c) throws MqttException {
        // the output topic comes from each message's own topic, never from this filter (no $share/... in outputs)
        MqttSubscription sub = new MqttSubscription(subscription, endpoint.getConfiguration().getQos());
        sub.setRetainHandling(1);
        return c.subscribe(new MqttSubscription[] {sub}, null, null, new MqttProperties());
    }

    @Override
    protected void doStop() throws Exception {
        stopping = true;
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(DRAIN_MILLIS);
        synchronized (inFlight) {
            long left;
            while (inFlight.get() > 0 && (left = deadline - System.nanoTime()) > 0) {
                inFlight.wait(Math.max(1, TimeUnit.NANOSECONDS.toMillis(left)));
            }
        }
        if (inFlight.get() > 0) {
            LOG.warn("Input {} stops with {} messages unacknowledged: the broker delivers them again", clientId,
                    inFlight.get());
        }
        MqttAsyncClient c;
        synchronized (this) { // not while a reconnect swaps the client
            c = client;
            client = null;
        }
        closeQuietly(c);
        super.doStop();
    }

    private void handle(MqttAsyncClient origin, String topic, MqttMessage message) {
        InputWindow window = endpoint.getComponent().inputWindow();
        int cost = window.cost(message.getPayload().length);
        // waits while the inputs hold their bytes' worth: Paho stops reading, the backlog stays at the broker
        if (stopping || !window.take(cost, () -> stopping)) {
            return; // not acknowledged: the broker delivers it again when the session is taken up
        }
        handleInWindow(origin, topic, message, cost);
    }

    private void handleInWindow(MqttAsyncClient origin, String topic, MqttMessage message, int cost) {
        int conn = connection.get();
        boolean duplicate = message.isDuplicate();
        Exchange exchange;
        try { // until the exchange runs, complete() (which gives the bytes back) is not reached
            if (message.getQos() > 0) { // QoS 0 is never redelivered and never acknowledged
                duplicate |= !expectedRedeliveries.isEmpty() && expectedRedeliveries.remove(message.getId());
                unacknowledgedIds.add(message.getId());
            }
            stats.received(duplicate);
            exchange = createExchange(false);
            PahoMqtt5Message in = new PahoMqtt5Message(exchange.getContext(), message);
            in.setBody(message.getPayload());
            in.setHeader(PahoMqtt5Constants.MQTT_TOPIC, topic);
            in.setHeader(PahoMqtt5Constants.MQTT_QOS, message.getQos());
            in.setHeader(PahoMqtt5Constants.CAMEL_PAHO_MSG_PROPERTIES, message.getProperties());
            if (duplicate) {
                in.setHeader(REDELIVERED_HEADER, Boolean.TRUE);
            }
            exchange.setIn(in);
        } catch (RuntimeException | Error e) {
            endpoint.getComponent().inputWindow().give(cost);
            throw e;
        }
        inFlight.incrementAndGet();
        try {
            getAsyncProcessor().process(exchange, doneSync -> complete(exchange, origin, message, conn, cost));
        } catch (RuntimeException e) {
            exchange.setException(e);
            complete(exchange, origin, message, conn, cost);
        }
    }

    private void complete(Exchange exchange, MqttAsyncClient origin, MqttMessage message, int conn, int cost) {
        try {
            boolean ok = exchange.getException() == null && exchange.getProperty(Exchange.EXCEPTION_CAUGHT) == null
                    && !exchange.isRollbackOnly();
            if (exchange.getException() != null) {
                getExceptionHandler().handleException("Input " + clientId + " could not handle a message",
                        exchange, exchange.getException());
            }
            if (!ok && !undeliverable(exchange)) {
                stats.unack();
                scheduleRedelivery(conn);
            } else if (message.getQos() == 0) {
                stats.doneWithoutAck();
            } else if (conn != connection.get() || origin != client) {
                stats.skipAfterReconnect();
            } else {
                ack(origin, message);
            }
        } finally {
            releaseExchange(exchange, false);
            endpoint.getComponent().inputWindow().give(cost);
            if (inFlight.decrementAndGet() == 0 && stopping) {
                synchronized (inFlight) {
                    inFlight.notifyAll();
                }
            }
        }
    }

    /**
     * The output can never be published (the error handler logged and counted it): acknowledged like a handled input,
     * since a redelivery would fail the same way for ever.
     */
    private static boolean undeliverable(Exchange exchange) {
        Throwable failure = exchange.getException() != null ? exchange.getException()
                : exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        return failure instanceof UndeliverableOutputException;
    }

    private void ack(MqttAsyncClient c, MqttMessage message) {
        try {
            if (!c.isConnected()) {
                throw new MqttException(org.eclipse.paho.mqttv5.client.MqttClientException.REASON_CODE_CLIENT_NOT_CONNECTED);
            }
            c.messageArrivedComplete(message.getId(), message.getQos());
            unacknowledgedIds.remove(message.getId());
            stats.ack();
            backoffMillis = MIN_BACKOFF_MILLIS;
        } catch (MqttException e) {
            // the connection went away meanwhile: the broker delivers it again on the next one
            stats.skipAfterReconnect();
            LOG.debug("Input {}: acknowledgement of message {} not sent: {}", clientId, message.getId(), e.getMessage());
        }
    }

    /**
     * An output failed while this connection is up, so its input stays unacknowledged: MQTT redelivers only on a new
     * connection, so reconnect after a backoff unless a reconnect happens anyway.
     */
    private void scheduleRedelivery(int conn) {
        if (stopping || conn != connection.get()) {
            return; // it came on an older connection: the broker delivers it again on the current one
        }
        // remembered before the check below, so a pending check sees it or a new one is scheduled
        failedOnConnection.accumulateAndGet(conn, Math::max);
        if (!redeliveryScheduled.compareAndSet(false, true)) {
            return; // the scheduled check covers this failure too
        }
        long delay = backoffMillis;
        backoffMillis = Math.min(MAX_BACKOFF_MILLIS, delay * 2);
        LOG.warn("Input {}: an output failed; reconnecting in {} ms so the broker delivers the unacknowledged "
                + "message again", clientId, delay);
        scheduler.schedule(() -> {
            redeliveryScheduled.set(false);
            MqttAsyncClient c = client;
            // decided on the connection current now, not the one that scheduled the check: a check scheduled for
            // an older connection must not swallow a failure on this one
            if (stopping || c == null || failedOnConnection.get() != connection.get() || !c.isConnected()) {
                return; // no failure on this connection, or a reconnect is under way: the broker redelivers then
            }
            reconnect();
        }, delay, TimeUnit.MILLISECONDS);
    }

    /** Paho's callbacks for one client of this input; messages run the route on Paho's callback thread. */
    private final class Callback implements MqttCallback {
        private final MqttAsyncClient c;

        Callback(MqttAsyncClient c) {
            this.c = c;
        }

        @Override
        public void messageArrived(String topic, MqttMessage message) {
            handle(c, topic, message);
        }

        @Override
        public void connectComplete(boolean reconnect, String serverURI) {
            if (reconnect || !isStarting()) {
                try {
                    if (c == client) {
                        // a resumed session has the subscription already; a lost one (broker without persistence) not
                        subscribe(c).setActionCallback(new MqttActionListener() {
                            @Override
                            public void onSuccess(IMqttToken token) {
                                try {
                                    Sessions.requireGranted(token, clientId, subscription);
                                    LOG.info("Input {} reconnected to {} and subscribed to {}", clientId,
                                            BrokerSettings.shown(serverURI), subscription);
                                } catch (io.contractgate.startup.StartupProblem refused) {
                                    LOG.error("Input {} reconnected to {}, but {}", clientId,
                                            BrokerSettings.shown(serverURI), refused.getMessage());
                                }
                            }

                            @Override
                            public void onFailure(IMqttToken token, Throwable e) {
                                LOG.error("Input {}: subscribing to {} failed: {}", clientId, subscription,
                                        e.getMessage());
                            }
                        });
                    }
                } catch (MqttException e) {
                    LOG.error("Input {}: subscribing to {} failed: {}", clientId, subscription, e.getMessage());
                }
            }
        }

        @Override
        public void disconnected(MqttDisconnectResponse response) {
            if (c != client) {
                return; // a client this input already replaced
            }
            connection.incrementAndGet();
            if (!stopping && response.getReturnCode() == SESSION_TAKEN_OVER) {
                // another live client connected with this id: two gateways share an mqtt.client-id (each takes the
                // session from the other in turn; nothing is lost, but both keep reconnecting)
                LOG.error("mqtt.client-id: another client took over the session {} (reason 142): two gateway instances "
                        + "use the same client ids; give each instance its own mqtt.client-id", clientId);
            }
            if (!stopping) {
                LOG.warn("Input {} lost the broker: {}", clientId, response.getException() != null
                        ? response.getException().getMessage() : response.getReasonString());
                scheduleReconnect(MIN_BACKOFF_MILLIS);
            }
        }

        @Override
        public void mqttErrorOccurred(MqttException exception) {
            LOG.warn("Input {}: {}", clientId, exception.getMessage());
        }

        @Override
        public void deliveryComplete(IMqttToken token) {
        }

        @Override
        public void authPacketArrived(int reasonCode, MqttProperties properties) {
        }
    }
}
