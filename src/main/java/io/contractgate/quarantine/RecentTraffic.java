package io.contractgate.quarantine;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * The last validated messages of each mapping (a bounded ring per mapping, {@code quarantine.preview-recent}), kept so
 * a draft contract can be tried on real traffic before it is saved. Bounded by bytes as well
 * ({@code quarantine.preview-recent-bytes}, shared equally by the mappings that have traffic): 500 valid payloads of
 * 256 KiB per mapping would be 128 MB, the whole heap. A message that would take its mapping past its share empties
 * its slot instead of filling it, so the ring thins out under large payloads and never grows past the share.
 * Recording is a read and a compare-and-set on one slot and one atomic add: no lock, no copy (the payload array is the
 * one the pipeline already holds and never changes).
 */
public final class RecentTraffic {

    /** Default {@code quarantine.preview-recent-bytes}: 8 MiB for all mappings together. */
    public static final long DEFAULT_MAX_BYTES = 8L * 1024 * 1024;

    /** One validated message. */
    public record Recent(String topic, byte[] payload, long receivedAt) {
    }

    private static final class Ring {
        final AtomicReferenceArray<Recent> slots;
        final AtomicLong next = new AtomicLong();
        final AtomicLong bytes = new AtomicLong();

        Ring(int size) {
            slots = new AtomicReferenceArray<>(size);
        }
    }

    private final int size;
    private final long maxBytes;
    private final Map<String, Ring> rings = new ConcurrentHashMap<>();
    /** Each mapping's share of {@link #maxBytes}, updated when a mapping gets its ring. */
    private volatile long share;

    public RecentTraffic(int size) {
        this(size, DEFAULT_MAX_BYTES);
    }

    public RecentTraffic(int size, long maxBytes) {
        if (maxBytes < 1) {
            throw new IllegalArgumentException("quarantine.preview-recent-bytes must be >= 1, was " + maxBytes);
        }
        this.size = size;
        this.maxBytes = maxBytes;
        this.share = maxBytes;
    }

    public void record(String mapping, String topic, byte[] payload, long receivedAt) {
        if (mapping == null || payload == null) {
            return;
        }
        Ring r = rings.get(mapping);
        if (r == null) {
            r = rings.computeIfAbsent(mapping, m -> new Ring(size));
            share = maxBytes / Math.max(1, rings.size());
        }
        int i = (int) (r.next.getAndIncrement() % size);
        Recent old = r.slots.get(i);
        long freed = old == null ? 0 : old.payload().length;
        if (r.bytes.get() - freed + payload.length > share) {
            if (old != null && r.slots.compareAndSet(i, old, null)) {
                r.bytes.addAndGet(-freed);
            }
            return;
        }
        if (r.slots.compareAndSet(i, old, new Recent(topic, payload, receivedAt))) {
            r.bytes.addAndGet(payload.length - freed);
        }
    }

    /** Payload bytes kept for all mappings together. */
    public long bytes() {
        long n = 0;
        for (Ring r : rings.values()) {
            n += r.bytes.get();
        }
        return n;
    }

    /** The mapping's recent validated messages, newest first. */
    public List<Recent> recent(String mapping) {
        Ring r = rings.get(mapping);
        if (r == null) {
            return List.of();
        }
        long n = r.next.get();
        List<Recent> out = new ArrayList<>();
        for (long i = n - 1; i >= Math.max(0, n - size); i--) {
            Recent e = r.slots.get((int) (i % size));
            if (e != null) {
                out.add(e);
            }
        }
        return out;
    }
}
