package io.contractgate.mqtt;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

/**
 * What the MQTT transport counts about the delivery guarantee, for metrics and the status API: inputs acknowledged to
 * the broker, inputs left unacknowledged because their output failed (the broker delivers them again), inputs the
 * broker delivered again (MQTT DUP flag), inputs in flight, and the outputs' fate. One instance per gateway, so the
 * counts survive a swap of the output client.
 */
public final class TransportStats {

    private final LongAdder received = new LongAdder();
    private final LongAdder redelivered = new LongAdder();
    private final LongAdder acknowledged = new LongAdder();
    private final LongAdder unacknowledged = new LongAdder();
    private final LongAdder skippedAfterReconnect = new LongAdder();
    private final AtomicInteger inFlight = new AtomicInteger();
    private final LongAdder outputsAcknowledged = new LongAdder();
    private final LongAdder outputsFailed = new LongAdder();
    private final AtomicInteger outputsInFlight = new AtomicInteger();

    void received(boolean duplicate) {
        received.increment();
        if (duplicate) {
            redelivered.increment();
        }
        inFlight.incrementAndGet();
    }

    void ack() {
        acknowledged.increment();
        inFlight.decrementAndGet();
    }

    /** The input's output failed: not acknowledged, so the broker delivers it again. */
    void unack() {
        unacknowledged.increment();
        inFlight.decrementAndGet();
    }

    /** Handled, but the connection it came on is gone: the broker delivers it again on the new one. */
    void skipAfterReconnect() {
        skippedAfterReconnect.increment();
        inFlight.decrementAndGet();
    }

    /** A QoS 0 input was handled: there is nothing to acknowledge. */
    void doneWithoutAck() {
        inFlight.decrementAndGet();
    }

    void outputSent() {
        outputsInFlight.incrementAndGet();
    }

    void outputDone(boolean acknowledged) {
        outputsInFlight.decrementAndGet();
        (acknowledged ? outputsAcknowledged : outputsFailed).increment();
    }

    /** An output refused before it was sent (broker away, window wait timed out). */
    void outputRefused() {
        outputsFailed.increment();
    }

    /** Outputs the broker acknowledged (QoS 1/2) or that were written (QoS 0). */
    public long outputsAcknowledged() {
        return outputsAcknowledged.sum();
    }

    /** Outputs that failed: refused at once, refused by the broker (PUBACK reason >= 0x80), or never acknowledged. */
    public long outputsFailed() {
        return outputsFailed.sum();
    }

    /** Outputs handed to the broker and not yet acknowledged or written. */
    public int outputsInFlight() {
        return outputsInFlight.get();
    }

    public long received() {
        return received.sum();
    }

    public long redelivered() {
        return redelivered.sum();
    }

    public long acknowledged() {
        return acknowledged.sum();
    }

    public long unacknowledged() {
        return unacknowledged.sum();
    }

    public long skippedAfterReconnect() {
        return skippedAfterReconnect.sum();
    }

    public int inFlight() {
        return inFlight.get();
    }
}
