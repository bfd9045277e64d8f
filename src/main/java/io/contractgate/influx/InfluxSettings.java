package io.contractgate.influx;

import io.contractgate.settings.SafeUrl;
import io.contractgate.settings.Settings;

import java.util.function.Function;

/**
 * The {@code influx.*} settings, checked at start with errors naming the key at fault. An empty {@code influx.url}
 * turns the Influx path off.
 */
public record InfluxSettings(String url, String org, String bucket, String token, String measurement,
                             int batchSize, int flushIntervalMs, int bufferLimit, String timestampField,
                             int payloadMaxChars, int retryIntervalMs, int maxRetries, int maxRetryDelayMs,
                             int maxRetryTimeMs, int exponentialBase, boolean required) {

    public static final String DEFAULT_MEASUREMENT = "mqtt_messages";

    /** Reads and checks the settings; {@code get} returns null or "" for an unset key. */
    public static InfluxSettings from(Function<String, String> source) {
        Settings get = Settings.of(source);
        String url = get.text("influx.url", "");
        if (SafeUrl.hasUserInfo(url)) {
            // InfluxDB v2 authenticates with the token; the URL is logged and shown by the status API: never echo it
            throw new IllegalArgumentException("influx.url must not carry a user name or password (user:password@);"
                    + " set influx.token (or INFLUX_TOKEN_FILE) instead");
        }
        if (!url.isEmpty() && !url.matches("https?://[^\\s/]+.*")) {
            throw new IllegalArgumentException("influx.url must look like http://host:8086, was '" + SafeUrl.of(url) + "'");
        }
        String org = get.text("influx.org", "");
        String bucket = get.text("influx.bucket", "");
        if (!url.isEmpty() && org.isEmpty()) {
            throw new IllegalArgumentException("influx.org must be set when influx.url is set");
        }
        if (!url.isEmpty() && bucket.isEmpty()) {
            throw new IllegalArgumentException("influx.bucket must be set when influx.url is set");
        }
        String measurement = get.text("influx.measurement", DEFAULT_MEASUREMENT);
        return new InfluxSettings(url, org, bucket, get.text("influx.token", ""), measurement,
                get.atLeast("influx.batch-size", 1000, 1),
                get.atLeast("influx.flush-interval-ms", 1000, 1),
                get.atLeast("influx.buffer-limit", 50_000, 1),
                get.text("influx.timestamp-field", "timestamp"),
                get.atLeast("influx.payload-max-chars", 1024, 1),
                get.atLeast("influx.retry-interval-ms", 5000, 1),
                get.atLeast("influx.max-retries", 10, 1),
                get.atLeast("influx.max-retry-delay-ms", 30_000, 1),
                get.atLeast("influx.max-retry-time-ms", 600_000, 1),
                get.atLeast("influx.exponential-base", 2, 1),
                get.bool("influx.required", false));
    }

    public boolean enabled() {
        return !url.isEmpty();
    }

    /** For logs and the status API: no token. */
    public String describe() {
        return enabled()
                ? url + " org=" + org + " bucket=" + bucket + " measurement=" + measurement + " batch=" + batchSize
                        + " flush=" + flushIntervalMs + "ms buffer=" + bufferLimit
                : "off (influx.url is empty)";
    }

    @Override
    public String toString() {
        return describe(); // never print the token
    }
}
