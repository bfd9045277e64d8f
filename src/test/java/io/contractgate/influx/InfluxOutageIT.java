package io.contractgate.influx;

import io.contractgate.testing.GatewayRunner;
import io.contractgate.metrics.TrafficMix;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The Influx server goes away for 30 s under steady traffic (50 msg/s) and comes back on the same data folder: the
 * MQTT path keeps going, the writer buffers and retries, and every point arrives, none dropped, within the buffer bound.
 */
class InfluxOutageIT {

    static final int RATE_PER_SECOND = 50;
    static final Duration OUTAGE = Duration.ofSeconds(30);
    static final int BUFFER_LIMIT = 5000;

    @TempDir
    Path dir;

    @Test
    void everyPointArrivesAfterA30SecondOutage() throws Exception {
        QuestDbServer questdb = new QuestDbServer(dir.resolve("questdb")).start();
        ScheduledExecutorService traffic = Executors.newSingleThreadScheduledExecutor();
        AtomicInteger sent = new AtomicInteger();
        AtomicReference<Throwable> publishError = new AtomicReference<>();
        Instant base = Instant.parse("2026-03-01T00:00:00Z");
        try (GatewayRunner g = GatewayRunner.startProject("influx.url", questdb.url(), "influx.org", "o",
                "influx.bucket", "b", "influx.batch-size", "100", "influx.flush-interval-ms", "200",
                "influx.buffer-limit", String.valueOf(BUFFER_LIMIT), "influx.retry-interval-ms", "1000",
                "influx.exponential-base", "2", "influx.max-retry-delay-ms", "4000", "influx.max-retries", "100",
                "influx.max-retry-time-ms", "300000")) {
            traffic.scheduleAtFixedRate(() -> {
                int i = sent.get();
                try {
                    // unique payload timestamps: the point's time, and the dedup key below
                    g.publish(TrafficMix.SENSOR1, "{\"sensor_id\":\"s1-" + (i % 20) + "\",\"timestamp\":\""
                            + base.plusMillis(i) + "\",\"temperature\":20.5,\"humidity\":50}");
                    sent.incrementAndGet();
                } catch (Throwable t) {
                    publishError.compareAndSet(null, t);
                }
            }, 0, 1000 / RATE_PER_SECOND, TimeUnit.MILLISECONDS);

            await().atMost(Duration.ofSeconds(30)).until(() -> questdb.count("") > 0);
            // like InfluxDB (same series and time = same point), a batch re-sent after a lost response must not
            // count twice: QuestDB gets the same rule through dedup on time and sensor
            questdb.query("alter table mqtt_messages dedup enable upsert keys(timestamp, sensor_id)");

            questdb.stop();
            long stoppedAt = System.nanoTime();
            int sentAtStop = sent.get();
            await().pollInterval(Duration.ofSeconds(1)).atMost(OUTAGE.plusSeconds(10)).until(() ->
                    System.nanoTime() - stoppedAt >= OUTAGE.toNanos());
            assertThat(sent.get() - sentAtStop).as("MQTT path kept going during the outage")
                    .isGreaterThan(RATE_PER_SECOND * 20);
            assertThat(g.metric("influx_write_retries_total")).isPositive();
            assertThat(g.metric("influx_points_buffered")).isPositive();
            questdb.start();

            await().pollDelay(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(10)).until(() -> true);
            traffic.shutdown();
            assertThat(traffic.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
            assertThat(publishError.get()).isNull();
            int total = sent.get();
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                    assertThat(g.metric("mqtt_messages_total")).isEqualTo(total));

            await().atMost(Duration.ofSeconds(60)).untilAsserted(() ->
                    assertThat(questdb.count("")).isEqualTo(total));
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                    assertThat(g.metric("influx_points_buffered")).isZero());
            assertThat(g.metric("influx_points_dropped_total")).isZero();
            assertThat(g.metric("influx_points_failed_total")).isZero();
            assertThat(g.metric("influx_points_written_total")).isGreaterThanOrEqualTo(total);
            InfluxWriteStats stats = g.context().getRegistry()
                    .lookupByNameAndType(InfluxConfiguration.STATUS_BEAN, InfluxStatus.class).stats();
            assertThat(stats.maxBuffered()).as("peak buffer").isGreaterThan(RATE_PER_SECOND * 20)
                    .isLessThanOrEqualTo(BUFFER_LIMIT);
        } finally {
            traffic.shutdownNow();
            questdb.close();
        }
    }
}
