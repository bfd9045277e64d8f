package io.contractgate.web;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;

/**
 * Messages published from the admin page whose verdict the page waits for: the live feed samples the next message with
 * exactly this topic and payload whatever the traffic. At most {@link #MAX_WATCHED} at a time, each for 30 s.
 */
final class WatchList {

    static final int MAX_WATCHED = 16;
    static final long WATCH_NANOS = 30_000_000_000L;

    private record Watched(String topic, String payload) {
    }

    /** topic + payload -> deadline; guarded by itself. */
    private final LinkedHashMap<Watched, Long> watched = new LinkedHashMap<>();
    /** True while something is watched: the hot path reads only this. */
    private volatile boolean watching;

    /** Whether anything is watched (one volatile read: the hot path's only cost while nothing is). */
    boolean active() {
        return watching;
    }

    void watch(String topic, byte[] payload, long nowNanos) {
        synchronized (watched) {
            if (watched.size() >= MAX_WATCHED) {
                watched.remove(watched.keySet().iterator().next());
            }
            watched.put(new Watched(topic, new String(payload, StandardCharsets.UTF_8)), nowNanos + WATCH_NANOS);
            watching = true;
        }
    }

    /** True, and no longer watched, when this message was watched. */
    boolean take(String topic, byte[] payload) {
        if (topic == null || payload == null) {
            return false;
        }
        synchronized (watched) {
            boolean hit = watched.remove(new Watched(topic, new String(payload, StandardCharsets.UTF_8))) != null;
            watching = !watched.isEmpty();
            return hit;
        }
    }

    void expire(long nowNanos) {
        if (!watching) {
            return;
        }
        synchronized (watched) {
            watched.values().removeIf(deadline -> deadline - nowNanos < 0);
            watching = !watched.isEmpty();
        }
    }
}
