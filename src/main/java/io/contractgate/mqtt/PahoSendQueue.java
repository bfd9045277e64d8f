package io.contractgate.mqtt;

import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.eclipse.paho.mqttv5.client.internal.ClientComms;
import org.eclipse.paho.mqttv5.client.internal.MqttConnectionState;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.Hashtable;
import java.util.List;
import java.util.Vector;
import java.util.function.BooleanSupplier;

/**
 * A view into a Paho client's send queue: whether its send thread has another packet it can send at once (so the packet
 * just written need not be flushed yet), a wait for room in the broker's receive window, and (the one change it makes)
 * an outgoing topic-alias table that remembers nothing.
 *
 * <p>Why reflection: Paho 1.2.5 keeps its send queue private and offers neither. The "more to send" answer mirrors the
 * condition under which Paho's {@code ClientState.get()} returns without waiting (a pending flow, or a pending message
 * while the receive window has room) and is read under the same lock, so a "yes" is always followed by another write
 * and flush on the send thread. The field names are checked when the class loads: a Paho upgrade that renames them
 * fails at start, not at the first message.
 */
final class PahoSendQueue implements BooleanSupplier {

    private static final VarHandle COMMS;
    private static final VarHandle CLIENT_STATE;
    private static final VarHandle QUEUE_LOCK;
    private static final VarHandle PENDING_MESSAGES;
    private static final VarHandle PENDING_FLOWS;
    private static final VarHandle ACTUAL_IN_FLIGHT;
    private static final VarHandle CONNECTION;
    private static final VarHandle TOPIC_ALIASES;

    static {
        try {
            Class<?> state = Class.forName("org.eclipse.paho.mqttv5.client.internal.ClientState");
            MethodHandles.Lookup client = MethodHandles.privateLookupIn(MqttAsyncClient.class, MethodHandles.lookup());
            MethodHandles.Lookup c = MethodHandles.privateLookupIn(ClientComms.class, MethodHandles.lookup());
            MethodHandles.Lookup s = MethodHandles.privateLookupIn(state, MethodHandles.lookup());
            COMMS = client.findVarHandle(MqttAsyncClient.class, "comms", ClientComms.class);
            CLIENT_STATE = c.findVarHandle(ClientComms.class, "clientState", state);
            QUEUE_LOCK = s.findVarHandle(state, "queueLock", Object.class);
            PENDING_MESSAGES = s.findVarHandle(state, "pendingMessages", Vector.class);
            PENDING_FLOWS = s.findVarHandle(state, "pendingFlows", Vector.class);
            ACTUAL_IN_FLIGHT = s.findVarHandle(state, "actualInFlight", int.class);
            CONNECTION = s.findVarHandle(state, "mqttConnection", MqttConnectionState.class);
            TOPIC_ALIASES = s.findVarHandle(state, "outgoingTopicAliases", Hashtable.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final MqttAsyncClient client;
    private final ClientComms comms;
    private final Object state;
    /** Paho's queue lock: guards the queues and the in-flight count, and is notified whenever either changes. */
    private final Object lock;
    private final MqttConnectionState connection;
    /** {@link #windowFull()} as a condition, made once: the window wait is on every publish. */
    private final BooleanSupplier windowFull = this::windowFull;

    PahoSendQueue(MqttAsyncClient client) {
        this.client = client;
        comms = commsOf(client);
        state = CLIENT_STATE.get(comms);
        lock = QUEUE_LOCK.get(state);
        connection = (MqttConnectionState) CONNECTION.get(state);
    }

    /** The client's connection internals (Paho keeps them private). */
    static ClientComms commsOf(MqttAsyncClient client) {
        return (ClientComms) COMMS.get(client);
    }

    /**
     * Waits until every publish handed to the client has been written (QoS 0) or acknowledged (QoS 1 and 2), the client
     * is disconnected or {@code maxNanos} pass. Paho notifies its queue lock whenever its in-flight count drops.
     */
    void awaitDrained(long maxNanos) throws InterruptedException {
        awaitWhile(() -> (int) ACTUAL_IN_FLIGHT.get(state) > 0, maxNanos);
    }

    /**
     * Waits until the broker's receive window has room for another publish, the client is disconnected (Paho then
     * buffers the publish instead) or {@code maxNanos} pass. Paho notifies its queue lock whenever an acknowledgement
     * frees a slot; without this wait Paho rejects the publish with an exception (a stack trace through the whole
     * route) and the caller could only retry blindly.
     */
    void awaitWindow(long maxNanos) throws InterruptedException {
        awaitWhile(windowFull, maxNanos);
    }

    /** Waits on Paho's queue lock while {@code condition} (read under it) holds and the client is connected. */
    private void awaitWhile(BooleanSupplier condition, long maxNanos) throws InterruptedException {
        long deadline = System.nanoTime() + maxNanos;
        synchronized (lock) {
            long left;
            while (condition.getAsBoolean() && client.isConnected()
                    && (left = deadline - System.nanoTime()) > 0) {
                lock.wait(Math.max(1, Math.min(100, left / 1_000_000)));
            }
        }
    }

    /**
     * Makes the client send the full topic name with every publish, never a topic alias.
     *
     * <p>Why: Paho 1.2.5 records a new alias before it checks the receive window, and a publish it then rejects ("too
     * many publishes in progress", routine under load and when it replays its offline buffer after a reconnect)
     * leaves the alias recorded although the broker never saw it. The next publish to that topic carries only the
     * alias, and the broker drops the connection with a protocol error. With an alias table that never remembers,
     * Paho either sends no alias or one together with the topic name (a valid definition), so no publish depends on
     * an earlier one.
     */
    void neverReuseTopicAliases() {
        TOPIC_ALIASES.set(state, new ForgetfulAliases());
    }

    /** True while the client is opening a connection (Paho then refuses publishes instead of buffering them). */
    boolean connecting() {
        return comms.isConnecting();
    }

    /** A topic alias table that remembers nothing. */
    private static final class ForgetfulAliases extends Hashtable<String, Integer> {
        @Override
        public synchronized Integer put(String topic, Integer alias) {
            return null;
        }

        @Override
        public synchronized boolean containsKey(Object topic) {
            return false;
        }
    }

    @Override
    public boolean getAsBoolean() {
        synchronized (lock) {
            List<?> flows = (List<?>) PENDING_FLOWS.get(state);
            if (flows != null && !flows.isEmpty()) {
                return true;
            }
            List<?> messages = (List<?>) PENDING_MESSAGES.get(state);
            return messages != null && !messages.isEmpty() && !windowFull();
        }
    }

    /** Whether the broker's receive window is full: Paho's own test. Call with {@link #lock} held. */
    private boolean windowFull() {
        return (int) ACTUAL_IN_FLIGHT.get(state) >= connection.getReceiveMaximum();
    }
}
