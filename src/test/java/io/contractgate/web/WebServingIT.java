package io.contractgate.web;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.contractgate.testing.GatewayRunner;
import io.contractgate.testing.MqttProbe;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The real gateway's HTTP side of the web pages: web/ and nothing else is served (raw requests, no client-side path
 * clean-up), the pages' headers, and the pages' endpoints: session, publish through the real broker, and the live
 * batches on the event stream.
 */
class WebServingIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String ADMIN = "admin:web-admin-secret";
    private static final String VIEWER = "viewer:web-viewer-secret";

    @TempDir
    static Path home;
    static GatewayRunner gateway;
    static MqttProbe probe;
    static final HttpClient HTTP = HttpClient.newHttpClient();

    @BeforeAll
    static void start() throws Exception {
        gateway = GatewayRunner.start(home, Map.of(
                "admin.password", ADMIN.split(":")[1],
                "admin.viewer-password", VIEWER.split(":")[1],
                "admin.config-dir", home.resolve("config").toString(),
                "camel.server.host", "127.0.0.1"));
        probe = new MqttProbe(gateway.brokerUrl(), "sensors/#");
    }

    @AfterAll
    static void stop() throws Exception {
        if (probe != null) {
            probe.close();
        }
        if (gateway != null) {
            gateway.close();
        }
    }

    /** Sends the request line exactly as given (java.net.http would normalise some paths) and returns the answer. */
    private static String raw(String requestLine) throws Exception {
        try (Socket s = new Socket("127.0.0.1", gateway.httpPort())) {
            s.setSoTimeout(10_000);
            OutputStream out = s.getOutputStream();
            out.write((requestLine + "\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            InputStream in = s.getInputStream();
            ByteArrayOutputStream all = new ByteArrayOutputStream();
            in.transferTo(all);
            return all.toString(StandardCharsets.ISO_8859_1);
        }
    }

    @Test
    void noPathReachesAFileOutsideWeb() throws Exception {
        String pom = Files.readString(Path.of("pom.xml"));
        String props = Files.readString(Path.of("application.properties"));
        List<String> paths = List.of("/pom.xml", "/../pom.xml", "/%2e%2e/pom.xml", "/%2E%2E/pom.xml", "/assets/../../pom.xml",
                "/assets/%2e%2e/%2e%2e/pom.xml", "/assets/..%2f..%2fpom.xml", "/assets/%252e%252e/pom.xml",
                "/assets/..%5c..%5cpom.xml", "/assets/..\\..\\pom.xml", "//pom.xml", "/./pom.xml", "/assets/./../pom.xml",
                "/application.properties", "/assets/../application.properties", "/routes/publish-failed.camel.yaml",
                "/schemas/sensor1.schema.json", "/web/index.html", "/web/tests/e2e.mjs", "/assets/../tests/e2e.mjs",
                "/src/main/java/io/contractgate/GatewayMain.java", "/assets/%2e%2e/index.html", "/index.html/../pom.xml",
                "/assets/app.css/../../pom.xml", "/admin/../pom.xml", "/assets/%00../pom.xml", "/.git/config",
                "/assets/..;/pom.xml", "http://127.0.0.1/../pom.xml", "/%2e%2e%2fpom.xml", "/..%2fpom.xml");
        for (String p : paths) {
            String answer = raw("GET " + p + " HTTP/1.1");
            String status = answer.lines().findFirst().orElse("");
            assertThat(status).as("status for " + p).doesNotContain(" 200 ").doesNotContain(" 30");
            assertThat(answer).as("answer for " + p).doesNotContain("<artifactId>contract-gateway</artifactId>")
                    .doesNotContain("camel.main.routes-include-pattern").doesNotContain("routeConfigurationId")
                    .doesNotContain("playwright").doesNotContain("\"$schema\"");
            assertThat(pom).isNotBlank();
            assertThat(props).isNotBlank();
        }
        // the same with a GET the Java client sends (it keeps the path as given)
        for (String p : List.of("/pom.xml", "/assets/%2e%2e/%2e%2e/pom.xml")) {
            HttpResponse<String> r = get(p, null);
            assertThat(r.statusCode()).as(p).isEqualTo(404);
        }
    }

    @Test
    void pagesAndAssetsAreServedWithTypesAndSafeHeaders() throws Exception {
        HttpResponse<String> dash = get("/", null);
        assertThat(dash.statusCode()).isEqualTo(200);
        assertThat(dash.body()).contains("/assets/dashboard.js");
        assertThat(dash.headers().firstValue("Content-Type")).hasValue("text/html; charset=utf-8");
        assertThat(dash.headers().firstValue("Content-Security-Policy")).get().asString().contains("default-src 'self'")
                .contains("script-src 'self'");
        assertThat(dash.headers().firstValue("X-Content-Type-Options")).hasValue("nosniff");
        assertThat(dash.headers().firstValue("Cache-Control")).hasValue("no-cache");

        HttpResponse<String> admin = get("/admin", null);
        assertThat(admin.statusCode()).isEqualTo(200);
        assertThat(admin.body()).contains("/assets/admin.js");

        HttpResponse<String> css = get("/assets/app.css", null);
        assertThat(css.statusCode()).isEqualTo(200);
        assertThat(css.headers().firstValue("Content-Type")).hasValue("text/css; charset=utf-8");
        String etag = css.headers().firstValue("ETag").orElseThrow();
        HttpResponse<String> again = HTTP.send(HttpRequest.newBuilder(uri("/assets/app.css")).header("If-None-Match", etag).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(again.statusCode()).isEqualTo(304);
        assertThat(get("/assets/api.js", null).headers().firstValue("Content-Type")).hasValue("text/javascript; charset=utf-8");

        HttpResponse<String> head = HTTP.send(HttpRequest.newBuilder(uri("/admin")).method("HEAD", HttpRequest.BodyPublishers.noBody()).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(head.statusCode()).isEqualTo(200);
        assertThat(head.body()).isEmpty();
        HttpResponse<String> post = HTTP.send(HttpRequest.newBuilder(uri("/")).POST(HttpRequest.BodyPublishers.ofString("x")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(post.statusCode()).isEqualTo(405);

        // every script and style the pages load ships in web/
        try (Stream<Path> files = Files.walk(Path.of("web"))) {
            for (Path f : files.filter(f -> f.toString().matches(".*\\.(html|js|css)$") && !f.startsWith(Path.of("web/tests"))).toList()) {
                assertThat(Files.readString(f)).as(f.toString()).doesNotContainPattern("(src|href)=\"(https?:)?//")
                        .doesNotContainPattern("@import\\s+url\\(['\"]?https?:").doesNotContainPattern("from\\s+['\"]https?:");
            }
        }
    }

    @Test
    void sessionTellsTheRole() throws Exception {
        assertThat(JSON.readTree(get("/api/session", ADMIN).body()).path("role").asText()).isEqualTo("admin");
        assertThat(JSON.readTree(get("/api/session", VIEWER).body()).path("role").asText()).isEqualTo("viewer");
        assertThat(get("/api/session", null).statusCode()).isEqualTo(401);
        assertThat(get("/api/session", "admin:wrong").statusCode()).isEqualTo(401);
    }

    @Test
    void theLastHourIsForViewersWithItsBoundSaid() throws Exception {
        HttpResponse<String> history = get("/api/history", VIEWER);
        assertThat(history.statusCode()).isEqualTo(200);
        JsonNode h = JSON.readTree(history.body());
        assertThat(h.path("stepSeconds").asInt()).isEqualTo(10);
        assertThat(h.path("capacity").asInt()).isEqualTo(360);
        assertThat(h.get("times").size()).isLessThanOrEqualTo(360);
        assertThat(h.get("mappings").isArray()).isTrue();
        assertThat(get("/api/history", null).statusCode()).isEqualTo(401);
    }

    @Test
    void publishGoesThroughTheBrokerAndItsVerdictReachesTheLiveStream() throws Exception {
        ConcurrentLinkedQueue<String> lines = new ConcurrentLinkedQueue<>();
        HttpRequest sse = HttpRequest.newBuilder(uri("/api/events?types=live")).header("Authorization", basic(VIEWER)).build();
        CompletableFuture<HttpResponse<Stream<String>>> stream = HTTP.sendAsync(sse, HttpResponse.BodyHandlers.ofLines());
        HttpResponse<Stream<String>> events = stream.get();
        assertThat(events.statusCode()).isEqualTo(200);
        assertThat(events.headers().firstValue("Content-Type")).get().asString().startsWith("text/event-stream");
        Thread reader = new Thread(() -> events.body().forEach(lines::add), "sse-reader");
        reader.setDaemon(true);
        reader.start();

        HttpResponse<String> ok = post("/api/publish", ADMIN,
                "{\"topic\":\"sensors/sensor1\",\"payload\":{\"sensor_id\":\"web-ok\",\"timestamp\":\"2026-11-27T00:00:00Z\",\"temperature\":20,\"humidity\":50}}");
        assertThat(ok.statusCode()).as(ok.body()).isEqualTo(202);
        assertThat(JSON.readTree(ok.body()).path("mappings").get(0).asText()).isEqualTo("sensor1");
        HttpResponse<String> bad = post("/api/publish", ADMIN,
                "{\"topic\":\"sensors/sensor1\",\"qos\":0,\"payload\":\"{\\\"sensor_id\\\":\\\"web-bad\\\",\\\"temperature\\\":500}\"}");
        assertThat(bad.statusCode()).isEqualTo(202);

        await().atMost(Duration.ofSeconds(20)).until(() -> probe.received().stream()
                .anyMatch(r -> r.topic().equals("sensors/sensor1/validated") && r.text().contains("web-ok")));
        await().atMost(Duration.ofSeconds(20)).until(() -> probe.received().stream()
                .anyMatch(r -> r.topic().equals("sensors/sensor1/failed") && r.text().contains("web-bad")));

        // the batch on the stream carries the failed message with its full report
        await().atMost(Duration.ofSeconds(20)).until(() -> lines.stream().anyMatch(l -> l.contains("web-bad")));
        assertThat(lines).contains("event: live");
        JsonNode batch = JSON.readTree(lines.stream().filter(l -> l.startsWith("data: ") && l.contains("web-bad")).findFirst()
                .orElseThrow().substring(6));
        JsonNode msg = null;
        for (JsonNode m : batch.get("messages")) {
            if ("web-bad".equals(m.path("sensorId").asText())) {
                msg = m;
            }
        }
        assertThat(msg).isNotNull();
        assertThat(msg.path("verdict").asText()).isEqualTo("failed");
        assertThat(msg.path("mapping").asText()).isEqualTo("sensor1");
        assertThat(msg.at("/report/errors/0/pointer").asText()).isNotEmpty();
        assertThat(msg.at("/report/primary_error").asText()).isEqualTo(msg.path("primaryError").asText()).isEqualTo("missing_field");
        assertThat(batch.at("/totals/failed").asLong()).isGreaterThanOrEqualTo(1);

        // a dashboard opened later gets them from /api/live
        JsonNode live = JSON.readTree(get("/api/live", VIEWER).body());
        assertThat(live.get("recent").findValuesAsText("sensorId")).contains("web-ok", "web-bad");
        assertThat(live.at("/last/totals/validated").asLong()).isGreaterThanOrEqualTo(1);
        events.body().close();
    }

    @Test
    void publishIsForAdminsAndChecksItsInput() throws Exception {
        String body = "{\"topic\":\"sensors/sensor1\",\"payload\":{}}";
        assertThat(post("/api/publish", VIEWER, body).statusCode()).isEqualTo(403);
        assertThat(post("/api/publish", null, body).statusCode()).isEqualTo(401);
        HttpResponse<String> wildcard = post("/api/publish", ADMIN, "{\"topic\":\"sensors/+\",\"payload\":{}}");
        assertThat(wildcard.statusCode()).isEqualTo(400);
        assertThat(JSON.readTree(wildcard.body()).path("field").asText()).isEqualTo("topic");
        HttpResponse<String> noPayload = post("/api/publish", ADMIN, "{\"topic\":\"sensors/x\"}");
        assertThat(JSON.readTree(noPayload.body()).path("field").asText()).isEqualTo("payload");
        HttpResponse<String> notJson = post("/api/publish", ADMIN, "{topic");
        assertThat(notJson.statusCode()).isEqualTo(400);
        assertThat(JSON.readTree(notJson.body()).path("field").asText()).isEqualTo("body");
    }

    private static URI uri(String path) {
        return URI.create(gateway.httpUrl() + path);
    }

    private static String basic(String cred) {
        return "Basic " + Base64.getEncoder().encodeToString(cred.getBytes(StandardCharsets.UTF_8));
    }

    private static HttpResponse<String> get(String path, String cred) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(uri(path));
        if (cred != null) {
            b.header("Authorization", basic(cred));
        }
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static HttpResponse<String> post(String path, String cred, String body) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(uri(path)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (cred != null) {
            b.header("Authorization", basic(cred));
        }
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }
}
