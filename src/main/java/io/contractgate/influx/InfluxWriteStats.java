package io.contractgate.influx;

import com.influxdb.client.write.events.BackpressureEvent;
import com.influxdb.client.write.events.WriteErrorEvent;
import com.influxdb.client.write.events.WriteRetriableErrorEvent;
import com.influxdb.client.write.events.WriteSuccessEvent;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Counts what happens to points handed to the asynchronous Influx writer: written, failed (retries exhausted or
 * rejected), dropped (buffer full), retried, and how many are still buffered. The client's write errors never reach
 * the Camel exchange, so these counters are the only place they show.
 */
public final class InfluxWriteStats {

    private static final Logger LOG = LoggerFactory.getLogger(InfluxWriteStats.class);
    /**
     * The client logs each write event itself through java.util.logging, to stderr in JUL's own two-line format and
     * without what to do; the handlers below log every one of them. Held here: JUL keeps its loggers weakly.
     */
    static final java.util.logging.Logger CLIENT_EVENTS = java.util.logging.Logger.getLogger("com.influxdb.client.write.events");

    static {
        CLIENT_EVENTS.setLevel(java.util.logging.Level.OFF);
    }

    private final Counter written;
    private final Counter failed;
    private final Counter dropped;
    private final Counter retries;
    private final AtomicLong accepted = new AtomicLong();
    private final AtomicLong done = new AtomicLong();
    private final AtomicLong maxBuffered = new AtomicLong();
    /** Points in the request the client is sending now; writes are sequential, so an error event refers to it. */
    private volatile int lastAttemptPoints;

    public InfluxWriteStats(MeterRegistry registry) {
        written = Counter.builder("influx.points.written").description("Points InfluxDB accepted").register(registry);
        failed = Counter.builder("influx.points.failed")
                .description("Points lost to a write error InfluxDB rejected or that outlasted the retries")
                .register(registry);
        dropped = Counter.builder("influx.points.dropped")
                .description("Points dropped because the write buffer (influx.buffer-limit) was full")
                .register(registry);
        retries = Counter.builder("influx.write.retries").description("Write requests retried after an error")
                .register(registry);
        Gauge.builder("influx.points.buffered", this, InfluxWriteStats::buffered)
                .description("Points handed to the writer and not yet written, failed or dropped")
                .strongReference(true)
                .register(registry);
    }

    /** One point was handed to the writer. */
    public void accepted() {
        long now = accepted.incrementAndGet() - done.get();
        if (now > maxBuffered.get()) {
            maxBuffered.accumulateAndGet(now, Math::max);
        }
    }

    /** The writer refused points outright (they never entered its buffer): counted as failed. */
    public void refused(int points, Exception e) {
        failed.increment(points);
        done.addAndGet(points);
        LOG.error("InfluxDB writer refused {} points: {}; {}", points, e.toString(), InfluxAdvice.of(e));
    }

    /** Points the required-mode writer got accepted by InfluxDB. */
    void writtenDirectly(int points) {
        settle(written, points);
    }

    /** A write of the required-mode writer failed and will be retried. */
    void retriedDirectly() {
        retries.increment();
    }

    public long buffered() {
        return Math.max(0, accepted.get() - done.get());
    }

    /** The highest buffered count seen since start (for tests and the status page). */
    public long maxBuffered() {
        return maxBuffered.get();
    }

    public double written() {
        return written.count();
    }

    public double failed() {
        return failed.count();
    }

    public double dropped() {
        return dropped.count();
    }

    public double retries() {
        return retries.count();
    }

    /** Called by the HTTP layer with the number of lines of each write request it is about to send. */
    void attempt(int points) {
        lastAttemptPoints = points;
    }

    void onSuccess(WriteSuccessEvent e) {
        settle(written, lines(e.getLineProtocol()));
    }

    void onError(WriteErrorEvent e) {
        int n = lastAttemptPoints;
        LOG.error("InfluxDB write of {} points failed for good (counted in influx_points_failed_total): {}; {}", n,
                e.getThrowable().toString(), InfluxAdvice.of(e.getThrowable()));
        settle(failed, n);
    }

    void onRetry(WriteRetriableErrorEvent e) {
        retries.increment();
        LOG.warn("InfluxDB write failed, retrying in {} ms: {}; {} (points wait in the buffer meanwhile, up to"
                + " influx.buffer-limit)", e.getRetryInterval(), e.getThrowable().toString(), InfluxAdvice.of(e.getThrowable()));
    }

    void onBackpressure(BackpressureEvent e) {
        List<String> lost = e.getDroppedLineProtocol();
        int n = 0;
        if (lost != null) {
            for (String lp : lost) {
                n += lines(lp);
            }
        }
        LOG.warn("InfluxDB write buffer full ({}): dropped {} points; bring InfluxDB back or raise influx.buffer-limit"
                + " (with -Xmx), or set influx.required=true to hold messages in the broker instead", e.getReason(), n);
        settle(dropped, n);
    }

    private void settle(Counter counter, int n) {
        counter.increment(n);
        done.addAndGet(n);
    }

    static int lines(String lineProtocol) {
        if (lineProtocol == null || lineProtocol.isEmpty()) {
            return 0;
        }
        int n = 1;
        for (int i = 0; i < lineProtocol.length(); i++) {
            if (lineProtocol.charAt(i) == '\n' && i < lineProtocol.length() - 1) {
                n++;
            }
        }
        return n;
    }
}
