package io.contractgate.quarantine;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * Keeps the quarantine within {@code quarantine.max-age-hours} and {@code quarantine.max-rows}: deletes rows older
 * than the age, then the oldest beyond the row count, counting each in {@code quarantine_rows_dropped_total} by
 * reason, and refreshes the {@code quarantine_rows} gauge. Run periodically; one run is one call of {@link #run()}.
 */
public final class QuarantineRetention implements Runnable {

    private static final Logger LOG = LoggerFactory.getLogger(QuarantineRetention.class);

    private final QuarantineStore store;
    private final QuarantineMetrics metrics;
    private final long maxAgeMillis;
    private final long maxRows;
    private final LongSupplier clock;

    public QuarantineRetention(QuarantineStore store, QuarantineMetrics metrics, long maxAgeHours, long maxRows,
                               LongSupplier clock) {
        this.store = store;
        this.metrics = metrics;
        this.maxAgeMillis = TimeUnit.HOURS.toMillis(maxAgeHours);
        this.maxRows = maxRows;
        this.clock = clock;
    }

    @Override
    public void run() {
        try {
            int old = store.deleteOlderThan(clock.getAsLong() - maxAgeMillis);
            if (old > 0) {
                metrics.droppedByAge(old);
            }
            int beyond = store.trimTo(maxRows);
            if (beyond > 0) {
                metrics.droppedBySize(beyond);
            }
            if (old > 0 || beyond > 0) {
                LOG.info("Quarantine retention dropped {} rows older than {} h and {} beyond {} rows", old,
                        TimeUnit.MILLISECONDS.toHours(maxAgeMillis), beyond, maxRows);
            }
            metrics.rows(store.countAll());
        } catch (RuntimeException e) {
            LOG.warn("Quarantine retention failed ({}); tried again in quarantine.retention-interval-seconds: check that"
                    + " the quarantine database (quarantine.jdbc-url) is up", e.getMessage());
        }
    }
}
