package io.contractgate.influx;

import com.influxdb.client.write.Point;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * The writer behind {@code influx.required=true}: each point is reported done only once InfluxDB accepted it, so the
 * message it belongs to is acknowledged to the MQTT broker only then. Points wait in a bounded queue
 * ({@code influx.buffer-limit}); when it is full, {@link #submit} waits, which backs up into the pipeline and from
 * there into the broker, which keeps the messages. Writes are retried with backoff for as long as it takes; nothing is
 * dropped. On close, the points still waiting are reported failed, so their messages are delivered again after a
 * restart.
 */
public final class RequiredInfluxWriter implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(RequiredInfluxWriter.class);

    /** Writes one batch, throwing when InfluxDB did not accept it. */
    @FunctionalInterface
    public interface Sink {
        void write(List<Point> batch) throws Exception;
    }

    private record Entry(Point point, Consumer<Throwable> done) {
    }

    private final BlockingQueue<Entry> queue;
    private final Sink sink;
    private final int batchSize;
    private final long flushMillis;
    private final long retryMillis;
    private final long maxRetryMillis;
    private final InfluxWriteStats stats;
    private final Thread thread;
    private volatile boolean closed;

    public RequiredInfluxWriter(Sink sink, InfluxSettings s, InfluxWriteStats stats) {
        this.sink = sink;
        this.queue = new ArrayBlockingQueue<>(s.bufferLimit());
        this.batchSize = s.batchSize();
        this.flushMillis = s.flushIntervalMs();
        this.retryMillis = s.retryIntervalMs();
        this.maxRetryMillis = s.maxRetryDelayMs();
        this.stats = stats;
        this.thread = new Thread(this::run, "influx-required-writer");
        thread.setDaemon(true);
        thread.start();
    }

    /** Queues a point; {@code done} runs with null once it is written, or with the reason it never will be. */
    public void submit(Point point, Consumer<Throwable> done) {
        if (closed) {
            done.accept(new IllegalStateException("the InfluxDB writer is stopped"));
            return;
        }
        try {
            queue.put(new Entry(point, done)); // full: wait, so the backlog stays at the broker
            stats.accepted();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            done.accept(e);
        }
    }

    private void run() {
        List<Entry> batch = new ArrayList<>(batchSize);
        while (!closed) {
            try {
                Entry first = queue.poll(flushMillis, TimeUnit.MILLISECONDS);
                if (first == null) {
                    continue;
                }
                batch.add(first);
                long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(flushMillis);
                while (batch.size() < batchSize) {
                    long left = deadline - System.nanoTime();
                    Entry next = left <= 0 ? queue.poll() : queue.poll(left, TimeUnit.NANOSECONDS);
                    if (next == null) {
                        break;
                    }
                    batch.add(next);
                }
                writeUntilAccepted(batch);
                batch.clear();
            } catch (InterruptedException e) {
                break;
            }
        }
        Throwable stopped = new IllegalStateException("the InfluxDB writer stopped before writing this point");
        batch.forEach(e -> e.done().accept(stopped));
        for (Entry e; (e = queue.poll()) != null; ) {
            e.done().accept(stopped);
        }
    }

    private void writeUntilAccepted(List<Entry> batch) throws InterruptedException {
        List<Point> points = new ArrayList<>(batch.size());
        batch.forEach(e -> points.add(e.point()));
        long wait = retryMillis;
        while (true) {
            try {
                sink.write(points);
                stats.writtenDirectly(points.size());
                batch.forEach(e -> e.done().accept(null));
                return;
            } catch (Exception e) {
                if (closed) {
                    throw new InterruptedException("closed");
                }
                stats.retriedDirectly();
                LOG.warn("InfluxDB did not accept {} points ({}); influx.required=true: retrying in {} ms, the messages "
                        + "stay unacknowledged meanwhile; {}", points.size(), e.getMessage(), wait, InfluxAdvice.of(e));
                Thread.sleep(wait); // the writer's own backoff between attempts
                wait = Math.min(maxRetryMillis, wait * 2);
            }
        }
    }

    /** Points waiting to be written. */
    public int waiting() {
        return queue.size();
    }

    @Override
    public void close() throws InterruptedException {
        closed = true;
        thread.interrupt();
        thread.join(10_000);
    }
}
