package io.contractgate.quarantine;

import io.contractgate.database.PooledDatabase;

import javax.sql.DataSource;
import java.util.Map;

/**
 * The quarantine's pooled {@link DataSource} with its schema brought up to date by Flyway ({@code db/quarantine/V*.sql},
 * history in {@code quarantine_schema_history}), so an upgrade keeps the rows: a {@link PooledDatabase}. One code
 * path for H2 and PostgreSQL; the SQL differs only in the binary column type, a Flyway placeholder.
 */
public final class QuarantineDatabase implements AutoCloseable {

    private final PooledDatabase database;
    private final boolean postgres;

    private QuarantineDatabase(PooledDatabase database, boolean postgres) {
        this.database = database;
        this.postgres = postgres;
    }

    /** Opens the pool and migrates; fails with a message naming {@code quarantine.jdbc-url} when it cannot. */
    public static QuarantineDatabase open(QuarantineSettings s) {
        return new QuarantineDatabase(PooledDatabase.open(new PooledDatabase.Spec("quarantine", s.jdbcUrl(), s.user(),
                s.password(), s.poolSize(), 10_000, "db/quarantine", "quarantine_schema_history",
                Map.of("binary", s.postgres() ? "BYTEA" : "VARBINARY"),
                "quarantine.jdbc-url, quarantine.user, quarantine.password")), s.postgres());
    }

    public DataSource dataSource() {
        return database.dataSource();
    }

    public boolean postgres() {
        return postgres;
    }

    @Override
    public void close() {
        database.close();
    }

    static String rootMessage(Throwable e) {
        return PooledDatabase.rootMessage(e);
    }
}
