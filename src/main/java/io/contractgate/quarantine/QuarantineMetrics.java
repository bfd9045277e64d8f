package io.contractgate.quarantine;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntSupplier;
import java.util.function.LongSupplier;

/**
 * The quarantine's meters: rows stored and their current number, rows dropped (by retention age or size, or because
 * the write queue was full by count or by bytes), write retries, re-driven messages by outcome, and the write queue's
 * length and bytes.
 */
public final class QuarantineMetrics {

    private final Counter written;
    private final Counter droppedAge;
    private final Counter droppedSize;
    private final Counter droppedOverflow;
    private final Counter droppedBytes;
    private final Counter droppedRefused;
    private final Counter writeRetries;
    private final Counter redrivePassed;
    private final Counter redriveStillFailing;
    private final Counter redriveSkipped;
    private final AtomicLong rows = new AtomicLong();

    public QuarantineMetrics(MeterRegistry registry, IntSupplier queued) {
        this(registry, queued, () -> 0);
    }

    public QuarantineMetrics(MeterRegistry registry, IntSupplier queued, LongSupplier queuedBytes) {
        written = Counter.builder("quarantine_rows_written_total").description("Failed messages written to the quarantine store")
                .register(registry);
        droppedAge = dropped(registry, "age");
        droppedSize = dropped(registry, "size");
        droppedOverflow = dropped(registry, "queue_full");
        droppedBytes = dropped(registry, "queue_bytes");
        droppedRefused = dropped(registry, "refused");
        writeRetries = Counter.builder("quarantine_write_retries_total")
                .description("Batch writes to the quarantine store that failed and were retried").register(registry);
        redrivePassed = redrive(registry, "passed");
        redriveStillFailing = redrive(registry, "still_failing");
        redriveSkipped = redrive(registry, "skipped");
        Gauge.builder("quarantine_rows", rows, AtomicLong::get).description("Rows in the quarantine store")
                .register(registry);
        Gauge.builder("quarantine_queue_length", queued, IntSupplier::getAsInt)
                .description("Failed messages waiting to be written to the quarantine store")
                .strongReference(true) // the supplier is a method reference nobody else holds: weak, it read NaN
                .register(registry);
        Gauge.builder("quarantine_queue_bytes", queuedBytes, LongSupplier::getAsLong)
                .description("Bytes the failed messages waiting to be written hold (estimated; bound: quarantine.queue-bytes)")
                .strongReference(true)
                .register(registry);
    }

    private static Counter dropped(MeterRegistry r, String reason) {
        return Counter.builder("quarantine_rows_dropped_total").tag("reason", reason)
                .description("Quarantined messages dropped: by retention (age, size), a write queue full by count (queue_full) or bytes (queue_bytes), or a row the store refused")
                .register(r);
    }

    private static Counter redrive(MeterRegistry r, String outcome) {
        return Counter.builder("quarantine_redriven_total").tag("outcome", outcome)
                .description("Quarantined messages re-driven, by outcome").register(r);
    }

    void written(int n) {
        written.increment(n);
        rows.addAndGet(n);
    }

    void droppedByAge(int n) {
        droppedAge.increment(n);
        rows.addAndGet(-n);
    }

    void droppedBySize(int n) {
        droppedSize.increment(n);
        rows.addAndGet(-n);
    }

    void droppedOverflow() {
        droppedOverflow.increment();
    }

    void droppedBytes() {
        droppedBytes.increment();
    }

    void droppedRefused() {
        droppedRefused.increment();
    }

    void writeRetried() {
        writeRetries.increment();
    }

    void redriven(long passed, long stillFailing, long skipped) {
        redrivePassed.increment(passed);
        redriveStillFailing.increment(stillFailing);
        redriveSkipped.increment(skipped);
    }

    /** Sets the row count from a COUNT(*) (at start and after each retention run). */
    void rows(long n) {
        rows.set(n);
    }

    public long rows() {
        return rows.get();
    }

    public double droppedOverflowCount() {
        return droppedOverflow.count();
    }

    public double droppedBytesCount() {
        return droppedBytes.count();
    }

    public double writtenCount() {
        return written.count();
    }
}
