package io.contractgate.quarantine;

import io.contractgate.settings.SafeUrl;

import java.nio.file.Path;
import java.util.function.Function;

/**
 * The {@code quarantine.*} settings, checked at start with errors naming the key at fault. An empty
 * {@code quarantine.jdbc-url} means the embedded H2 file database under {@code quarantine.data-dir}.
 *
 * @param enabled           keep failed messages at all
 * @param jdbcUrl           the database; H2 under {@code dataDir} when the setting is empty
 * @param user              database user (empty for the embedded default)
 * @param password          database password; never logged
 * @param maxAgeHours       rows older than this are deleted (counted as dropped, reason {@code age})
 * @param maxRows           at most this many rows; the oldest beyond are deleted (reason {@code size})
 * @param queueSize         failed messages waiting for the writer
 * @param queueBytes        bytes those messages may hold (payload, report, verdict): what keeps a flood of large
 *                          failed messages inside the heap while the database is slow or away
 * @param batchSize         rows per JDBC batch insert
 * @param required          {@code true}: a failed message is acknowledged to the broker only once its row is written
 * @param retentionSeconds  how often retention runs
 * @param redriveRate       re-driven messages per second at most
 * @param poolSize          pooled connections
 * @param previewRecent     recent validated messages kept per mapping for the impact preview
 * @param previewRecentBytes payload bytes those messages may hold, all mappings together
 */
public record QuarantineSettings(boolean enabled, String jdbcUrl, String user, String password, int maxAgeHours,
                                 long maxRows, int queueSize, int queueBytes, int batchSize, boolean required, int retentionSeconds,
                                 int redriveRate, int poolSize, int previewRecent,
                                 int previewRecentBytes) {

    public static final String DEFAULT_DATA_DIR = "data/quarantine";
    /**
     * Default {@code quarantine.queue-bytes}: 24 MiB, a fifth of the 128 MiB heap scripts/gateway.sh gives the gateway
     * (about 90 failed messages of 256 KiB with their reports, or the whole count bound of small ones).
     */
    public static final int DEFAULT_QUEUE_BYTES = 24 * 1024 * 1024;

    /** Reads and checks the settings; {@code get} returns null or "" for an unset key. */
    public static QuarantineSettings from(Function<String, String> get) {
        String url = text(get, "quarantine.jdbc-url", "");
        if (url.isEmpty()) {
            Path dir = Path.of(text(get, "quarantine.data-dir", DEFAULT_DATA_DIR)).toAbsolutePath();
            // a small page cache (8 MiB): the gateway runs with a 128 MiB heap, and rows are written far more than read;
            // the gateway closes the database itself once the writer has written what is queued (a stop): H2's own
            // close at JVM exit ran first and the queued rows of failed messages were lost ("Database is already closed")
            url = "jdbc:h2:file:" + dir.resolve("quarantine").toString().replace('\\', '/')
                    + ";CACHE_SIZE=8192;DB_CLOSE_ON_EXIT=FALSE";
        } else if (!url.startsWith("jdbc:h2:") && !url.startsWith("jdbc:postgresql:")) {
            throw new IllegalArgumentException("quarantine.jdbc-url must be a jdbc:postgresql:// or jdbc:h2: URL, was '"
                    + SafeUrl.of(url) + "'");
        }
        return new QuarantineSettings(bool(get, "quarantine.enabled", true), url,
                text(get, "quarantine.user", ""), text(get, "quarantine.password", ""),
                positive(get, "quarantine.max-age-hours", 168),
                positive(get, "quarantine.max-rows", 1_000_000),
                positive(get, "quarantine.queue-size", 10_000),
                positive(get, "quarantine.queue-bytes", DEFAULT_QUEUE_BYTES),
                positive(get, "quarantine.batch-size", 500),
                bool(get, "quarantine.required", false),
                positive(get, "quarantine.retention-interval-seconds", 60),
                positive(get, "quarantine.redrive-rate", 500),
                positive(get, "quarantine.pool-size", 4),
                positive(get, "quarantine.preview-recent", 500),
                positive(get, "quarantine.preview-recent-bytes", (int) RecentTraffic.DEFAULT_MAX_BYTES));
    }

    public boolean postgres() {
        return jdbcUrl.startsWith("jdbc:postgresql:");
    }

    /** For logs and the status API: the URL without credentials, and no password. */
    public String describe() {
        if (!enabled) {
            return "off (quarantine.enabled=false)";
        }
        return SafeUrl.of(jdbcUrl) + " max-age=" + maxAgeHours + "h max-rows=" + maxRows + " queue=" + queueSize + " queue-bytes=" + queueBytes
                + " batch=" + batchSize + " required=" + required;
    }

    @Override
    public String toString() {
        return describe(); // never print the password
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
}
