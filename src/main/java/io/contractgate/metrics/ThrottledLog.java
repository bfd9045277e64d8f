package io.contractgate.metrics;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * Keeps a flood of identical-kind errors from drowning the log: in each window ({@code window}) the first
 * {@code burst} lines are logged, the rest only counted; the last line of a burst says so, and the first line of the
 * next window says how many were left out. Nothing is lost for monitoring: the caller counts every occurrence in a
 * metric. Thread-safe (the error path only; never on a message's normal path).
 */
public final class ThrottledLog {

    private final int burst;
    private final long windowNanos;
    private final String counterName;
    private final LongSupplier nanoClock;
    private long windowStart;
    private boolean started;
    private int logged;
    private long skipped;

    /**
     * @param counterName the metric that counts every occurrence, named in the lines that say some are left out
     */
    public ThrottledLog(int burst, long window, TimeUnit unit, String counterName, LongSupplier nanoClock) {
        if (burst < 1 || window <= 0) {
            throw new IllegalArgumentException("burst must be at least 1 and the window positive");
        }
        this.burst = burst;
        this.windowNanos = unit.toNanos(window);
        this.counterName = counterName;
        this.nanoClock = nanoClock;
    }

    /** The lines to log for this occurrence now: none, the line itself, or a summary and the line. */
    public synchronized List<String> lines(String line) {
        long now = nanoClock.getAsLong();
        List<String> out = new ArrayList<>(2);
        if (!started || now - windowStart >= windowNanos) {
            if (skipped > 0) {
                out.add(skipped + " more like it were not logged in the previous " + seconds() + " s (all are counted in "
                        + counterName + ")");
            }
            started = true;
            windowStart = now;
            logged = 0;
            skipped = 0;
        }
        if (logged < burst) {
            logged++;
            out.add(logged == burst
                    ? line + " (further ones in the next " + seconds() + " s are counted in " + counterName + ", not logged)"
                    : line);
        } else {
            skipped++;
        }
        return out;
    }

    private long seconds() {
        return Math.max(1, TimeUnit.NANOSECONDS.toSeconds(windowNanos));
    }
}
