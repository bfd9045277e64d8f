package io.contractgate.quarantine;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * The last validated messages of each mapping (a bounded ring per mapping, {@code quarantine.preview-recent}), kept so
 * a draft contract can be tried on real traffic before it is saved. Recording is one array store: no lock, no copy
 * (the payload array is the one the pipeline already holds and never changes).
 */
public final class RecentTraffic {

    /** One validated message. */
    public record Recent(String topic, byte[] payload, long receivedAt) {
    }

    private static final class Ring {
        final AtomicReferenceArray<Recent> slots;
        final AtomicLong next = new AtomicLong();

        Ring(int size) {
            slots = new AtomicReferenceArray<>(size);
        }
    }

    private final int size;
    private final Map<String, Ring> rings = new ConcurrentHashMap<>();

    public RecentTraffic(int size) {
        this.size = size;
    }

    public void record(String mapping, String topic, byte[] payload, long receivedAt) {
        if (mapping == null || payload == null) {
            return;
        }
        Ring r = rings.computeIfAbsent(mapping, m -> new Ring(size));
        r.slots.lazySet((int) (r.next.getAndIncrement() % size), new Recent(topic, payload, receivedAt));
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
