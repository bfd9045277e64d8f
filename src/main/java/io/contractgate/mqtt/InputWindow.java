package io.contractgate.mqtt;

import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * The payload bytes all inputs together may hold in flight (received, not yet acknowledged). The MQTT receive maximum
 * bounds inputs by count only (1,000 per mapping): 1,000 payloads of 256 KiB are 256 MB, twice the gateway's heap, and
 * a flood of them while an output or the required quarantine was slow ran it out of memory. A message waits on its
 * input's callback thread until the bytes are free, so Paho stops reading that connection and the backlog stays at
 * the broker (nothing is dropped). A payload larger than the whole window counts as the window, so it passes alone.
 */
public final class InputWindow {

    /**
     * Default window: 16 MiB of the 128 MiB heap scripts/gateway.sh gives the gateway (64 inputs of 256 KiB; 1,000
     * of 16 KiB, so ordinary payloads never wait on it). With the quarantine's write queue (24 MiB) full as well, a
     * flood left the heap 75 % used after collection instead of running it out.
     */
    public static final int DEFAULT_BYTES = 16 * 1024 * 1024;
    private static final long POLL_MILLIS = 200;

    private final int maxBytes;
    private final Semaphore free;

    public InputWindow(int maxBytes) {
        if (maxBytes < 1) {
            throw new IllegalArgumentException("the input window must be at least 1 byte, was " + maxBytes);
        }
        this.maxBytes = maxBytes;
        this.free = new Semaphore(maxBytes, true);
    }

    /** What {@link #take} counts for a payload of {@code bytes}. */
    public int cost(int bytes) {
        return Math.max(1, Math.min(bytes, maxBytes));
    }

    /**
     * Takes {@link #cost} bytes, waiting while the window is full. Answers false, taking nothing, once
     * {@code giveUp} says so (the input stops) or the thread is interrupted.
     */
    public boolean take(int cost, BooleanSupplier giveUp) {
        try {
            while (!free.tryAcquire(cost, POLL_MILLIS, TimeUnit.MILLISECONDS)) {
                if (giveUp.getAsBoolean()) {
                    return false;
                }
            }
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    public void give(int cost) {
        free.release(cost);
    }

    /** Bytes in flight now. */
    public long used() {
        return maxBytes - (long) free.availablePermits();
    }
}
