package io.contractgate.faults;

import com.fasterxml.jackson.databind.JsonNode;
import io.contractgate.testing.AdminHttp;
import io.contractgate.testing.GatewayRunner;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * An admin change when the gateway cannot write its configuration folder (read-only, not its user's, full). The tests
 * run as any user, root included, so the file the change must write is made a folder holding a file: no write over it
 * succeeds, as for a read-only file. The answer names the file and why, and the configuration in force is the one the
 * answer says: the previous one.
 */
class ConfigWriteFailureIT {

    @TempDir
    Path home;

    private static void blockWithAFolder(Path file) throws Exception {
        Files.deleteIfExists(file);
        Files.createDirectories(file.resolve("blocked"));
    }

    @Test
    @Timeout(value = 120, unit = TimeUnit.SECONDS)
    void brokerSettingsThatCannotBeSavedDoNotStayInForce() throws Exception {
        try (GatewayRunner gw = GatewayRunner.startWithLogins(GatewayRunner.prepare(home), Map.of())) {
            AdminHttp admin = gw.admin();
            String before = AdminHttp.json(admin.get("/api/broker")).path("mqtt.keep-alive").asText();
            blockWithAFolder(home.resolve("config/broker.properties"));

            HttpResponse<String> put = admin.put("/api/broker", "{\"mqtt.keep-alive\":\"33\"}");

            assertThat(put.statusCode()).as(put.body()).isEqualTo(500);
            assertThat(AdminHttp.json(put).path("error").asText()).contains("cannot write")
                    .contains("broker.properties").contains("the previous settings are restored and running");
            assertThat(AdminHttp.json(admin.get("/api/broker")).path("mqtt.keep-alive").asText())
                    .as("keep-alive in force after a change that could not be saved").isEqualTo(before);
        }
    }

    @Test
    @Timeout(value = 120, unit = TimeUnit.SECONDS)
    void aChangeThatCannotBeAuditedIsRefusedBeforeItIsMade() throws Exception {
        try (GatewayRunner gw = GatewayRunner.startWithLogins(GatewayRunner.prepare(home), Map.of())) {
            AdminHttp admin = gw.admin();
            blockWithAFolder(home.resolve("config/audit.log"));

            HttpResponse<String> created = admin.post("/api/mappings",
                    "{\"id\":\"m3\",\"sourceTopic\":\"sensors/m3\",\"contractId\":\"sensor2\"}");

            assertThat(created.statusCode()).as(created.body()).isEqualTo(500);
            JsonNode error = AdminHttp.json(created);
            assertThat(error.path("error").asText()).contains("cannot append to the audit log")
                    .contains("audit.log").contains("nothing changed");
            assertThat(admin.get("/api/mappings/m3").statusCode()).as("the refused mapping").isEqualTo(404);
            assertThat(home.resolve("routes/mapping-m3.camel.yaml")).doesNotExist();
            assertThat(gw.context().getRoute("mapping-m3")).isNull();
        }
    }
}
