package io.contractgate.admin;

import io.contractgate.testing.AdminHttp;
import io.contractgate.testing.GatewayRunner;
import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import static io.contractgate.testing.AdminHttp.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Contract files edited by hand while the gateway runs: each good edit becomes a version with author "file" and an
 * audit entry; a broken edit is audited as failed naming the file and the parse error, and the last good version
 * stays in force.
 */
class HandEditIT {

    @TempDir
    static Path tmp;
    static GatewayRunner app;
    static AdminHttp admin;

    @BeforeAll
    static void boot() throws Exception {
        GatewayRunner.prepare(tmp);
        app = GatewayRunner.startWithLogins(tmp, Map.of());
        admin = app.admin();
    }

    @AfterAll
    static void stop() throws Exception {
        if (app != null) {
            app.close();
        }
    }

    private static JsonNode lastAudit() {
        JsonNode all = json(admin.get("/api/audit?limit=1"));
        return all.isEmpty() ? null : all.get(0);
    }

    @Test
    void shouldRecordAHandEditAsAVersionByFileAndKeepTheLastGoodVersionWhenAnEditIsBroken() throws Exception {
        Path file = tmp.resolve("schemas/sensor1.schema.json");
        String original = Files.readString(file);
        assertThat(json(admin.get("/api/contracts/sensor1/versions"))).isEmpty();

        String edited = original.replace("\"maximum\": 85", "\"maximum\": 90");
        assertThat(edited).isNotEqualTo(original);
        Files.writeString(file, edited);
        await().atMost(Duration.ofSeconds(10)).until(() -> json(admin.get("/api/contracts/sensor1/versions")).size() == 2);
        JsonNode versions = json(admin.get("/api/contracts/sensor1/versions"));
        assertThat(versions.get(0).get("author").asText()).isEqualTo("(file)");
        assertThat(versions.get(1).get("author").asText()).isEqualTo("file");
        assertThat(versions.get(1).get("action").asText()).isEqualTo("hand edit");
        assertThat(versions.get(1).get("current").asBoolean()).isTrue();
        String hash = versions.get(1).get("hash").asText();
        await().atMost(Duration.ofSeconds(5)).until(() -> lastAudit() != null && "hand edit".equals(lastAudit().path("action").asText()));
        JsonNode entry = lastAudit();
        assertThat(entry.get("user").asText()).isEqualTo("file");
        assertThat(entry.get("result").asText()).isEqualTo("ok");
        assertThat(entry.get("detail").asText()).contains("version 2 " + hash).contains("sensor1.schema.json");
        String hot = "{\"sensor_id\":\"s\",\"timestamp\":\"2026-01-01T00:00:00Z\",\"temperature\":88,\"humidity\":50}";
        assertThat(json(admin.post("/api/contracts/sensor1/test", hot)).get("verdict").asText()).isEqualTo("validated");
        String tooHot = hot.replace("88", "95");
        JsonNode report = json(admin.post("/api/contracts/sensor1/test", tooHot)).get("report");
        assertThat(report.at("/contract/number").asText()).isEqualTo("v2");
        assertThat(report.at("/contract/version").asText()).isEqualTo(hash);

        // a broken edit: reported, and version 2 stays in force
        Files.writeString(file, "{ \"type\": \"object\", broken");
        await().atMost(Duration.ofSeconds(10)).until(() -> lastAudit() != null && "failed".equals(lastAudit().path("result").asText()));
        JsonNode failed = lastAudit();
        assertThat(failed.get("user").asText()).isEqualTo("file");
        assertThat(failed.get("detail").asText()).contains("sensor1.schema.json").contains("not valid JSON")
                .contains("version 2 " + hash + " stays in force");
        assertThat(json(admin.post("/api/contracts/sensor1/test", hot)).get("verdict").asText()).isEqualTo("validated");
        assertThat(json(admin.post("/api/contracts/sensor1/test", tooHot)).at("/report/contract/version").asText()).isEqualTo(hash);
        assertThat(json(admin.get("/api/contracts/sensor1/versions"))).hasSize(2);

        // fixed again: version 3
        Files.writeString(file, original);
        await().atMost(Duration.ofSeconds(10)).until(() -> json(admin.get("/api/contracts/sensor1/versions")).size() == 3);
        assertThat(json(admin.post("/api/contracts/sensor1/test", hot)).at("/report/contract/number").asText()).isEqualTo("v3");

        // edited while the gateway is stopped (a git pull): recorded at the next start
        app.close();
        app = null;
        Files.writeString(file, original.replace("\"maximum\": 85", "\"maximum\": 95"));
        app = GatewayRunner.startWithLogins(tmp, Map.of());
        admin = app.admin();
        JsonNode after = json(admin.get("/api/contracts/sensor1/versions"));
        assertThat(after).hasSize(4);
        assertThat(after.get(3).get("author").asText()).isEqualTo("file");
        assertThat(after.get(3).get("current").asBoolean()).isTrue();
        assertThat(json(admin.post("/api/contracts/sensor1/test", tooHot.replace("95", "99"))).at("/report/contract/number").asText())
                .isEqualTo("v4");
    }
}
