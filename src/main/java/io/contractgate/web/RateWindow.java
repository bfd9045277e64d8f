package io.contractgate.web;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;

/**
 * Rates per second over a sliding time window, from cumulative counters read at each live batch: a steady 3 msg/s
 * shows as 3.0 instead of jumping between 2 and 4 as one message more or less lands in a 500 ms batch. Keeps the
 * counter readings of the last window (one per batch, at most {@link #MAX_READINGS}); nothing per message.
 */
public final class RateWindow {

    /** A bound whatever the batch interval: 50 ms batches over a 60 s window. */
    static final int MAX_READINGS = 1201;

    private record Reading(long nanos, Map<String, LiveFeed.Counts> counts) {
    }

    private final long windowNanos;
    private final Deque<Reading> readings = new ArrayDeque<>();

    /**
     * @param windowMillis the window (10 s on the dashboard)
     * @param startNanos   when the counters started at zero
     */
    public RateWindow(long windowMillis, long startNanos) {
        if (windowMillis <= 0) {
            throw new IllegalArgumentException("the rate window must be positive, was " + windowMillis + " ms");
        }
        this.windowNanos = windowMillis * 1_000_000L;
        readings.add(new Reading(startNanos, Map.of()));
    }

    /** The rates of one mapping, messages per second. */
    public record Rates(double validated, double failed) {
    }

    /** The window that {@link #add} measured over, and the rates of each mapping in it. */
    public record Result(double seconds, Map<String, Rates> rates) {
    }

    /**
     * Adds the counters read at {@code nowNanos} and answers the rates over the window ending now: from the newest
     * earlier reading at least one window old (or the oldest one, while the gateway is younger than the window).
     */
    public Result add(long nowNanos, Map<String, LiveFeed.Counts> counts) {
        readings.addLast(new Reading(nowNanos, Map.copyOf(counts)));
        // keep exactly one reading at or before the window's start: the baseline
        while (readings.size() > 2 && secondOldest().nanos() - (nowNanos - windowNanos) <= 0) {
            readings.removeFirst();
        }
        while (readings.size() > MAX_READINGS) {
            readings.removeFirst();
        }
        Reading base = readings.peekFirst();
        double seconds = Math.max(1e-3, (nowNanos - base.nanos()) / 1e9);
        Map<String, Rates> rates = new java.util.TreeMap<>();
        counts.forEach((mapping, now) -> {
            LiveFeed.Counts then = base.counts().getOrDefault(mapping, LiveFeed.Counts.ZERO);
            rates.put(mapping, new Rates(Math.max(0, now.validated() - then.validated()) / seconds,
                    Math.max(0, now.failed() - then.failed()) / seconds));
        });
        return new Result(seconds, rates);
    }

    /** Readings held (the memory bound's test). */
    int readings() {
        return readings.size();
    }

    private Reading secondOldest() {
        var it = readings.iterator();
        it.next();
        return it.next();
    }
}
