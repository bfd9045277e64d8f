package io.contractgate.mqtt;

import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.eclipse.paho.mqttv5.client.internal.MqttConnectionState;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.List;
import java.util.Vector;
import java.util.function.BooleanSupplier;

/**
 * A read-only view of a Paho client's send queue: whether its send thread has another packet it can send at once (so
 * the packet just written need not be flushed yet), and a wait for room in the broker's receive window.
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

    static {
        try {
            Class<?> comms = Class.forName("org.eclipse.paho.mqttv5.client.internal.ClientComms");
            Class<?> state = Class.forName("org.eclipse.paho.mqttv5.client.internal.ClientState");
            MethodHandles.Lookup client = MethodHandles.privateLookupIn(MqttAsyncClient.class, MethodHandles.lookup());
            MethodHandles.Lookup c = MethodHandles.privateLookupIn(comms, MethodHandles.lookup());
            MethodHandles.Lookup s = MethodHandles.privateLookupIn(state, MethodHandles.lookup());
            COMMS = client.findVarHandle(MqttAsyncClient.class, "comms", comms);
            CLIENT_STATE = c.findVarHandle(comms, "clientState", state);
            QUEUE_LOCK = s.findVarHandle(state, "queueLock", Object.class);
            PENDING_MESSAGES = s.findVarHandle(state, "pendingMessages", Vector.class);
            PENDING_FLOWS = s.findVarHandle(state, "pendingFlows", Vector.class);
            ACTUAL_IN_FLIGHT = s.findVarHandle(state, "actualInFlight", int.class);
            CONNECTION = s.findVarHandle(state, "mqttConnection", MqttConnectionState.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final MqttAsyncClient client;
    private final Object state;
    /** Paho's queue lock: guards the queues and the in-flight count, and is notified whenever either changes. */
    private final Object lock;
    private final MqttConnectionState connection;

    PahoSendQueue(MqttAsyncClient client) {
        this.client = client;
        state = CLIENT_STATE.get(COMMS.get(client));
        lock = QUEUE_LOCK.get(state);
        connection = (MqttConnectionState) CONNECTION.get(state);
    }

    /**
     * Waits until the broker's receive window has room for another publish, the client is disconnected (Paho then
     * buffers the publish instead) or {@code maxNanos} pass. Paho notifies its queue lock whenever an acknowledgement
     * frees a slot; without this wait Paho rejects the publish with an exception (a stack trace through the whole
     * route) and the caller could only retry blindly.
     */
    void awaitWindow(long maxNanos) throws InterruptedException {
        long deadline = System.nanoTime() + maxNanos;
        synchronized (lock) {
            long left;
            while ((int) ACTUAL_IN_FLIGHT.get(state) >= connection.getReceiveMaximum() && client.isConnected()
                    && (left = deadline - System.nanoTime()) > 0) {
                lock.wait(Math.max(1, Math.min(100, left / 1_000_000)));
            }
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
            return messages != null && !messages.isEmpty()
                    && (int) ACTUAL_IN_FLIGHT.get(state) < connection.getReceiveMaximum();
        }
    }
}
