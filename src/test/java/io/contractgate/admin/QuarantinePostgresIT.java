package io.contractgate.admin;

import io.contractgate.testing.PostgresServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

import java.util.Map;

/** The quarantine scenarios on PostgreSQL (Debian's package, a server started for this class, a database per test). */
class QuarantinePostgresIT extends QuarantineScenarios {

    private static PostgresServer pg;
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
            url = pg.createDatabase("q");
        }
        return Map.of("quarantine.jdbc-url", url, "quarantine.user", PostgresServer.USER);
    }
}
