package io.contractgate.influx;

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
    public static InfluxSettings from(Function<String, String> get) {
        String url = text(get, "influx.url", "");
        if (!url.isEmpty() && !url.matches("https?://[^\\s/]+.*")) {
            throw new IllegalArgumentException("influx.url must look like http://host:8086, was '" + url + "'");
        }
        String org = text(get, "influx.org", "");
        String bucket = text(get, "influx.bucket", "");
        if (!url.isEmpty() && org.isEmpty()) {
            throw new IllegalArgumentException("influx.org must be set when influx.url is set");
        }
        if (!url.isEmpty() && bucket.isEmpty()) {
            throw new IllegalArgumentException("influx.bucket must be set when influx.url is set");
        }
        String measurement = text(get, "influx.measurement", DEFAULT_MEASUREMENT);
        return new InfluxSettings(url, org, bucket, text(get, "influx.token", ""), measurement,
                positive(get, "influx.batch-size", 1000),
                positive(get, "influx.flush-interval-ms", 1000),
                positive(get, "influx.buffer-limit", 50_000),
                text(get, "influx.timestamp-field", "timestamp"),
                positive(get, "influx.payload-max-chars", 1024),
                positive(get, "influx.retry-interval-ms", 5000),
                positive(get, "influx.max-retries", 10),
                positive(get, "influx.max-retry-delay-ms", 30_000),
                positive(get, "influx.max-retry-time-ms", 600_000),
                positive(get, "influx.exponential-base", 2),
                bool(get, "influx.required", false));
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

    private static String text(Function<String, String> get, String key, String dflt) {
        String v = get.apply(key);
        return v == null || v.isBlank() ? dflt : v.trim();
    }

    private static boolean bool(Function<String, String> get, String key, boolean dflt) {
        String v = text(get, key, "");
        if (v.isEmpty()) {
            return dflt;
        }
        if (!v.equals("true") && !v.equals("false")) {
            throw new IllegalArgumentException(key + " must be true or false, was '" + v + "'");
        }
        return Boolean.parseBoolean(v);
    }

    private static int positive(Function<String, String> get, String key, int dflt) {
        String v = text(get, key, "");
        if (v.isEmpty()) {
            return dflt;
        }
        try {
            int n = Integer.parseInt(v);
            if (n < 1) {
                throw new IllegalArgumentException(key + " must be >= 1, was " + n);
            }
            return n;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(key + " must be a whole number, was '" + v + "'");
        }
    }

    @Override
    public String toString() {
        return describe(); // never print the token
    }
}
