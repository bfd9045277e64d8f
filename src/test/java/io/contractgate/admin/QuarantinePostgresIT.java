package io.contractgate.admin;

import io.contractgate.testing.PostgresServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/** The quarantine scenarios on PostgreSQL (Debian's package, a server started for this class, a database per test). */
class QuarantinePostgresIT extends QuarantineScenarios {

    private static PostgresServer pg;
    private static final AtomicInteger DATABASES = new AtomicInteger();
    private String url;

    @BeforeAll
    static void startPostgres() throws Exception {
        pg = PostgresServer.start();
    }

    @AfterAll
    static void stopPostgres() throws Exception {
        pg.close();
    }

    @Override
    Map<String, String> storeSettings() throws Exception {
        if (url == null) {
            String db = "q" + DATABASES.incrementAndGet();
            try (Connection c = DriverManager.getConnection(pg.jdbcUrl(), PostgresServer.USER, "");
                 Statement s = c.createStatement()) {
                s.execute("CREATE DATABASE " + db);
            }
            url = pg.jdbcUrl().replace("/postgres", "/" + db);
        }
        return Map.of("quarantine.jdbc-url", url, "quarantine.user", PostgresServer.USER);
    }
}
