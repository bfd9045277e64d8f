package io.contractgate.quarantine;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class QuarantineWriterTest {

    /** What the writer logs: a WARN says what to look at. */
    private final ListAppender<ILoggingEvent> log = new ListAppender<>();
    private final Logger logger = (Logger) LoggerFactory.getLogger(QuarantineWriter.class);

    @BeforeEach
    void captureLog() {
        log.start();
        logger.addAppender(log);
    }

    @AfterEach
    void releaseLog() {
        logger.detachAppender(log);
    }

    private static QuarantinedMessage row(int i) {
        return StoreContract.row("m", i, "s", List.of("length"), List.of(""), new byte[]{(byte) i});
    }

    @Test
    void shouldWriteInBatchesOffTheCallersThread() throws Exception {
        List<List<QuarantinedMessage>> batches = new CopyOnWriteArrayList<>();
        AtomicReference<String> thread = new AtomicReference<>();
        QuarantineWriter w = new QuarantineWriter(rows -> {
            thread.set(Thread.currentThread().getName());
            batches.add(List.copyOf(rows));
        }, 1000, 1 << 20, 100, false);
        for (int i = 0; i < 450; i++) {
            int n = i;
            w.submit(() -> row(n), 100, f -> { });
        }
        await().until(() -> batches.stream().mapToInt(List::size).sum() == 450);
        assertThat(batches).allMatch(b -> b.size() <= 100);
        assertThat(batches.size()).isLessThan(450);
        assertThat(thread.get()).isEqualTo("quarantine-writer");
        w.close();
    }

    @Test
    void shouldDropAndCountWhenTheQueueIsFullAndNotRequired() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        QuarantineWriter w = new QuarantineWriter(rows -> release.await(), 5, 1 << 20, 1, false);
        w.setMetrics(new QuarantineMetrics(registry, w::waiting));
        AtomicInteger completed = new AtomicInteger();
        for (int i = 0; i < 50; i++) {
            int n = i;
            w.submit(() -> row(n), 100, f -> completed.incrementAndGet()); // never waits
        }
        assertThat(completed.get()).isEqualTo(50);
        assertThat(registry.get("quarantine_rows_dropped_total").tag("reason", "queue_full").counter().count())
                .isGreaterThanOrEqualTo(40);
        release.countDown();
        w.close();
    }

    @Test
    void shouldCompleteARequiredMessageOnlyOnceItsRowIsWrittenRetryingFailures() throws Exception {
        AtomicInteger attempts = new AtomicInteger();
        QuarantineWriter w = new QuarantineWriter(rows -> {
            if (attempts.incrementAndGet() == 1) {
                throw new IllegalStateException("database away");
            }
        }, 10, 1 << 20, 10, true);
        AtomicReference<Throwable> outcome = new AtomicReference<>(new Throwable("not yet"));
        w.submit(() -> row(1), 100, outcome::set);
        assertThat(outcome.get()).hasMessage("not yet");
        await().until(() -> outcome.get() == null);
        assertThat(attempts.get()).isEqualTo(2);
        w.close();
        assertThat(log.list).extracting(ILoggingEvent::getFormattedMessage)
                .anySatisfy(line -> assertThat(line).contains("database away").contains("quarantine.jdbc-url"));
    }

    @Test
    void shouldFailRequiredMessagesAfterClose() throws Exception {
        QuarantineWriter w = new QuarantineWriter(rows -> { }, 10, 1 << 20, 10, true);
        w.close();
        AtomicReference<Throwable> outcome = new AtomicReference<>();
        w.submit(() -> row(1), 100, outcome::set);
        assertThat(outcome.get()).hasMessageContaining("stopped");
    }

    @Test
    void shouldDropARowTheStoreRefusesAndWriteTheOthersInsteadOfRetryingForever() throws Exception {
        List<QuarantinedMessage> written = new CopyOnWriteArrayList<>();
        QuarantineWriter w = new QuarantineWriter(rows -> {
            if (rows.stream().anyMatch(r -> "bad".equals(r.sensorId()))) {
                throw new QuarantineStore.QuarantineException("insert", new java.sql.SQLException("value too long", "22001"));
            }
            written.addAll(rows);
        }, 100, 1 << 20, 10, true);
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        w.setMetrics(new QuarantineMetrics(registry, w::waiting));
        AtomicInteger done = new AtomicInteger();
        CountDownLatch hold = new CountDownLatch(1);
        w.submit(() -> {
            await().until(() -> hold.getCount() == 0); // the others queue behind it: one batch
            return row(0);
        }, 100, f -> done.incrementAndGet());
        for (int i = 1; i <= 5; i++) {
            int n = i;
            w.submit(() -> n == 3 ? StoreContract.row("m", n, "bad", List.of("length"), List.of(""), new byte[]{3})
                    : row(n), 100, f -> done.incrementAndGet());
        }
        hold.countDown();
        w.submit(() -> StoreContract.row("m", 9, "bad", List.of("length"), List.of(""), new byte[]{9}),
                100, f -> done.incrementAndGet()); // alone in its batch
        w.submit(() -> row(10), 100, f -> done.incrementAndGet());
        // before: the batch with the refused row was retried forever and no later message was ever written
        await().atMost(java.time.Duration.ofSeconds(10)).until(() -> done.get() == 8);
        assertThat(written).extracting(QuarantinedMessage::receivedAt).containsExactlyInAnyOrder(0L, 1L, 2L, 4L, 5L, 10L);
        assertThat(registry.get("quarantine_rows_dropped_total").tag("reason", "refused").counter().count())
                .isEqualTo(2);
        w.close();
    }

    @Test
    void shouldDropAndCountByBytesWhenLargeMessagesFillTheByteBoundBeforeTheCount() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        int big = 256 * 1024;
        // the count bound alone (10,000) would hold 2.5 GB of these; 1 MiB holds four
        QuarantineWriter w = new QuarantineWriter(rows -> release.await(), 10_000, 1 << 20, 1, false);
        w.setMetrics(new QuarantineMetrics(registry, w::waiting, w::waitingBytes));
        AtomicInteger completed = new AtomicInteger();
        for (int i = 0; i < 100; i++) {
            int n = i;
            w.submit(() -> row(n), big, f -> completed.incrementAndGet());
        }
        assertThat(completed.get()).isEqualTo(100); // never waits
        assertThat(w.waitingBytes()).isLessThanOrEqualTo(1 << 20);
        assertThat(registry.get("quarantine_rows_dropped_total").tag("reason", "queue_bytes").counter().count())
                .isEqualTo(96);
        assertThat(registry.get("quarantine_queue_bytes").gauge().value()).isEqualTo(4.0 * big);
        release.countDown();
        await().until(() -> w.waitingBytes() == 0); // the bytes come back once the rows are written
        w.submit(() -> row(100), big, f -> { });
        assertThat(registry.get("quarantine_rows_dropped_total").tag("reason", "queue_bytes").counter().count())
                .isEqualTo(96);
        w.close();
    }

    @Test
    void shouldMakeARequiredMessageWaitForBytesInsteadOfDroppingIt() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        List<QuarantinedMessage> written = new CopyOnWriteArrayList<>();
        QuarantineWriter w = new QuarantineWriter(rows -> {
            release.await();
            written.addAll(rows);
        }, 10_000, 1000, 10, true);
        AtomicInteger done = new AtomicInteger();
        w.submit(() -> row(1), 600, f -> done.incrementAndGet());
        CountDownLatch submitted = new CountDownLatch(1);
        Thread second = new Thread(() -> {
            w.submit(() -> row(2), 600, f -> done.incrementAndGet()); // 1,200 > 1,000 bytes: waits for room
            submitted.countDown();
        });
        second.start();
        await().until(() -> second.getState() == Thread.State.WAITING);
        assertThat(submitted.getCount()).isEqualTo(1);
        assertThat(done.get()).isZero();
        release.countDown();
        assertThat(submitted.await(10, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
        await().until(() -> done.get() == 2);
        assertThat(written).extracting(QuarantinedMessage::receivedAt).containsExactly(1L, 2L);
        w.close();
    }

    @Test
    void shouldKeepAMessageLargerThanTheWholeByteBoundWhenTheQueueIsEmpty() throws Exception {
        List<QuarantinedMessage> written = new CopyOnWriteArrayList<>();
        QuarantineWriter w = new QuarantineWriter(written::addAll, 10, 1000, 10, true);
        AtomicReference<Throwable> outcome = new AtomicReference<>(new Throwable("not yet"));
        w.submit(() -> row(1), 5000, outcome::set);
        await().until(() -> outcome.get() == null);
        assertThat(written).hasSize(1);
        assertThat(w.waitingBytes()).isZero();
        w.close();
    }

    @Test
    void shouldCountPayloadReportAndSummaryInTheEstimate() {
        assertThat(QuarantineWriter.estimate(256 * 1024, 20_000, 5_000_000))
                .isGreaterThan(256L * 1024 + 20_000 + 5_000_000);
        assertThat(QuarantineWriter.estimate(10, 10, 1)).isLessThan(2000);
    }
}
