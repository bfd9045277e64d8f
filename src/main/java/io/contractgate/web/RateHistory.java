package io.contractgate.web;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The dashboard's last hour: validated/s and failed/s of each mapping, one point per {@link #STEP_SECONDS} s, kept in
 * ring buffers of {@link #CAPACITY} points, so a reloaded page does not start with empty charts. Fed by a timer that
 * reads the live feed's cumulative counters (nothing per message). Memory is fixed: at most {@link #MAX_MAPPINGS}
 * mappings × 2 statuses × 360 floats plus 360 timestamps (576 KB of data, under 1 MB with its objects); a mapping
 * beyond that is counted in {@code omittedMappings}, not kept. In memory only: a restart starts an empty hour.
 */
public final class RateHistory {

    /** Seconds between two points. */
    public static final int STEP_SECONDS = 10;
    /** Points kept: one hour. */
    public static final int CAPACITY = 3600 / STEP_SECONDS;
    /** Mappings with a series of their own. */
    public static final int MAX_MAPPINGS = 200;

    private static final ObjectMapper JSON = new ObjectMapper();

    /** Rates of one mapping: validated and failed per second, NaN where the mapping had no counter yet. */
    private static final class Series {
        final float[] validated = new float[CAPACITY];
        final float[] failed = new float[CAPACITY];
        long lastValidated;
        long lastFailed;

        Series() {
            java.util.Arrays.fill(validated, Float.NaN);
            java.util.Arrays.fill(failed, Float.NaN);
        }
    }

    private final long[] times = new long[CAPACITY];
    private final Map<String, Series> series = new LinkedHashMap<>();
    private int size;
    /** Index of the next point to write. */
    private int next;
    private long lastNanos;
    private int omitted;

    /** @param startNanos when the counters started at zero */
    public RateHistory(long startNanos) {
        this.lastNanos = startNanos;
    }

    /**
     * Adds one point: the rate of each mapping since the previous point, from its cumulative counters.
     *
     * @param epochMillis the point's time on the page's axis
     * @param nowNanos    the monotonic clock, for the interval
     * @param counts      the cumulative counters of every mapping seen since start
     */
    public synchronized void add(long epochMillis, long nowNanos, Map<String, LiveFeed.Counts> counts) {
        double seconds = Math.max(1e-3, (nowNanos - lastNanos) / 1e9);
        lastNanos = nowNanos;
        int slot = next;
        times[slot] = epochMillis;
        for (Series s : series.values()) {
            s.validated[slot] = Float.NaN;
            s.failed[slot] = Float.NaN;
        }
        int unseen = 0;
        for (Map.Entry<String, LiveFeed.Counts> e : counts.entrySet()) {
            Series s = series.get(e.getKey());
            if (s == null) {
                if (series.size() >= MAX_MAPPINGS) {
                    unseen++;
                    continue;
                }
                s = new Series();
                series.put(e.getKey(), s);
            }
            LiveFeed.Counts c = e.getValue();
            // a counter only grows; never show a negative rate if one was ever replaced
            s.validated[slot] = (float) (Math.max(0, c.validated() - s.lastValidated) / seconds);
            s.failed[slot] = (float) (Math.max(0, c.failed() - s.lastFailed) / seconds);
            s.lastValidated = c.validated();
            s.lastFailed = c.failed();
        }
        omitted = unseen;
        next = (next + 1) % CAPACITY;
        size = Math.min(size + 1, CAPACITY);
    }

    /** Points held, at most {@link #CAPACITY}. */
    public synchronized int size() {
        return size;
    }

    /**
     * The whole history, oldest first, as {@code GET /api/history} answers it:
     * {@code {"stepSeconds","capacity","times":[epoch ms...],"mappings":[{"mapping","validated":[...],"failed":[...]}],
     * "omittedMappings"}}; a rate is null where the mapping had no counter yet.
     */
    public synchronized String toJson() {
        ObjectNode out = JSON.createObjectNode();
        out.put("stepSeconds", STEP_SECONDS);
        out.put("capacity", CAPACITY);
        ArrayNode t = out.putArray("times");
        int first = (next - size + CAPACITY) % CAPACITY;
        for (int i = 0; i < size; i++) {
            t.add(times[(first + i) % CAPACITY]);
        }
        ArrayNode ms = out.putArray("mappings");
        new java.util.TreeMap<>(series).forEach((id, s) -> {
            ObjectNode m = ms.addObject().put("mapping", id);
            ArrayNode v = m.putArray("validated");
            ArrayNode f = m.putArray("failed");
            for (int i = 0; i < size; i++) {
                int slot = (first + i) % CAPACITY;
                addRate(v, s.validated[slot]);
                addRate(f, s.failed[slot]);
            }
        });
        out.put("omittedMappings", omitted);
        return out.toString();
    }

    /**
     * The newest point alone, as the {@code history} event carries it every 10 s:
     * {@code {"at": epoch ms, "mappings":[{"mapping","validated","failed"}]}} (rates per second), or null before the
     * first point.
     */
    public synchronized String latestJson() {
        if (size == 0) {
            return null;
        }
        int slot = (next - 1 + CAPACITY) % CAPACITY;
        ObjectNode out = JSON.createObjectNode();
        out.put("at", times[slot]);
        out.put("stepSeconds", STEP_SECONDS);
        ArrayNode ms = out.putArray("mappings");
        new java.util.TreeMap<>(series).forEach((id, s) -> {
            if (!Float.isNaN(s.validated[slot])) {
                ms.addObject().put("mapping", id).put("validated", round(s.validated[slot]))
                        .put("failed", round(s.failed[slot]));
            }
        });
        return out.toString();
    }

    private static void addRate(ArrayNode to, float rate) {
        if (Float.isNaN(rate)) {
            to.addNull();
        } else {
            to.add(round(rate));
        }
    }

    private static double round(float v) {
        return Math.round(v * 100.0) / 100.0;
    }
}
