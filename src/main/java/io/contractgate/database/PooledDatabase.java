package io.contractgate.database;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.contractgate.settings.SafeUrl;
import io.contractgate.startup.StartupProblem;
import org.flywaydb.core.Flyway;

import javax.sql.DataSource;
import java.sql.SQLException;
import java.util.Map;

/**
 * A pooled {@link DataSource} (HikariCP) whose schema Flyway brings up to date from one migration folder with its own
 * history table, so several features (the quarantine, the fleet's shared state) can share one database without
 * touching each other's tables. Errors name the settings at fault; the password is never part of a message.
 */
public final class PooledDatabase implements AutoCloseable {

    /**
     * What to open.
     *
     * @param name          pool name and the words used in errors ("quarantine", "shared state")
     * @param jdbcUrl       the database
     * @param user          user, empty for none
     * @param password      password, empty for none; never logged
     * @param poolSize      pooled connections at most
     * @param timeoutMillis how long to wait for a connection (at start and afterwards)
     * @param location      the migrations' classpath folder, e.g. {@code db/quarantine}
     * @param historyTable  Flyway's history table for these migrations
     * @param placeholders  Flyway placeholders the migrations use
     * @param settingKeys   the settings to name in errors, e.g. "quarantine.jdbc-url, quarantine.user, ..."
     */
    public record Spec(String name, String jdbcUrl, String user, String password, int poolSize, long timeoutMillis,
                       String location, String historyTable, Map<String, String> placeholders, String settingKeys) {
        @Override
        public String toString() {
            return name + " " + safeUrl(jdbcUrl); // never the password
        }
    }

    /** Migrations tried at most (100 ms doubling between them: ~3 s in all) before a failure stops the start. */
    static final int MIGRATE_ATTEMPTS = 6;
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(PooledDatabase.class);

    private final HikariDataSource dataSource;

    private PooledDatabase(HikariDataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** Opens the pool and migrates; fails with a message naming the settings when it cannot. */
    public static PooledDatabase open(Spec s) {
        HikariConfig c = new HikariConfig();
        c.setJdbcUrl(s.jdbcUrl());
        if (!s.user().isEmpty()) {
            c.setUsername(s.user());
        }
        if (!s.password().isEmpty()) {
            c.setPassword(s.password());
        }
        c.setPoolName(s.name().replace(' ', '-'));
        c.setMaximumPoolSize(s.poolSize());
        c.setMinimumIdle(1);
        c.setConnectionTimeout(s.timeoutMillis());
        c.setInitializationFailTimeout(s.timeoutMillis());
        HikariDataSource ds;
        try {
            ds = new HikariDataSource(c);
        } catch (RuntimeException e) {
            throw new StartupProblem("cannot open the " + s.name() + " database " + safeUrl(s.jdbcUrl())
                    + " (" + s.settingKeys() + "): " + rootMessage(e) + inUseHint(e), e);
        }
        Flyway flyway = Flyway.configure()
                .dataSource(ds)
                .locations("classpath:" + s.location())
                .table(s.historyTable())
                .placeholders(s.placeholders())
                // the other features' tables are not ours to judge: a database they already use is not "dirty"
                .baselineOnMigrate(true)
                .baselineVersion("0")
                .load();
        // replicas started together migrate one empty database at once; the loser of Flyway's race sees the
        // history table another one just created ("... already exists, and is empty") and succeeds a moment later,
        // when the winner has filled it: a few attempts with backoff, then the failure stops the start
        for (int attempt = 1; ; attempt++) {
            try {
                flyway.migrate();
                return new PooledDatabase(ds);
            } catch (RuntimeException e) {
                if (attempt >= MIGRATE_ATTEMPTS) {
                    ds.close();
                    throw new StartupProblem("cannot migrate the " + s.name() + " database " + safeUrl(s.jdbcUrl())
                            + ": " + rootMessage(e), e);
                }
                long wait = 100L << (attempt - 1);
                LOG.warn("Migrating the {} database failed ({}); another gateway may be migrating it: retrying in {} ms",
                        s.name(), rootMessage(e), wait);
                try {
                    Thread.sleep(wait); // backoff between attempts, not a wait for a known event
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    ds.close();
                    throw new StartupProblem("interrupted while migrating the " + s.name() + " database", interrupted);
                }
            }
        }
    }

    public DataSource dataSource() {
        return dataSource;
    }

    @Override
    public void close() {
        dataSource.close();
    }

    /** The URL without credentials, given as parameters or as user:password@. */
    public static String safeUrl(String jdbcUrl) {
        return SafeUrl.of(jdbcUrl);
    }

    /** H2's "database already open" (error 90020): an embedded file one process at a time may open. */
    private static final int H2_DATABASE_ALREADY_OPEN = 90020;

    /** A hint when the embedded database file is held by another process, most likely a second gateway. */
    static String inUseHint(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof SQLException q && q.getErrorCode() == H2_DATABASE_ALREADY_OPEN) {
                return ". Another process holds this file, most likely a second gateway started in the same folder:"
                        + " stop it, or give this one its own data directory";
            }
        }
        return "";
    }

    /**
     * Whether {@code e} (or a cause) says the database could not be reached: no connection from the pool in time, a
     * connection refused or cut (JDBC's connection exceptions, SQL state class 08).
     */
    public static boolean unreachable(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof java.sql.SQLTransientConnectionException || t instanceof java.sql.SQLNonTransientConnectionException) {
                return true;
            }
        }
        return hasSqlStateClass(e, "08");
    }

    /** Whether {@code e} or a cause is an SQLException whose SQL state is of {@code stateClass} (its first two characters). */
    public static boolean hasSqlStateClass(Throwable e, String stateClass) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof java.sql.SQLException s && s.getSQLState() != null && s.getSQLState().startsWith(stateClass)) {
                return true;
            }
        }
        return false;
    }

    /** The innermost cause's message (drivers wrap the useful one deeply). */
    public static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t.getMessage() == null ? t.toString() : t.getMessage();
    }
}
