package io.contractgate.fleet;

import io.contractgate.database.PooledDatabase;
import io.contractgate.settings.SafeUrl;
import io.contractgate.settings.Settings;

import java.util.Map;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * The {@code state.*} settings of the fleet's shared state, checked at start with errors naming the key. Without
 * {@code state.jdbc-url} there is no shared state ({@link #from} returns null): files only, no database, no threads.
 *
 * @param jdbcUrl          the PostgreSQL database that holds the configuration of every gateway of the fleet
 * @param user             database user, empty for none
 * @param password         database password; never logged, never in an answer
 * @param instanceId       this gateway's name in the fleet view
 * @param heartbeatSeconds how often this gateway reports itself; silent after {@value #SILENT_HEARTBEATS} missed
 * @param checkSeconds     how often the configuration version is compared, besides LISTEN/NOTIFY
 * @param poolSize         pooled connections (one is held for LISTEN)
 * @param timeoutMillis    how long to wait for a connection before an admin change is refused with 503
 */
public record StateSettings(String jdbcUrl, String user, String password, String instanceId, int heartbeatSeconds,
                            int checkSeconds, int poolSize, int timeoutMillis) {

    /** An instance whose last report is older than this many heartbeats is shown as silent. */
    public static final int SILENT_HEARTBEATS = 3;
    private static final Pattern INSTANCE_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.:-]{0,63}");

    /**
     * Reads and checks the settings, or returns null when {@code state.jdbc-url} is unset; {@code get} returns null or
     * "" for an unset key.
     */
    public static StateSettings from(Function<String, String> get, String defaultInstanceId) {
        Settings s = Settings.of(get);
        String url = s.text("state.jdbc-url", null);
        if (url == null) {
            return null;
        }
        if (!url.startsWith("jdbc:postgresql:")) {
            throw new IllegalArgumentException("state.jdbc-url must be a jdbc:postgresql:// URL (the fleet's changes"
                    + " travel by PostgreSQL LISTEN/NOTIFY), was '" + SafeUrl.of(url) + "'");
        }
        String id = s.text("state.instance-id", defaultInstanceId);
        if (!INSTANCE_ID.matcher(id).matches()) {
            throw new IllegalArgumentException("state.instance-id must be 1-64 letters, digits, '_', '.', ':' or '-',"
                    + " was '" + id.replaceAll("\\p{Cntrl}", "?") + "'");
        }
        String password = s.optional("state.password");
        return new StateSettings(url, s.text("state.user", ""), password == null ? "" : password, id,
                s.integer("state.heartbeat-seconds", 5, 1, 300),
                s.integer("state.check-seconds", 5, 1, 3600),
                s.integer("state.pool-size", 4, 2, 64),
                s.integer("state.timeout-ms", 3000, 250, 60_000));
    }

    /** The shared-state database with {@code connections} pooled: its migrations (db/fleet), history table and keys. */
    public PooledDatabase.Spec databaseSpec(int connections) {
        return new PooledDatabase.Spec("shared state", jdbcUrl, user, password, connections, timeoutMillis, "db/fleet",
                "fleet_schema_history", Map.of(), "state.jdbc-url, state.user, state.password");
    }

    /** For logs and answers: the URL without credentials, and no password. */
    public String describe() {
        return SafeUrl.of(jdbcUrl) + " as instance " + instanceId;
    }

    @Override
    public String toString() {
        return describe(); // never print the password
    }
}
