package io.contractgate.influx;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.contractgate.testing.GatewayRunner;
import io.contractgate.metrics.TrafficMix;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The real gateway writing through camel-influxdb2 to a real server that speaks the InfluxDB v2 write API (in-JVM
 * QuestDB), read back with SQL: exact points for validated and failed messages, and a flush of the buffer at shutdown.
 */
class InfluxQuestDbIT {

    @TempDir
    Path dir;
    QuestDbServer questdb;

    @BeforeEach
    void startQuestDb() {
        questdb = new QuestDbServer(dir.resolve("questdb")).start();
    }

    @AfterEach
    void stopQuestDb() {
        if (questdb != null) {
            questdb.close();
        }
    }

    private GatewayRunner gateway(String... extra) throws Exception {
        String[] base = {"influx.url", questdb.url(), "influx.org", "test-org", "influx.bucket", "test-bucket",
                "influx.token", "unused", "influx.flush-interval-ms", "200"};
        String[] all = new String[base.length + extra.length];
        System.arraycopy(base, 0, all, 0, base.length);
        System.arraycopy(extra, 0, all, base.length, extra.length);
        return GatewayRunner.startProject(all);
    }

    @Test
    void storesExactPointsForValidatedAndFailedMessages() throws Exception {
        try (GatewayRunner g = gateway()) {
            g.publish(TrafficMix.SENSOR1, "{\"sensor_id\":\"s1-7\",\"timestamp\":\"2026-01-01T10:00:00.123Z\","
                    + "\"temperature\":21.5,\"humidity\":40}");
            g.publish(TrafficMix.SENSOR2, "{\"sensor_id\":\"s2-3\",\"pressure\":1000,\"status\":\"ok\"}");
            g.publish(TrafficMix.SENSOR1, "{\"sensor_id\":\"s1-8\",\"timestamp\":\"2026-01-01T11:00:00+01:00\","
                    + "\"temperature\":200,\"humidity\":\"wet\"}");
            g.publish(TrafficMix.SENSOR2, "not json");
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(questdb.count("")).isEqualTo(4));
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                    assertThat(g.metric("influx_points_written_total")).isEqualTo(4));
            assertThat(g.metric("influx_points_failed_total")).isZero();
            assertThat(g.metric("influx_points_dropped_total")).isZero();
            assertThat(g.metric("influx_points_buffered")).isZero();

            Map<String, JsonNode> v1 = one("sensor_id = 's1-7'");
            assertThat(v1.get("status").asText()).isEqualTo("validated");
            assertThat(v1.get("mapping").asText()).isEqualTo("sensor1");
            assertThat(v1.get("topic").asText()).isEqualTo("sensors/sensor1");
            assertThat(v1.get("temperature").asDouble()).isEqualTo(21.5);
            assertThat(v1.get("humidity").asDouble()).isEqualTo(40.0);
            assertThat(v1.get("timestamp").asText()).startsWith("2026-01-01T10:00:00.123");
            assertThat(v1.get("primary_error").isNull()).isTrue();

            Map<String, JsonNode> v2 = one("sensor_id = 's2-3'");
            assertThat(v2.get("status").asText()).isEqualTo("validated");
            assertThat(v2.get("mapping").asText()).isEqualTo("sensor2");
            assertThat(v2.get("pressure").asDouble()).isEqualTo(1000.0);
            assertThat(v2.get("status_value").asText()).isEqualTo("ok"); // payload "status" vs the status tag

            Map<String, JsonNode> f1 = one("sensor_id = 's1-8'");
            assertThat(f1.get("status").asText()).isEqualTo("failed");
            assertThat(f1.get("primary_error").asText()).isEqualTo("wrong_type");
            assertThat(f1.get("error_count").asLong()).isEqualTo(2);
            JsonNode errors = new ObjectMapper().readTree(f1.get("errors").asText());
            assertThat(errors).hasSize(2);
            assertThat(errors.findValuesAsText("error_type")).containsExactlyInAnyOrder("wrong_type", "out_of_range");
            assertThat(f1.get("payload").asText()).contains("\"temperature\":200");
            assertThat(f1.get("timestamp").asText()).startsWith("2026-01-01T10:00:00.000"); // +01:00 -> UTC
            assertThat(f1.get("temperature").isNull()).isTrue(); // failed points carry the report, not the values

            Map<String, JsonNode> f2 = one("mapping = 'sensor2' and status = 'failed'");
            assertThat(f2.get("primary_error").asText()).isEqualTo("invalid_json");
            assertThat(f2.get("error_count").asLong()).isEqualTo(1);
            assertThat(f2.get("payload").asText()).isEqualTo("not json");
            assertThat(f2.get("sensor_id").isNull()).isTrue();
            // no payload timestamp: the receive time, i.e. within the test's run
            assertThat(f2.get("timestamp").asText()).startsWith(java.time.Instant.now().toString().substring(0, 10));
        }
    }

    @Test
    void flushesTheBufferAtShutdown() throws Exception {
        int n = 40;
        // batches far larger than the traffic and a flush interval far longer than the test: only close() writes
        try (GatewayRunner g = gateway("influx.batch-size", "10000", "influx.flush-interval-ms", "600000")) {
            for (int i = 0; i < n; i++) {
                g.publish(TrafficMix.SENSOR2, TrafficMix.validSensor2(i));
            }
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                    assertThat(g.metric("influx_points_buffered")).isEqualTo(n));
            assertThat(questdb.count("")).isZero();
        }
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(questdb.count("")).isEqualTo(n));
    }

    @Test
    void startsAndKeepsValidatingWhileInfluxIsNotThereYet() throws Exception {
        QuestDbServer later = new QuestDbServer(dir.resolve("later")); // port chosen, server not started
        try (GatewayRunner g = GatewayRunner.startProject("influx.url", later.url(), "influx.org", "o",
                "influx.bucket", "b", "influx.flush-interval-ms", "200", "influx.retry-interval-ms", "500",
                "influx.max-retry-delay-ms", "1000", "influx.max-retries", "100")) {
            TrafficMix.publish(g);
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                    assertThat(g.metric("mqtt_messages_total")).isEqualTo(TrafficMix.total()));
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                    assertThat(g.metric("influx_write_retries_total")).isPositive());
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                    assertThat(g.metric("influx_points_buffered")).isEqualTo(TrafficMix.total()));
            later.start();
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                    assertThat(later.count("")).isEqualTo(TrafficMix.total()));
            assertThat(later.count("status = 'failed'"))
                    .isEqualTo(TrafficMix.SENSOR1_FAILED + TrafficMix.SENSOR2_FAILED);
        } finally {
            later.close();
        }
    }

    @Test
    void pastTheBufferBoundTheOldestAreDroppedAndCounted() throws Exception {
        int n = 60;
        int limit = 20;
        QuestDbServer later = new QuestDbServer(dir.resolve("bounded"));
        try (GatewayRunner g = GatewayRunner.startProject("influx.url", later.url(), "influx.org", "o",
                "influx.bucket", "b", "influx.batch-size", "5", "influx.flush-interval-ms", "100",
                "influx.buffer-limit", String.valueOf(limit), "influx.retry-interval-ms", "500",
                "influx.max-retry-delay-ms", "1000", "influx.max-retries", "100")) {
            for (int i = 0; i < n; i++) {
                g.publish(TrafficMix.SENSOR2, TrafficMix.validSensor2(i));
            }
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
                String s = g.scrape();
                double dropped = GatewayRunner.sample(s, "influx_points_dropped_total");
                double buffered = GatewayRunner.sample(s, "influx_points_buffered");
                assertThat(dropped + buffered).isEqualTo(n); // nothing written yet: every point is one or the other
                assertThat(dropped).isPositive();
            });
            // the bound, plus the batch being retried and the client's two prefetched batches (docs/monitoring.md)
            assertThat(g.metric("influx_points_buffered")).isLessThanOrEqualTo(limit + 3 * 5);
            later.start();
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                    assertThat(g.metric("influx_points_buffered")).isZero());
            double written = g.metric("influx_points_written_total");
            assertThat(written + g.metric("influx_points_dropped_total")).isEqualTo(n);
            assertThat(g.metric("influx_points_failed_total")).isZero();
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                    assertThat(later.count("")).isEqualTo((long) written));
        } finally {
            later.close();
        }
    }

    private Map<String, JsonNode> one(String where) throws Exception {
        List<Map<String, JsonNode>> rows = questdb.query("select * from mqtt_messages where " + where);
        assertThat(rows).hasSize(1);
        return rows.get(0);
    }
}
