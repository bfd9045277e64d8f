package io.contractgate.quarantine;

import io.contractgate.testing.PostgresServer;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

import java.sql.Connection;
import java.sql.Statement;
import java.util.Map;

/** The same store contract against a real PostgreSQL (Debian's package, started by the test). */
class QuarantineStorePostgresIT extends StoreContract {

    @RegisterExtension
    static final PostgresServer.PerClass pg = new PostgresServer.PerClass();
    private QuarantineDatabase db;
    private QuarantineStore store;



    @BeforeEach
    void open() throws Exception {
        db = QuarantineDatabase.open(QuarantineSettings.from(Map.of("quarantine.jdbc-url", pg.server().jdbcUrl(),
                "quarantine.user", PostgresServer.USER)::get));
        try (Connection c = db.dataSource().getConnection(); Statement s = c.createStatement()) {
            s.execute("DELETE FROM quarantine_message");
            s.execute("DELETE FROM quarantine_redrive_job");
        }
        store = new QuarantineStore(db.dataSource());
    }

    @AfterEach
    void close() {
        db.close();
    }

    @Override
    QuarantineStore store() {
        return store;
    }
}
