package io.contractgate.influx;

import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The influx.* keys: defaults, off without a URL, and start-up errors that name the key. */
class InfluxSettingsTest {

    @Test
    void offWithoutUrlAndDefaults() {
        InfluxSettings s = InfluxSettings.from(Map.<String, String>of()::get);
        assertThat(s.enabled()).isFalse();
        assertThat(s.describe()).contains("off").contains("influx.url");
        assertThat(s.measurement()).isEqualTo("mqtt_messages");
        assertThat(s.batchSize()).isEqualTo(1000);
        assertThat(s.bufferLimit()).isEqualTo(50_000);
        assertThat(s.required()).as("influx.required defaults to the asynchronous path").isFalse();
        assertThat(s.timestampField()).isEqualTo("timestamp");
    }

    @Test
    void onWithUrlAndNeverShowsTheToken() {
        InfluxSettings s = InfluxSettings.from(Map.of("influx.url", "http://influxdb:8086", "influx.org", "o",
                "influx.bucket", "b", "influx.token", "secret-token", "influx.batch-size", "50")::get);
        assertThat(s.enabled()).isTrue();
        assertThat(s.batchSize()).isEqualTo(50);
        assertThat(s.describe()).contains("http://influxdb:8086").doesNotContain("secret-token");
        assertThat(s.toString()).doesNotContain("secret-token");
    }

    @Test
    void refusesCredentialsInTheUrlWithoutEchoingThem() {
        // they used to be logged at start ("InfluxDB storage on: http://user:password@...") and shown by the status API
        assertThatThrownBy(() -> InfluxSettings.from(Map.of("influx.url", "http://gw:url-secret@influxdb:8086",
                "influx.org", "o", "influx.bucket", "b")::get))
                .hasMessageContaining("influx.url").hasMessageContaining("influx.token")
                .hasMessageNotContaining("url-secret");
        assertThatThrownBy(() -> InfluxSettings.from(Map.of("influx.url", "influx://gw:url-secret@influxdb:8086")::get))
                .hasMessageContaining("influx.url").hasMessageNotContaining("url-secret");
    }

    @Test
    void badValuesNameTheKey() {
        assertThatThrownBy(() -> InfluxSettings.from(Map.of("influx.url", "influxdb:8086")::get))
                .hasMessageContaining("influx.url");
        assertThatThrownBy(() -> InfluxSettings.from(Map.of("influx.url", "http://x:1", "influx.bucket", "b")::get))
                .hasMessageContaining("influx.org");
        assertThatThrownBy(() -> InfluxSettings.from(Map.of("influx.batch-size", "many")::get))
                .hasMessageContaining("influx.batch-size");
        assertThatThrownBy(() -> InfluxSettings.from(Map.of("influx.buffer-limit", "0")::get))
                .hasMessageContaining("influx.buffer-limit");
    }
}
