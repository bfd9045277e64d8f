package io.contractgate.mqtt;

import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.eclipse.paho.mqttv5.client.MqttCallback;
import org.eclipse.paho.mqttv5.client.MqttClient;
import org.eclipse.paho.mqttv5.client.MqttDisconnectResponse;
import org.eclipse.paho.mqttv5.client.MqttToken;
import org.eclipse.paho.mqttv5.client.internal.CommsCallback;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;
import org.eclipse.paho.mqttv5.common.packet.MqttPublish;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.net.SocketFactory;
import java.io.IOException;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.invoke.VarHandle;
import java.util.ArrayList;
import java.util.List;

/**
 * Makes an input client handle each message (runs the mapping's route) on Paho's receive thread, right after the
 * packet was read, instead of handing it to Paho's callback thread: one thread hand-off less per message.
 *
 * <p>Why: Paho queues every arriving message to its callback thread and wakes it (a futex wake and a context switch
 * per message, about 12 % of the gateway's CPU at full rate). Paho has no inline mode, and the direct interceptions
 * deadlock (see docs/performance.md, "Why inline delivery is built the way it is"), so this works in three parts:
 * <ol>
 *   <li>the callback's message queue keeps nothing: a message added by the receive thread is remembered and run by
 *   {@link #runDeferred()}, which the receive thread calls from its socket stream's {@code available()} at the top of
 *   its next loop, after Paho has released every lock (see {@link PlainSocketFactory});</li>
 *   <li>Paho's callback thread is parked inside a callback of ours, where the per-message wake-ups of Paho's
 *   {@code workAvailable} monitor do not reach it; parked, it still finishes the client's rare completions (pings,
 *   (un)subscribes, the connect), woken by the completion queue itself, so quiesce and disconnect behave as
 *   before;</li>
 *   <li>after a reconnect (Paho starts a new callback thread) the new thread is parked again.</li>
 * </ol>
 * Only for sockets from {@link PlainSocketFactory} (the TLS stream has no hook); other clients keep Paho's default.
 * Ordering is kept: one receive thread per client, each message handled before the next packet is read.
 */
public final class InlineDelivery {

    private static final Logger LOG = LoggerFactory.getLogger(InlineDelivery.class);

    private static final VarHandle A_CLIENT;
    private static final VarHandle MESSAGE_QUEUE;
    private static final VarHandle COMPLETE_QUEUE = InlineCompletions.COMPLETE_QUEUE;
    private static final VarHandle MQTT_CALLBACK;
    private static final VarHandle CLIENT_CALLBACK;
    private static final VarHandle WORK_AVAILABLE;
    private static final VarHandle CALLBACK_THREAD;
    private static final MethodHandle HANDLE_MESSAGE;
    private static final MethodHandle HANDLE_ACTION_COMPLETE = InlineCompletions.HANDLE_ACTION_COMPLETE;
    private static final VarHandle CLIENT_STATE;
    private static final MethodHandle CHECK_QUIESCE_LOCK;

    static {
        try {
            MethodHandles.Lookup client = MethodHandles.privateLookupIn(MqttClient.class, MethodHandles.lookup());
            MethodHandles.Lookup cb = MethodHandles.privateLookupIn(CommsCallback.class, MethodHandles.lookup());
            A_CLIENT = client.findVarHandle(MqttClient.class, "aClient", MqttAsyncClient.class);
            CLIENT_CALLBACK = MethodHandles.privateLookupIn(MqttAsyncClient.class, MethodHandles.lookup())
                    .findVarHandle(MqttAsyncClient.class, "mqttCallback", MqttCallback.class);
            MESSAGE_QUEUE = cb.findVarHandle(CommsCallback.class, "messageQueue", ArrayList.class);
            MQTT_CALLBACK = cb.findVarHandle(CommsCallback.class, "mqttCallback", MqttCallback.class);
            WORK_AVAILABLE = cb.findVarHandle(CommsCallback.class, "workAvailable", Object.class);
            CALLBACK_THREAD = cb.findVarHandle(CommsCallback.class, "callbackThread", Thread.class);
            HANDLE_MESSAGE = cb.findVirtual(CommsCallback.class, "handleMessage",
                    MethodType.methodType(void.class, MqttPublish.class));
            Class<?> state = Class.forName("org.eclipse.paho.mqttv5.client.internal.ClientState");
            CLIENT_STATE = cb.findVarHandle(CommsCallback.class, "clientState", state);
            CHECK_QUIESCE_LOCK = MethodHandles.privateLookupIn(state, MethodHandles.lookup())
                    .findVirtual(state, "checkQuiesceLock", MethodType.methodType(boolean.class))
                    .asType(MethodType.methodType(boolean.class, Object.class));
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /** The message this receive thread read last and has not handled yet. */
    private static final ThreadLocal<Deferred> DEFERRED = new ThreadLocal<>();

    /** Queued like a message so that Paho's callback thread runs our callback, which parks it. */
    private final byte[] parkMark = new byte[0];
    private final MqttPublish parkRequest = new MqttPublish("$contractgate/park",
            new MqttMessage(parkMark, 0, false, new MqttProperties()), new MqttProperties());

    private final MqttAsyncClient async;
    private final CommsCallback callback;
    private final Object workAvailable;
    private final Object clientState;
    /** Notified when work is queued for the parked callback thread, which waits here, not on Paho's monitor. */
    private final Object signal = new Object();
    /** Guarded by {@link #signal}. */
    private boolean signalled;
    private final MqttCallback delegate;

    private InlineDelivery(MqttClient client) {
        async = (MqttAsyncClient) A_CLIENT.get(client);
        callback = InlineCompletions.callbackOf(PahoSendQueue.commsOf(async));
        workAvailable = WORK_AVAILABLE.get(callback);
        clientState = CLIENT_STATE.get(callback);
        delegate = (MqttCallback) MQTT_CALLBACK.get(callback);
    }

    /**
     * Installs inline delivery on a connected, subscribed client whose callback is set (a started camel-paho-mqtt5
     * consumer's). Returns false, changing nothing, when its sockets do not come from a {@link PlainSocketFactory};
     * a second call for the same client changes nothing either.
     */
    public static boolean install(MqttClient client, SocketFactory socketFactory) {
        if (!(socketFactory instanceof PlainSocketFactory)) {
            return false;
        }
        InlineDelivery d = new InlineDelivery(client);
        if (d.delegate == null) {
            throw new IllegalStateException("install after the consumer has set its callback");
        }
        if (d.delegate instanceof Parking) {
            return true; // already installed on this client (a route restarted quickly can ask twice)
        }
        synchronized (d.workAvailable) { // Paho's own guard of both queues
            COMPLETE_QUEUE.set(d.callback, d.new SignallingCompletions());
            MESSAGE_QUEUE.set(d.callback, d.new DeferringMessages());
        }
        Parking parking = d.new Parking();
        MQTT_CALLBACK.set(d.callback, parking);
        CLIENT_CALLBACK.set(d.async, parking); // the client hands it to each (re)connect, for connectComplete
        d.parkCallbackThread();
        return true;
    }

    /**
     * Handles the message this thread deferred, if any. Called by the receive thread's socket stream before Paho
     * reads the next packet; a failure surfaces as an I/O error, on which Paho drops and re-opens the connection, as it
     * does when its callback thread fails.
     */
    static void runDeferred() throws IOException {
        Deferred d = DEFERRED.get();
        if (d != null) {
            DEFERRED.set(null);
            try {
                HANDLE_MESSAGE.invokeExact(d.owner.callback, d.message);
            } catch (Throwable e) {
                throw new IOException("handling a received message failed", e);
            }
        }
    }

    private record Deferred(InlineDelivery owner, MqttPublish message) {
    }

    private void parkCallbackThread() {
        callback.messageArrived(parkRequest); // queued for real (see DeferringMessages); the thread then parks
    }

    /**
     * The callback thread, parked: finishes completions (and, should one ever be queued, a message) as they come, until
     * Paho stops the thread.
     */
    private void park() {
        LOG.debug("Paho callback thread {} parked; messages are handled on the receive thread",
                Thread.currentThread().getName());
        List<MqttToken> tokens = new ArrayList<>();
        List<MqttPublish> messages = new ArrayList<>();
        while (callback.isRunning()) {
            synchronized (signal) {
                if (!signalled) {
                    try {
                        // bounded: Paho's stop() does not notify us, and a reconnect must find this thread gone
                        signal.wait(50);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        return;
                    }
                }
                signalled = false;
            }
            take(tokens, messages);
            try {
                for (MqttToken token : tokens) {
                    HANDLE_ACTION_COMPLETE.invokeExact(callback, token);
                }
                for (MqttPublish message : messages) {
                    if (message != parkRequest) {
                        HANDLE_MESSAGE.invokeExact(callback, message);
                    }
                }
                if (callback.isQuiescing()) {
                    // as Paho's loop does: lets a waiting disconnect go on once nothing is left (result not needed)
                    boolean quiesced = (boolean) CHECK_QUIESCE_LOCK.invokeExact(clientState);
                }
            } catch (Throwable e) {
                LOG.warn("Paho callback work failed: {}", e.toString());
            }
            tokens.clear();
            messages.clear();
        }
    }

    @SuppressWarnings("unchecked")
    private void take(List<MqttToken> tokens, List<MqttPublish> messages) {
        synchronized (workAvailable) {
            List<MqttToken> completions = (List<MqttToken>) COMPLETE_QUEUE.get(callback);
            tokens.addAll(completions);
            completions.clear();
            List<MqttPublish> queued = (List<MqttPublish>) MESSAGE_QUEUE.get(callback);
            messages.addAll(queued);
            queued.clear();
        }
    }

    /** Wakes the parked callback thread (called under Paho's monitor, which the parked thread never holds waiting). */
    private void signal() {
        synchronized (signal) {
            signalled = true;
            signal.notifyAll();
        }
    }

    /** Paho's message queue: keeps only our park request; a message from the receive thread is deferred instead. */
    private final class DeferringMessages extends ArrayList<MqttPublish> {
        @Override
        public boolean add(MqttPublish message) {
            if (message == parkRequest) {
                return super.add(message); // for whichever callback thread is not parked yet
            }
            if (DEFERRED.get() != null) {
                // never expected (the stream hook runs before each packet): queue it for the parked thread
                super.add(message);
                signal();
                return true;
            }
            DEFERRED.set(new Deferred(InlineDelivery.this, message));
            return true;
        }
    }

    /** Paho's completion queue: also wakes the parked callback thread. */
    private final class SignallingCompletions extends ArrayList<MqttToken> {
        @Override
        public boolean add(MqttToken token) {
            super.add(token);
            signal();
            return true;
        }
    }

    /** The consumer's callback, plus: park on our park request, and park the new callback thread after a reconnect. */
    private final class Parking implements MqttCallback {
        @Override
        public void messageArrived(String topic, MqttMessage message) throws Exception {
            if (message.getPayload() == parkMark) { // Paho hands over a copy of the message, with our array
                if (Thread.currentThread() == CALLBACK_THREAD.get(callback)) {
                    park();
                }
                return;
            }
            delegate.messageArrived(topic, message);
        }

        @Override
        public void connectComplete(boolean reconnect, String serverURI) {
            delegate.connectComplete(reconnect, serverURI);
            parkCallbackThread();
        }

        @Override
        public void disconnected(MqttDisconnectResponse response) {
            delegate.disconnected(response);
        }

        @Override
        public void mqttErrorOccurred(MqttException exception) {
            delegate.mqttErrorOccurred(exception);
        }

        @Override
        public void deliveryComplete(IMqttToken token) {
            delegate.deliveryComplete(token);
        }

        @Override
        public void authPacketArrived(int reasonCode, MqttProperties properties) {
            delegate.authPacketArrived(reasonCode, properties);
        }
    }
}
