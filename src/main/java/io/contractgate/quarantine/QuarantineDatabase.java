package io.contractgate.quarantine;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import org.flywaydb.core.Flyway;

import javax.sql.DataSource;
import java.util.Map;

/**
 * The quarantine's pooled {@link DataSource} (HikariCP) with its schema brought up to date by Flyway
 * ({@code db/quarantine/V*.sql}, history in {@code quarantine_schema_history}), so an upgrade keeps the rows. One code
 * path for H2 and PostgreSQL; the SQL differs only in the binary column type, a Flyway placeholder.
 */
public final class QuarantineDatabase implements AutoCloseable {

    private final HikariDataSource dataSource;
    private final boolean postgres;

    private QuarantineDatabase(HikariDataSource dataSource, boolean postgres) {
        this.dataSource = dataSource;
        this.postgres = postgres;
    }

    /** Opens the pool and migrates; fails with a message naming {@code quarantine.jdbc-url} when it cannot. */
    public static QuarantineDatabase open(QuarantineSettings s) {
        HikariConfig c = new HikariConfig();
        c.setJdbcUrl(s.jdbcUrl());
        if (!s.user().isEmpty()) {
            c.setUsername(s.user());
        }
        if (!s.password().isEmpty()) {
            c.setPassword(s.password());
        }
        c.setPoolName("quarantine");
        c.setMaximumPoolSize(s.poolSize());
        c.setMinimumIdle(1);
        c.setConnectionTimeout(10_000);
        c.setInitializationFailTimeout(10_000);
        HikariDataSource ds;
        try {
            ds = new HikariDataSource(c);
        } catch (RuntimeException e) {
            throw new IllegalStateException("cannot open the quarantine database " + safe(s)
                    + " (quarantine.jdbc-url, quarantine.user, quarantine.password): " + rootMessage(e), e);
        }
        try {
            Flyway.configure()
                    .dataSource(ds)
                    .locations("classpath:db/quarantine")
                    .table("quarantine_schema_history")
                    .placeholders(Map.of("binary", s.postgres() ? "BYTEA" : "VARBINARY"))
                    .load()
                    .migrate();
        } catch (RuntimeException e) {
            ds.close();
            throw new IllegalStateException("cannot migrate the quarantine database " + safe(s) + ": "
                    + rootMessage(e), e);
        }
        return new QuarantineDatabase(ds, s.postgres());
    }

    public DataSource dataSource() {
        return dataSource;
    }

    public boolean postgres() {
        return postgres;
    }

    @Override
    public void close() {
        dataSource.close();
    }

    private static String safe(QuarantineSettings s) {
        return s.jdbcUrl().replaceAll("(?i)(password|user)=[^&;]*", "$1=***");
    }

    static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t.getMessage() == null ? t.toString() : t.getMessage();
    }
}
