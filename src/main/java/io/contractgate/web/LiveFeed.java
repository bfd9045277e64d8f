package io.contractgate.web;

import io.contractgate.contract.ErrorType;
import io.contractgate.contract.Verdict;
import io.contractgate.contract.Violation;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

/**
 * What the live dashboard sees of the pipeline: counters per mapping, error type and failing field (LongAdders, a
 * few nanoseconds per message), and a sample of the messages themselves, at most {@link #VALIDATED_PER_WINDOW} +
 * {@link #FAILED_PER_WINDOW} per batch window, so the browser never gets more than ~20 messages a second whatever the
 * traffic. {@link #batch} closes a window into one JSON event ({@link LiveFeedJson}); messages published from the
 * admin page are always sampled ({@link WatchList}).
 */
public final class LiveFeed {

    /** Sampled validated messages per batch window (500 ms: 8/s). */
    public static final int VALIDATED_PER_WINDOW = 4;
    /** Sampled failed messages per batch window (500 ms: 12/s); failures are what operators look for. */
    public static final int FAILED_PER_WINDOW = 6;
    /** Distinct (mapping, field) counters kept; more would let random field names grow memory without bound. */
    public static final int MAX_FIELD_KEYS = 1000;
    /**
     * Longest field pointer counted under its own name; longer ones count as other fields. Pointers come from payload
     * keys (up to contracts.max-payload-bytes long): {@link #MAX_FIELD_KEYS} distinct 250,000-character keys would hold
     * 250 MB, more than the gateway's heap, and every live event would carry the top ones to each dashboard.
     */
    static final int MAX_FIELD_CHARS = 256;
    /** Violations per message that count towards the failing-field ranking. */
    static final int MAX_FIELDS_PER_MESSAGE = 16;
    /** Sampled messages remembered for a dashboard that connects later. */
    public static final int RECENT = 100;
    /** Longest validated payload text sent to the browser. */
    static final int MAX_PAYLOAD_CHARS = 4096;

    private static final ErrorType[] TYPES = ErrorType.values();

    /** One sampled message as the browser gets it. */
    public record Sample(long seq, String at, String mapping, String topic, String sensorId, boolean valid,
                         String primaryError, String payload, String report) {
    }

    /** A failing field of one mapping. */
    record FieldKey(String mapping, String pointer) {
    }

    /** Counters of one mapping. */
    private static final class MappingCounters {
        final LongAdder validated = new LongAdder();
        final LongAdder failed = new LongAdder();
    }

    /** The cumulative counts of one mapping since start. */
    public record Counts(long validated, long failed) {
        public static final Counts ZERO = new Counts(0, 0);
    }

    /** The window the batch's rates are measured over (said on the dashboard). */
    public static final long RATE_WINDOW_MILLIS = 10_000;

    private final ConcurrentHashMap<String, MappingCounters> mappings = new ConcurrentHashMap<>();
    private final LongAdder[] errorTypes = new LongAdder[TYPES.length];
    private final ConcurrentHashMap<FieldKey, LongAdder> fields = new ConcurrentHashMap<>();
    private final LongAdder otherFields = new LongAdder();
    private final AtomicInteger validatedSampled = new AtomicInteger();
    private final AtomicInteger failedSampled = new AtomicInteger();
    private final ArrayBlockingQueue<Sample> pending =
            new ArrayBlockingQueue<>(VALIDATED_PER_WINDOW + FAILED_PER_WINDOW + WatchList.MAX_WATCHED);
    /** Messages published from the admin page, always sampled so the page sees their verdict. */
    private final WatchList watched = new WatchList();
    private final Deque<Sample> recent = new ArrayDeque<>(RECENT);
    private final AtomicInteger seq = new AtomicInteger();
    private final RateWindow rates;
    private final long rateWindowMillis;
    private long lastBatchNanos;

    public LiveFeed(long nowNanos) {
        this(nowNanos, RATE_WINDOW_MILLIS);
    }

    /** @param rateWindowMillis the sliding window of the batch's rates */
    public LiveFeed(long nowNanos, long rateWindowMillis) {
        for (int i = 0; i < errorTypes.length; i++) {
            errorTypes[i] = new LongAdder();
        }
        lastBatchNanos = nowNanos;
        this.rateWindowMillis = rateWindowMillis;
        this.rates = new RateWindow(rateWindowMillis, nowNanos);
    }

    /**
     * The cumulative counts of every mapping seen since start, by mapping id (sorted): what the history timer and the
     * rate window read; sums the counters, costs nothing on the hot path.
     */
    public Map<String, Counts> counts() {
        Map<String, Counts> out = new java.util.TreeMap<>();
        mappings.forEach((id, c) -> out.put(id, new Counts(c.validated.sum(), c.failed.sum())));
        return out;
    }

    /**
     * Counts one checked message (hot path: no allocation unless the message is sampled).
     *
     * @param report the failure report bytes (failed messages), or null
     */
    public void record(String mapping, String topic, Verdict verdict, byte[] payload, byte[] report) {
        if (mapping == null || verdict == null) {
            return;
        }
        MappingCounters c = mappings.get(mapping);
        if (c == null) {
            c = mappings.computeIfAbsent(mapping, k -> new MappingCounters());
        }
        boolean valid = verdict.valid();
        if (valid) {
            c.validated.increment();
        } else {
            c.failed.increment();
            List<Violation> vs = verdict.violations();
            errorTypes[verdict.primaryError().ordinal()].increment();
            int n = Math.min(vs.size(), MAX_FIELDS_PER_MESSAGE);
            for (int i = 0; i < n; i++) {
                countField(mapping, vs.get(i).pointer());
            }
        }
        if (watched.active() && watched.take(topic, payload)) {
            pending.offer(sample(mapping, topic, verdict, payload, report));
            return;
        }
        // the sample quota check is one volatile read once the window is full
        AtomicInteger taken = valid ? validatedSampled : failedSampled;
        int quota = valid ? VALIDATED_PER_WINDOW : FAILED_PER_WINDOW;
        if (taken.get() < quota && taken.incrementAndGet() <= quota) {
            pending.offer(sample(mapping, topic, verdict, payload, report));
        }
    }

    /**
     * Makes sure the next message with exactly this topic and payload is sampled, whatever the traffic (the admin
     * page's publish panel waits for its verdict). At most {@link WatchList#MAX_WATCHED} at a time, each for 30 s.
     */
    public void watch(String topic, byte[] payload, long nowNanos) {
        watched.watch(topic, payload, nowNanos);
    }

    private void countField(String mapping, String pointer) {
        if (pointer.length() > MAX_FIELD_CHARS) {
            otherFields.increment();
            return;
        }
        FieldKey key = new FieldKey(mapping, pointer);
        LongAdder a = fields.get(key);
        if (a == null) {
            if (fields.size() >= MAX_FIELD_KEYS) {
                otherFields.increment();
                return;
            }
            a = fields.computeIfAbsent(key, k -> new LongAdder());
        }
        a.increment();
    }

    private Sample sample(String mapping, String topic, Verdict verdict, byte[] payload, byte[] report) {
        String payloadText = null;
        if (verdict.valid() && payload != null) {
            payloadText = new String(payload, 0, Math.min(payload.length, MAX_PAYLOAD_CHARS * 4), StandardCharsets.UTF_8);
            if (payloadText.length() > MAX_PAYLOAD_CHARS) {
                payloadText = payloadText.substring(0, MAX_PAYLOAD_CHARS) + "…";
            }
        }
        return new Sample(seq.incrementAndGet(), Instant.now().toString(), mapping, topic, verdict.sensorId(),
                verdict.valid(), verdict.valid() ? null : verdict.primaryError().wireName(), payloadText,
                report == null ? null : new String(report, StandardCharsets.UTF_8));
    }

    /**
     * Closes the current window: the JSON of one {@code live} event with totals, rates over the sliding
     * {@link RateWindow} (10 s by default, not just this batch), top error types and fields, and the messages sampled
     * in the window. Called by one thread every ~500 ms.
     */
    public synchronized String batch(long nowNanos) {
        double seconds = Math.max(1e-3, (nowNanos - lastBatchNanos) / 1e9);
        lastBatchNanos = nowNanos;
        watched.expire(nowNanos);
        List<Sample> drained = new ArrayList<>(pending.size());
        pending.drainTo(drained);
        // reopen the window after draining, so at most one window's quota is ever queued
        validatedSampled.set(0);
        failedSampled.set(0);
        pending.drainTo(drained);
        for (Sample s : drained) {
            if (recent.size() == RECENT) {
                recent.removeFirst();
            }
            recent.addLast(s);
        }

        Map<String, Counts> counts = counts();
        long[] types = new long[TYPES.length];
        for (int i = 0; i < types.length; i++) {
            types[i] = errorTypes[i].sum();
        }
        Map<FieldKey, Long> fieldCounts = new HashMap<>();
        fields.forEach((k, a) -> fieldCounts.put(k, a.sum()));
        return LiveFeedJson.event(new LiveFeedJson.Batch(seconds, rateWindowMillis, counts, rates.add(nowNanos, counts),
                types, fieldCounts, otherFields.sum(), drained));
    }

    /** The last {@link #RECENT} sampled messages, oldest first, for a dashboard that just connected. */
    public synchronized List<Sample> recent() {
        return List.copyOf(recent);
    }
}
