package io.contractgate.admin;

import io.contractgate.testing.AdminHttp;
import io.contractgate.testing.GatewayRunner;
import io.contractgate.testing.MqttProbe;
import io.contractgate.testing.PostgresServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;

import static io.contractgate.testing.AdminHttp.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

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

    /**
     * The quarantine's database stopped under a running gateway: the quarantine API answers 503 naming
     * {@code quarantine.jdbc-url} (not a 500 that says nothing), the statistics still answer, and messages are still
     * checked and published.
     */
    @Test
    void databaseDownAnswers503NamingTheSettingAndTheGatewayKeepsChecking() throws Exception {
        PostgresServer own = PostgresServer.start();
        boolean stopped = false;
        GatewayRunner.prepare(dir);
        try (GatewayRunner app = GatewayRunner.startWithLogins(dir, Map.of("quarantine.jdbc-url",
                own.createDatabase("down"), "quarantine.user", PostgresServer.USER));
             MqttProbe probe = new MqttProbe(app.brokerUrl(), "sensors/sensor1/failed")) {
            AdminHttp admin = app.admin();
            assertThat(admin.get("/api/quarantine/messages").statusCode()).isEqualTo(200);
            own.close();
            stopped = true;

            for (HttpResponse<String> r : java.util.List.of(admin.get("/api/quarantine/messages?limit=1"),
                    admin.get("/api/quarantine/redrives"),
                    admin.post("/api/quarantine/redrives", "{\"filter\":{\"mapping\":\"sensor1\"}}"))) {
                assertThat(r.statusCode()).as(r.body()).isEqualTo(503);
                assertThat(json(r).path("error").asText()).startsWith("the quarantine database is unreachable (quarantine.jdbc-url)");
            }
            assertThat(admin.get("/api/quarantine/stats").statusCode()).isEqualTo(200);
            probe.publish("sensors/sensor1", "{\"sensor_id\":\"s1-down\",\"temperature\":200}", 1, "while-down");
            await().atMost(Duration.ofSeconds(10)).until(() -> !probe.forCase("while-down").isEmpty());
        } finally {
            if (!stopped) {
                own.close();
            }
        }
    }
}
