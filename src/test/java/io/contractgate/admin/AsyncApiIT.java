package io.contractgate.admin;

import io.contractgate.testing.AdminHttp;
import io.contractgate.testing.GatewayRunner;
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

import static io.contractgate.testing.AdminHttp.json;
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
    static GatewayRunner app;

    @BeforeAll
    static void boot() throws Exception {
        GatewayRunner.prepare(tmp);
        app = GatewayRunner.startWithLogins(tmp, Map.of("mqtt.username", "gw-user", "mqtt.password", "never-in-the-document"));
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
        AdminApiIT.assertRefused(app.admin().get("/api/asyncapi?format=xml"), 400, "format");
        assertThat(app.viewer().get("/api/asyncapi").statusCode()).isEqualTo(200);
    }

    static final String PLANT = """
            asyncapi: 3.0.0
            info: {title: plant, version: 1.0.0}
            channels:
              lineTemperature:
                address: plant/{line}/temp
                parameters: {line: {}}
                messages:
                  reading: {$ref: '#/components/messages/TempReading'}
              alerts:
                address: plant/alerts
                messages:
                  text: {contentType: text/plain, payload: {type: string}}
            components:
              messages:
                TempReading:
                  name: temp-reading
                  payload: {$ref: '#/components/schemas/Reading'}
              schemas:
                Reading:
                  type: object
                  properties:
                    t: {$ref: '#/components/schemas/Celsius'}
                  required: [t]
                Celsius: {type: number, minimum: -50, maximum: 150}
            """;

    @Test
    void shouldImportAnAsyncApiDocumentAfterADryRunThatChangesNothing() throws Exception {
        Path file = tmp.resolve("plant.yaml");
        Files.writeString(file, PLANT);
        assertThat(parse(file)).contains("VALID");

        HttpResponse<String> dry = app.admin().post("/api/asyncapi/import", PLANT);
        assertThat(dry.statusCode()).as(dry.body()).isEqualTo(200);
        JsonNode plan = json(dry);
        assertThat(plan.get("dryRun").asBoolean()).isTrue();
        assertThat(plan.get("problems").asInt()).isZero();
        assertThat(plan.at("/contracts/0/id").asText()).isEqualTo("temp-reading");
        assertThat(plan.at("/contracts/0/action").asText()).isEqualTo("create");
        assertThat(plan.at("/contracts/0/schema/$defs/Celsius/maximum").asInt()).isEqualTo(150);
        assertThat(plan.at("/mappings/0/id").asText()).isEqualTo("lineTemperature");
        assertThat(plan.at("/mappings/0/sourceTopic").asText()).isEqualTo("plant/+/temp");
        assertThat(plan.at("/mappings/0/action").asText()).isEqualTo("create");
        assertThat(plan.at("/skipped/0/channel").asText()).isEqualTo("alerts");
        assertThat(app.admin().get("/api/contracts/temp-reading").statusCode()).as("a dry run changes nothing").isEqualTo(404);
        assertThat(app.admin().get("/api/mappings/lineTemperature").statusCode()).isEqualTo(404);

        HttpResponse<String> applied = app.admin().post("/api/asyncapi/import?apply=true", PLANT);
        assertThat(applied.statusCode()).as(applied.body()).isEqualTo(200);
        assertThat(json(applied).get("applied").asBoolean()).isTrue();
        assertThat(json(app.admin().get("/api/mappings/lineTemperature")).get("sourceTopic").asText()).isEqualTo("plant/+/temp");
        assertThat(json(app.admin().post("/api/contracts/temp-reading/test", "{\"t\":20}")).get("verdict").asText()).isEqualTo("validated");
        assertThat(json(app.admin().post("/api/contracts/temp-reading/test", "{\"t\":200}")).at("/report/errors/0/schema_location").asText())
                .isEqualTo("#/$defs/Celsius/maximum");
        assertThat(json(app.admin().get("/api/audit?limit=1")).get(0).get("kind").asText()).isEqualTo("asyncapi");

        JsonNode again = json(app.admin().post("/api/asyncapi/import", PLANT));
        assertThat(again.findValuesAsText("action")).containsOnly("unchanged");
        // a narrower range is a compatibility problem: refused as a whole, nothing changed
        String narrower = PLANT.replace("maximum: 150", "maximum: 100");
        assertThat(json(app.admin().post("/api/asyncapi/import", narrower)).at("/contracts/0/reasons/0/message").asText())
                .isEqualTo("maximum decreased 150 → 100");
        AdminApiIT.assertRefused(app.admin().post("/api/asyncapi/import?apply=true", narrower), 422, "body");
        assertThat(json(app.admin().post("/api/asyncapi/import", narrower.replace("plant/{line}/temp", "elsewhere")))
                .at("/mappings/0/action").asText()).isEqualTo("conflict");

        // the gateway's own export reads back as what it already has
        JsonNode roundTrip = json(app.admin().post("/api/asyncapi/import", app.admin().get("/api/asyncapi").body()));
        assertThat(roundTrip.get("problems").asInt()).as(roundTrip.toPrettyString()).isZero();
        assertThat(roundTrip.findValuesAsText("action")).containsOnly("unchanged");
        assertThat(roundTrip.get("skipped").findValuesAsText("channel")).contains("sensor1.validated", "sensor1.failed");
        // the YAML export posted back as what it is (was 415: only application/json was taken)
        HttpResponse<String> yaml = app.admin().postAs("/api/asyncapi/import",
                app.admin().send("GET", "/api/asyncapi?format=yaml", null, null).body(), "application/yaml");
        assertThat(yaml.statusCode()).as(yaml.body()).isEqualTo(200);
        assertThat(json(yaml).findValuesAsText("action")).containsOnly("unchanged");

        AdminApiIT.assertRefused(app.admin().post("/api/asyncapi/import", "asyncapi: 2.6.0\nchannels: {}"), 400, "body");
        AdminApiIT.assertRefused(app.admin().post("/api/asyncapi/import", "[1, 2"), 400, "body");
        AdminApiIT.assertRefused(app.admin().post("/api/asyncapi/import?apply=yes", PLANT), 400, "apply");
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
