package io.contractgate.contract;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * The last payloads each mapping received, kept as raw bytes in a fixed-size ring per mapping so a person can draft a
 * contract from real traffic. Cheap on the hot path: one map lookup, one atomic increment, one array store; nothing
 * is parsed or copied until someone asks.
 */
public final class RecentSamples {

    /** Default number of payloads kept per mapping. */
    public static final int DEFAULT_CAPACITY = 200;
    /** Payloads larger than this are not kept (they would pin memory for a draft nobody needs them for). */
    public static final int MAX_SAMPLE_BYTES = 64 * 1024;

    private final int capacity;
    private final Map<String, Ring> rings = new ConcurrentHashMap<>();

    public RecentSamples(int capacity) {
        if (capacity < 0) {
            throw new IllegalArgumentException("contracts.sample-buffer must be >= 0, was " + capacity);
        }
        this.capacity = capacity;
    }

    public int capacity() {
        return capacity;
    }

    /** Keeps a reference to the payload (not a copy: payload arrays are not reused after the message). */
    public void record(String mapping, byte[] payload) {
        if (capacity == 0 || mapping == null || payload == null || payload.length > MAX_SAMPLE_BYTES) {
            return;
        }
        Ring r = rings.get(mapping);
        if (r == null) {
            r = rings.computeIfAbsent(mapping, k -> new Ring(capacity));
        }
        r.slots.set((int) (r.next.getAndIncrement() % capacity), payload);
    }

    /** The mapping's kept payloads, oldest first (at most {@link #capacity()}). */
    public List<byte[]> recent(String mapping) {
        Ring r = rings.get(mapping);
        List<byte[]> out = new ArrayList<>();
        if (r == null) {
            return out;
        }
        long end = r.next.get();
        for (long i = Math.max(0, end - capacity); i < end; i++) {
            byte[] b = r.slots.get((int) (i % capacity));
            if (b != null) {
                out.add(b);
            }
        }
        return out;
    }

    /** Drops a mapping's samples (after it is deleted). */
    public void forget(String mapping) {
        rings.remove(mapping);
    }

    private static final class Ring {
        final AtomicReferenceArray<byte[]> slots;
        final AtomicLong next = new AtomicLong();

        Ring(int capacity) {
            slots = new AtomicReferenceArray<>(capacity);
        }
    }
}
