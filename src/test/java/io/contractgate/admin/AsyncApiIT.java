package io.contractgate.admin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static io.contractgate.admin.AdminHttp.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * GET /api/asyncapi from the real gateway, in JSON and YAML, checked by the real AsyncAPI parser
 * ({@code @asyncapi/parser}, run by node from scripts/check-asyncapi.mjs).
 */
class AsyncApiIT {

    private static final String INSTALL = "run: bash scripts/install-test-deps.sh";

    @TempDir
    static Path tmp;
    static GatewayApp app;

    @BeforeAll
    static void boot() throws Exception {
        GatewayApp.prepare(tmp);
        app = GatewayApp.start(tmp, GatewayApp.freePort(), GatewayApp.freePort(),
                Map.of("mqtt.username", "gw-user", "mqtt.password", "never-in-the-document"));
    }

    @AfterAll
    static void stop() throws Exception {
        if (app != null) {
            app.close();
        }
    }

    @Test
    void shouldExportOneChannelTripletPerMappingThatTheAsyncApiParserAccepts() throws Exception {
        HttpResponse<String> r = app.admin().get("/api/asyncapi");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Type").orElse("")).contains("application/json");
        JsonNode doc = json(r);
        assertThat(doc.get("asyncapi").asText()).isEqualTo("3.0.0");
        assertThat(doc.at("/servers/broker/protocol").asText()).isEqualTo("mqtt");
        assertThat(doc.at("/servers/broker/host").asText()).matches("[^@/]+:\\d+");
        assertThat(r.body()).doesNotContain("never-in-the-document").doesNotContain("gw-user");
        assertThat(doc.at("/channels/sensor1.source/address").asText()).isEqualTo("sensors/sensor1");
        assertThat(doc.at("/channels/sensor1.validated/address").asText()).isEqualTo("sensors/sensor1/validated");
        assertThat(doc.at("/channels/sensor1.failed/address").asText()).isEqualTo("sensors/sensor1/failed");
        assertThat(doc.at("/channels/sensor1.source/messages/message/$ref").asText()).isEqualTo("#/components/messages/sensor1");
        assertThat(doc.at("/channels/sensor1.failed/messages/report/$ref").asText()).isEqualTo("#/components/messages/FailureReport");
        assertThat(doc.at("/components/schemas/sensor1/properties/temperature/maximum").asInt()).isEqualTo(85);
        assertThat(doc.at("/components/schemas/FailureReport/properties/primary_error")).isNotNull();
        assertThat(doc.at("/operations/sensor2.receive/action").asText()).isEqualTo("receive");
        assertThat(doc.at("/operations/sensor2.publishFailed/channel/$ref").asText()).isEqualTo("#/channels/sensor2.failed");

        Path jsonFile = tmp.resolve("asyncapi.json");
        Files.writeString(jsonFile, r.body());
        assertThat(parse(jsonFile)).contains("VALID: AsyncAPI 3.0.0, 6 channels, 6 operations");

        HttpResponse<String> y = app.admin().get("/api/asyncapi?format=yaml");
        assertThat(y.statusCode()).isEqualTo(200);
        assertThat(y.headers().firstValue("Content-Type").orElse("")).contains("yaml");
        assertThat(new YAMLMapper().readTree(y.body())).isEqualTo(doc);
        Path yamlFile = tmp.resolve("asyncapi.yaml");
        Files.writeString(yamlFile, y.body());
        assertThat(parse(yamlFile)).contains("VALID: AsyncAPI 3.0.0");

        HttpResponse<String> accept = app.admin().send("GET", "/api/asyncapi", null, null, "application/yaml");
        assertThat(accept.statusCode()).isEqualTo(200);
        assertThat(accept.body()).startsWith("asyncapi: 3.0.0");
        AdminApiTest.assertRefused(app.admin().get("/api/asyncapi?format=xml"), 400, "format");
        assertThat(app.viewer().get("/api/asyncapi").statusCode()).isEqualTo(200);
    }

    /** Runs the real parser on a file; fails the test with its output when it finds an error. */
    private static String parse(Path file) throws IOException, InterruptedException {
        if (!Files.isDirectory(Path.of("scripts/node_modules/@asyncapi/parser"))) {
            fail("scripts/node_modules/@asyncapi/parser is missing; " + INSTALL);
        }
        Process p = new ProcessBuilder("node", "scripts/check-asyncapi.mjs", file.toString()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        if (!p.waitFor(2, TimeUnit.MINUTES)) {
            p.destroyForcibly();
            fail("the AsyncAPI parser did not finish: " + out);
        }
        assertThat(p.exitValue()).as("@asyncapi/parser says:\n" + out).isZero();
        return out;
    }
}
