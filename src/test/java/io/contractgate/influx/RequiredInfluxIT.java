package io.contractgate.influx;

import io.contractgate.testing.GatewayRunner;
import io.contractgate.metrics.TrafficMix;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * influx.required=true: a message is acknowledged to the MQTT broker only once its point is in the time-series
 * server. While the server is down nothing more is acknowledged (the backlog stays at the broker, beyond the small
 * write queue), nothing is dropped, and when it is back every message's point arrives and every input is acknowledged.
 */
class RequiredInfluxIT {

    static final int QUEUE = 50;

    @TempDir
    Path dir;

    @Test
    void anOutageBacksUpIntoTheBrokerAndLosesNoPoint() throws Exception {
        QuestDbServer questdb = new QuestDbServer(dir.resolve("questdb")).start();
        Instant base = Instant.parse("2026-04-01T00:00:00Z");
        try (GatewayRunner g = GatewayRunner.startProject("influx.url", questdb.url(), "influx.org", "o",
                "influx.bucket", "b", "influx.required", "true", "influx.batch-size", "20",
                "influx.flush-interval-ms", "100", "influx.buffer-limit", String.valueOf(QUEUE),
                "influx.retry-interval-ms", "300", "influx.max-retry-delay-ms", "1000")) {
            int before = 40;
            for (int i = 0; i < before; i++) {
                g.publish(TrafficMix.SENSOR1, reading(base, i));
            }
            await().atMost(Duration.ofSeconds(30)).until(() -> questdb.count("") >= before);
            questdb.query("alter table mqtt_messages dedup enable upsert keys(timestamp, sensor_id)");
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                    assertThat(g.metric("mqtt_inputs_acknowledged_total")).isEqualTo(before));

            questdb.stop();
            int during = 400;
            for (int i = before; i < before + during; i++) {
                g.publish(TrafficMix.SENSOR1, reading(base, i));
            }
            // the writer retries; the pipeline stops at the full queue and the broker keeps the rest
            await().atMost(Duration.ofSeconds(30)).until(() -> g.metric("influx_write_retries_total") >= 2);
            assertThat(g.metric("mqtt_inputs_acknowledged_total")).as("nothing acknowledged while Influx is down")
                    .isEqualTo(before);
            assertThat(g.metric("mqtt_inputs_in_flight")).as("bounded by the queue and the input window")
                    .isLessThanOrEqualTo(QUEUE + 1_000 + 2);

            questdb.start();
            int total = before + during;
            await().atMost(Duration.ofSeconds(90)).untilAsserted(() ->
                    assertThat(g.metric("mqtt_inputs_acknowledged_total")).isGreaterThanOrEqualTo(total));
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(questdb.count("")).isEqualTo(total));
            assertThat(g.metric("influx_points_dropped_total")).isZero();
            assertThat(g.metric("influx_points_failed_total")).isZero();
        } finally {
            questdb.close();
        }
    }

    private static String reading(Instant base, int i) {
        return "{\"sensor_id\":\"s1-" + (i % 20) + "\",\"timestamp\":\"" + base.plusMillis(i)
                + "\",\"temperature\":20.5,\"humidity\":50}";
    }
}
