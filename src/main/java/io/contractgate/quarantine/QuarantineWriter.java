package io.contractgate.quarantine;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Writes quarantined messages off the hot path: the failed path only puts an entry into a queue bounded by count
 * ({@code quarantine.queue-size}) and by bytes ({@code quarantine.queue-bytes}: payload, report and verdict, estimated
 * by the caller); one thread turns entries into rows and writes them in JDBC batches ({@code quarantine.batch-size}).
 * A failed write is retried with backoff (1 s doubling to 30 s) until it succeeds. An entry holds its bytes until its
 * row is written, so the bound covers the batch being retried too.
 *
 * <p>The byte bound is what keeps a flood of large failed messages inside the heap while the database is away: 10,000
 * entries of 256 KiB would be 2.5 GB. When the queue is full: with {@code quarantine.required=false} (the default) the
 * entry is dropped at once and counted ({@code quarantine_rows_dropped_total{reason="queue_full"}} by count,
 * {@code reason="queue_bytes"} by bytes), so a slow or absent database never slows validation; with
 * {@code quarantine.required=true} the caller waits for room (backpressure into the broker) and its completion runs
 * only once the row is written, so the input is acknowledged only then.
 */
public final class QuarantineWriter implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(QuarantineWriter.class);
    private static final long FIRST_RETRY_MILLIS = 1000;
    private static final long MAX_RETRY_MILLIS = 30_000;
    /** The longest a partial batch waits for more entries. */
    private static final long LINGER_MILLIS = 50;

    /** Writes one batch of rows, throwing when the database did not take them. */
    @FunctionalInterface
    public interface Sink {
        void write(List<QuarantinedMessage> rows) throws Exception;
    }

    /** Bytes counted for an entry beyond its payload, report and summary: properties, the closure, the queue slot. */
    static final int ENTRY_OVERHEAD_BYTES = 1024;

    /** One queued message; completed once (its bytes are given back then). Touched by the writer's thread only. */
    private static final class Entry {
        final Supplier<QuarantinedMessage> row;
        final Consumer<Throwable> done;
        final int bytes;
        boolean completed;

        Entry(Supplier<QuarantinedMessage> row, Consumer<Throwable> done, int bytes) {
            this.row = row;
            this.done = done;
            this.bytes = bytes;
        }
    }

    private final BlockingQueue<Entry> queue;
    /** Free bytes of {@code quarantine.queue-bytes}: taken on submit, given back when the entry is completed. */
    private final Semaphore room;
    private final int maxBytes;
    private final Sink sink;
    private final int batchSize;
    private final boolean required;
    private final Thread thread;
    private volatile QuarantineMetrics metrics;
    private volatile boolean closed;

    public QuarantineWriter(Sink sink, int queueSize, int queueBytes, int batchSize, boolean required) {
        if (queueBytes < 1) {
            throw new IllegalArgumentException("quarantine.queue-bytes must be >= 1, was " + queueBytes);
        }
        this.sink = sink;
        this.queue = new ArrayBlockingQueue<>(queueSize);
        this.maxBytes = queueBytes;
        // fair: a large message waiting for room (required) is not passed by small ones forever
        this.room = new Semaphore(queueBytes, true);
        this.batchSize = batchSize;
        this.required = required;
        this.thread = new Thread(this::run, "quarantine-writer");
        thread.setDaemon(true);
        thread.start();
    }

    void setMetrics(QuarantineMetrics metrics) {
        this.metrics = metrics;
    }

    public boolean required() {
        return required;
    }

    /**
     * The bytes a queued failed message holds, as {@link #submit} counts them: its payload and report, what else it
     * keeps ({@code otherBytes}: the verdict's summary, up to 100,000 pointers for a 256 KiB array of wrong items)
     * and a fixed overhead.
     */
    public static long estimate(int payloadBytes, int reportBytes, long otherBytes) {
        return (long) payloadBytes + reportBytes + otherBytes + ENTRY_OVERHEAD_BYTES;
    }

    /**
     * Queues a message of about {@code bytes} (see {@link #estimate}; one larger than the whole byte bound counts as
     * the bound, so it is kept when the queue is empty). {@code row} is called on the writer's thread (the conversion
     * costs nothing on the caller's). {@code done} runs with null once the row is written (required) or queued/dropped
     * (not required), or with the reason it never will be written (required only). Costs the caller one semaphore
     * compare-and-set and one queue offer; waits only when required and the queue is full.
     */
    public void submit(Supplier<QuarantinedMessage> row, long bytes, Consumer<Throwable> done) {
        if (closed) {
            done.accept(required ? new IllegalStateException("the quarantine writer is stopped") : null);
            return;
        }
        int cost = (int) Math.max(1, Math.min(bytes, maxBytes));
        if (!required) {
            QuarantineMetrics m = metrics;
            if (!room.tryAcquire(cost)) {
                if (m != null) {
                    m.droppedBytes();
                }
            } else if (!queue.offer(new Entry(row, null, cost))) {
                room.release(cost);
                if (m != null) {
                    m.droppedOverflow();
                }
            }
            done.accept(null);
            return;
        }
        try {
            room.acquire(cost); // full by bytes: wait, so the backlog stays at the broker
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            done.accept(e);
            return;
        }
        try {
            queue.put(new Entry(row, done, cost)); // full by count: wait as well
        } catch (InterruptedException e) {
            room.release(cost);
            Thread.currentThread().interrupt();
            done.accept(e);
        }
    }

    /** Entries waiting to be written. */
    public int waiting() {
        return queue.size();
    }

    /** Bytes the entries not yet written hold (as estimated on submit), the batch being written included. */
    public long waitingBytes() {
        return maxBytes - (long) room.availablePermits();
    }

    private void run() {
        List<Entry> batch = new ArrayList<>(batchSize);
        while (!closed || !queue.isEmpty()) {
            try {
                Entry first = queue.poll(200, TimeUnit.MILLISECONDS);
                if (first == null) {
                    continue;
                }
                batch.add(first);
                queue.drainTo(batch, batchSize - 1);
                if (batch.size() < batchSize && !closed) {
                    Entry next = queue.poll(LINGER_MILLIS, TimeUnit.MILLISECONDS);
                    if (next != null) {
                        batch.add(next);
                        queue.drainTo(batch, batchSize - batch.size());
                    }
                }
                writeUntilDone(batch);
                batch.clear();
            } catch (InterruptedException e) {
                break;
            }
        }
        Throwable stopped = new IllegalStateException("the quarantine writer stopped before writing this message");
        batch.forEach(e -> complete(e, stopped));
        for (Entry e; (e = queue.poll()) != null; ) {
            complete(e, stopped);
        }
    }

    private void writeUntilDone(List<Entry> batch) throws InterruptedException {
        List<Entry> entries = new ArrayList<>(batch.size());
        List<QuarantinedMessage> rows = new ArrayList<>(batch.size());
        for (Entry e : batch) {
            try {
                rows.add(e.row.get());
                entries.add(e);
            } catch (RuntimeException bad) {
                // a message that cannot become a row must not block the others
                LOG.warn("Cannot quarantine a failed message: {}", bad.toString());
                complete(e, null);
            }
        }
        long wait = FIRST_RETRY_MILLIS;
        while (!rows.isEmpty()) {
            try {
                sink.write(rows);
                QuarantineMetrics m = metrics;
                if (m != null) {
                    m.written(rows.size());
                }
                entries.forEach(e -> complete(e, null));
                return;
            } catch (Exception e) {
                QuarantineMetrics m = metrics;
                if (m != null) {
                    m.writeRetried();
                }
                if (refusesTheData(e)) {
                    writeOneByOne(entries, rows); // leaves only the rows to retry
                    if (rows.isEmpty()) {
                        return;
                    }
                }
                if (closed) {
                    LOG.warn("Quarantine store did not take {} rows at shutdown ({})", rows.size(), e.getMessage());
                    throw new InterruptedException("closed");
                }
                LOG.warn("Quarantine store did not take {} rows ({}); retrying in {} ms: check that the quarantine"
                        + " database (quarantine.jdbc-url) is up and writable; failed messages wait in the write queue"
                        + " meanwhile (quarantine.queue-size, quarantine.queue-bytes)", rows.size(), e.getMessage(), wait);
                Thread.sleep(wait); // the writer's own backoff between attempts
                wait = Math.min(MAX_RETRY_MILLIS, wait * 2);
            }
        }
    }

    /**
     * After the store refused a batch's data: each row alone. Rows written or refused (dropped: logged and counted,
     * not retried forever, where one such row held every later failed message back) leave the lists; rows that failed
     * otherwise (the database went away) stay for the next attempt.
     */
    private void writeOneByOne(List<Entry> entries, List<QuarantinedMessage> rows) {
        for (int i = rows.size() - 1; i >= 0; i--) {
            QuarantinedMessage row = rows.get(i);
            QuarantineMetrics m = metrics;
            try {
                sink.write(List.of(row));
                if (m != null) {
                    m.written(1);
                }
            } catch (Exception e) {
                if (!refusesTheData(e)) {
                    continue;
                }
                LOG.warn("Quarantine store refused the row of a failed message on {} ({}); dropped", row.topic(),
                        e.getMessage());
                if (m != null) {
                    m.droppedRefused();
                }
            }
            complete(entries.remove(i), null);
            rows.remove(i);
        }
    }

    /** True when the failure is the data's, not the store's: an SQL data exception (SQLSTATE class 22). */
    static boolean refusesTheData(Throwable e) {
        return io.contractgate.database.PooledDatabase.hasSqlStateClass(e, "22");
    }

    private void complete(Entry e, Throwable failure) {
        if (e.completed) {
            return; // a batch cut short at shutdown lists entries already completed
        }
        e.completed = true;
        room.release(e.bytes);
        if (e.done != null) {
            e.done.accept(failure);
        }
    }

    /** Writes what is queued (one attempt per batch), then stops. */
    @Override
    public void close() throws InterruptedException {
        closed = true;
        thread.join(10_000);
        if (thread.isAlive()) {
            thread.interrupt();
            thread.join(5_000);
        }
    }
}
