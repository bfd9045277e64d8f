package io.contractgate.mqtt;

import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.eclipse.paho.mqttv5.client.MqttToken;
import org.eclipse.paho.mqttv5.client.internal.ClientComms;
import org.eclipse.paho.mqttv5.client.internal.CommsCallback;
import org.eclipse.paho.mqttv5.common.MqttException;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.invoke.VarHandle;
import java.util.ArrayList;

/**
 * Makes a Paho client finish each completed action (a QoS 0 publish written, a PUBACK received) on the thread that
 * completed it, its send or receive thread, instead of waking Paho's callback thread once per output.
 *
 * <p>Why: Paho queues every completion to its callback thread, which for a publish-only client has nothing else to do.
 * At tens of thousands of outputs per second that thread is woken (a futex wake on the sender, a context switch on a
 * saturated machine) once per message: 7 % of the gateway's CPU in a QoS 0 profile. For QoS 1 it also sits on the
 * critical path, since the receive-window slot of an acknowledged publish is only freed when that thread gets to it.
 * Paho itself completes actions inline whenever its callback thread is not running, so the output client stops that
 * thread after every connect ({@link #stopCallbackThread()}, called from {@code connectComplete}; Paho restarts it on
 * each reconnect). A completion queued in the instant before the thread stops is finished inline as well: the queue
 * is replaced by one that never holds a token, so no completion, and no window slot, is ever left behind.
 *
 * <p>Consequence: Paho's own quiesce on disconnect waits for a callback thread that no longer runs, so the owner
 * drains its outputs itself and disconnects with a zero quiesce (see {@link PipelinedMqttClient#disconnect(long)}).
 */
final class InlineCompletions {

    private static final VarHandle CALLBACK;
    /** Paho's completion queue and the private method that finishes one completion; also used by InlineDelivery. */
    static final VarHandle COMPLETE_QUEUE;
    static final MethodHandle HANDLE_ACTION_COMPLETE;

    static {
        try {
            MethodHandles.Lookup c = MethodHandles.privateLookupIn(ClientComms.class, MethodHandles.lookup());
            MethodHandles.Lookup cb = MethodHandles.privateLookupIn(CommsCallback.class, MethodHandles.lookup());
            CALLBACK = c.findVarHandle(ClientComms.class, "callback", CommsCallback.class);
            COMPLETE_QUEUE = cb.findVarHandle(CommsCallback.class, "completeQueue", ArrayList.class);
            HANDLE_ACTION_COMPLETE = cb.findVirtual(CommsCallback.class, "handleActionComplete",
                    MethodType.methodType(void.class, MqttToken.class));
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final ClientComms comms;
    private final CommsCallback callback;

    /** Replaces the client's completion queue; call before the client connects. */
    InlineCompletions(MqttAsyncClient client) {
        comms = PahoSendQueue.commsOf(client);
        callback = callbackOf(comms);
        COMPLETE_QUEUE.set(callback, new InlineQueue());
    }

    /** The client's callback (Paho keeps it private). */
    static CommsCallback callbackOf(ClientComms comms) {
        return (CommsCallback) CALLBACK.get(comms);
    }

    /**
     * Stops Paho's callback thread, from then on every completion is finished inline. Safe to call from that thread
     * itself (it then ends once the current callback returns), which is where {@code connectComplete} runs.
     */
    void stopCallbackThread() {
        callback.stop();
    }

    /**
     * The completion queue of Paho's callback: finishes a token at once on the adding thread (Paho adds under its
     * callback lock, which the finishing code may take again: monitors are reentrant).
     */
    private final class InlineQueue extends ArrayList<MqttToken> {
        @Override
        public boolean add(MqttToken token) {
            try {
                HANDLE_ACTION_COMPLETE.invokeExact(callback, token);
            } catch (MqttException e) {
                comms.shutdownConnection(null, e, null); // what Paho does when it finishes a completion inline
            } catch (RuntimeException | Error e) {
                throw e;
            } catch (Throwable e) {
                throw new IllegalStateException(e);
            }
            return true;
        }
    }
}
