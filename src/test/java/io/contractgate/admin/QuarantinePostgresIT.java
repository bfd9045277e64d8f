package io.contractgate.admin;

import io.contractgate.testing.PostgresServer;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.Map;

/** The quarantine scenarios on PostgreSQL (Debian's package, a server started for this class, a database per test). */
class QuarantinePostgresIT extends QuarantineScenarios {

    @RegisterExtension
    static final PostgresServer.PerClass pg = new PostgresServer.PerClass();
    private String url;



    @Override
    Map<String, String> storeSettings() throws Exception {
        if (url == null) {
            url = pg.server().createDatabase("q");
        }
        return Map.of("quarantine.jdbc-url", url, "quarantine.user", PostgresServer.USER);
    }
}
