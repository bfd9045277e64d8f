package io.contractgate.metrics;

import io.contractgate.testing.GatewayRunner;
import java.nio.file.Files;
import io.contractgate.mqtt.EmbeddedBroker;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static io.contractgate.testing.GatewayRunner.sample;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The real gateway's /metrics after a known mix of messages: exact per-message and per-error counts, histograms per
 * mapping, Camel's route meters, the cardinality guard, the reload counter and the broker gauge.
 */
class MetricsIT {

    @Test
    void countsEveryMessageAndEveryError() throws Exception {
        try (GatewayRunner g = GatewayRunner.startProject()) {
            // the README's series whose labels are known at start are there at 0 before the first message
            String fresh = g.scrape();
            for (String series : java.util.List.of("contract_breaker_trips_total{mapping=\"sensor1\"} 0",
                    "mqtt_messages_total{mapping=\"sensor1\",status=\"failed\"} 0",
                    "mqtt_sensor_id_folded_total{mapping=\"sensor1\"} 0",
                    "mqtt_publish_failures_total{mapping=\"sensor1\"} 0",
                    "mqtt_handling_seconds_count{mapping=\"sensor1\"} 0")) {
                assertThat(fresh.lines()).as(series).anyMatch(l -> l.startsWith(series));
            }
            TrafficMix.publish(g);
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                    assertThat(g.metric("mqtt_messages_total")).isEqualTo(TrafficMix.total()));
            String s = g.scrape();

            assertThat(sample(s, "mqtt_messages_total", "mapping", "sensor1", "status", "validated")).isEqualTo(5);
            assertThat(sample(s, "mqtt_messages_total", "mapping", "sensor1", "status", "failed")).isEqualTo(3);
            assertThat(sample(s, "mqtt_messages_total", "mapping", "sensor2", "status", "validated")).isEqualTo(4);
            assertThat(sample(s, "mqtt_messages_total", "mapping", "sensor2", "status", "failed")).isEqualTo(2);

            assertThat(sample(s, "mqtt_messages_processed_total", "status", "validated", "mapping", "sensor1",
                    "sensor_id", "s1-a", "error_type", "none")).isEqualTo(5);
            assertThat(sample(s, "mqtt_messages_processed_total", "status", "failed", "mapping", "sensor1",
                    "sensor_id", "s1-a", "error_type", "out_of_range")).isEqualTo(3);
            assertThat(sample(s, "mqtt_messages_processed_total", "status", "failed", "mapping", "sensor1",
                    "sensor_id", "s1-a", "error_type", "wrong_type")).isEqualTo(3);
            assertThat(sample(s, "mqtt_messages_processed_total", "status", "failed", "mapping", "sensor2",
                    "sensor_id", "_none", "error_type", "invalid_json")).isEqualTo(2);
            assertThat(sample(s, "mqtt_messages_processed_total", "status", "validated", "mapping", "sensor2",
                    "sensor_id", "s2-b", "error_type", "none")).isEqualTo(4);
            // one per error of a failed message: 3 x 2 + 2 x 1, plus 9 validated
            assertThat(sample(s, "mqtt_messages_processed_total")).isEqualTo(17);

            // per field: one per error, labelled with the contract and the field's JSON pointer
            assertThat(sample(s, "mqtt_contract_violations_total", "mapping", "sensor1", "contract", "sensor1")).isEqualTo(6);
            assertThat(sample(s, "mqtt_contract_violations_total", "mapping", "sensor1", "error_type", "out_of_range")).isEqualTo(3);
            assertThat(sample(s, "mqtt_contract_violations_total", "mapping", "sensor2", "contract", "sensor2",
                    "field", "_payload", "error_type", "invalid_json")).isEqualTo(2);
            assertThat(s.lines().filter(l -> l.startsWith("mqtt_contract_violations_total{") && l.contains("mapping=\"sensor1\""))
                    .allMatch(l -> l.contains("field=\"/"))).isTrue();
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                    assertThat(sample(g.scrape(), "contract_info", "contract", "sensor1")).isEqualTo(1));

            assertThat(sample(s, "contract_validation_seconds_count", "mapping", "sensor1")).isEqualTo(8);
            assertThat(sample(s, "contract_validation_seconds_count", "mapping", "sensor2")).isEqualTo(6);
            assertThat(sample(s, "mqtt_handling_seconds_count", "mapping", "sensor1")).isEqualTo(8);
            assertThat(sample(s, "mqtt_handling_seconds_count", "mapping", "sensor2")).isEqualTo(6);
            assertThat(sample(s, "mqtt_handling_seconds_bucket", "mapping", "sensor2", "le", "+Inf")).isEqualTo(6);
            assertThat(sample(s, "mqtt_sensor_id_folded_total", "mapping", "sensor1")).isZero();
            assertThat(sample(s, "mqtt_publish_failures_total")).isZero();

            // Camel's own route meters on the same endpoint, label names in snake_case
            assertThat(sample(s, "camel_exchanges_total", "route_id", "mapping-sensor1")).isEqualTo(8);
            assertThat(sample(s, "camel_exchanges_total", "route_id", "mapping-sensor2")).isEqualTo(6);
            assertThat(sample(s, "camel_exchanges_total", "route_id", "publish-validated")).isEqualTo(9);
            assertThat(sample(s, "camel_exchanges_total", "route_id", "publish-failed")).isEqualTo(5);

            assertThat(s).contains("contract_config_reloads_total{result=\"failure\"} 0.0")
                    .contains("contract_config_reloads_total{result=\"success\"} 0.0");
            g.context().getRegistry().lookupByNameAndType(MetricsConfiguration.METRICS_BEAN, GatewayMetrics.class)
                    .reloadCompleted(false);
            assertThat(g.metric("contract_config_reloads_total", "result", "failure")).isEqualTo(1);

            assertThat(sample(s, "mqtt_broker_connected")).isEqualTo(1);
            assertThat(s).doesNotContain("influx_points_written_total"); // Influx path off without influx.url
        }
    }

    @Test
    void foldsSensorIdsPastTheCapIntoOther() throws Exception {
        try (GatewayRunner g = GatewayRunner.startProject("metrics.max-sensor-ids-per-mapping", "3")) {
            for (int i = 0; i < 5; i++) {
                g.publish(TrafficMix.SENSOR1, TrafficMix.validSensor1("s1-" + i, i));
            }
            g.publish(TrafficMix.SENSOR1, TrafficMix.validSensor1("s1-0", 0)); // known sensor: not folded
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                    assertThat(g.metric("mqtt_messages_total", "mapping", "sensor1")).isEqualTo(6));
            String s = g.scrape();
            assertThat(sample(s, "mqtt_sensor_id_folded_total", "mapping", "sensor1")).isEqualTo(2);
            assertThat(sample(s, "mqtt_messages_processed_total", "sensor_id", "_other")).isEqualTo(2);
            // the first 3 sensors keep their label; _other and _none exist from the start
            assertThat(s.lines().filter(l -> l.startsWith("mqtt_messages_processed_total{")
                            && l.contains("mapping=\"sensor1\""))
                    .map(l -> l.replaceAll(".*sensor_id=\"([^\"]*)\".*", "$1")).distinct())
                    .containsExactlyInAnyOrder("s1-0", "s1-1", "s1-2", "_other", "_none");
            assertThat(sample(s, "mqtt_messages_processed_total")).isEqualTo(6);
        }
    }

    @Test
    void brokerGaugeFollowsTheConnection() throws Exception {
        int port = GatewayRunner.freePort();
        EmbeddedBroker broker = new EmbeddedBroker("127.0.0.1", port, Files.createTempDirectory("broker-data"), 262_144);
        broker.start();
        try (GatewayRunner g = GatewayRunner.startProject("mqtt.broker.url", broker.url())) {
            await().atMost(Duration.ofSeconds(20)).untilAsserted(() ->
                    assertThat(g.metric("mqtt_broker_connected")).isEqualTo(1));
            broker.close();
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                    assertThat(g.metric("mqtt_broker_connected")).isZero());
        } finally {
            broker.close();
        }
    }
}
