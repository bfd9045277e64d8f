package io.contractgate.admin;

import io.contractgate.testing.AdminHttp;
import io.contractgate.testing.GatewayRunner;
import io.contractgate.testing.MqttProbe;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.contractgate.mqtt.EmbeddedBroker;
import org.apache.camel.Route;
import org.apache.camel.ServiceStatus;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

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
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;

import static io.contractgate.testing.AdminHttp.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Every admin endpoint against the real gateway (embedded broker, HTTP server, routes loaded from a temp copy):
 * happy path and bad input, auth and roles, optimistic concurrency, failed reloads that keep the old config.
 */
class AdminApiIT {

    static final String GOOD_S1 = "{\"sensor_id\":\"s1-1\",\"timestamp\":\"2026-01-01T00:00:00Z\",\"temperature\":20,\"humidity\":50}";
    static final String HOT_S1 = "{\"sensor_id\":\"s1-1\",\"timestamp\":\"2026-01-01T00:00:00Z\",\"temperature\":99,\"humidity\":50}";

    @TempDir
    static Path tmp;
    static GatewayRunner app;
    static AdminHttp admin;
    static MqttProbe probe;
    /** A reload listener as the metrics feature would register one: counts by kind and result. */
    static final Map<String, java.util.concurrent.atomic.AtomicInteger> RELOADS = new java.util.concurrent.ConcurrentHashMap<>();

    @BeforeAll
    static void boot() throws Exception {
        GatewayRunner.prepare(tmp);
        app = GatewayRunner.startWithLogins(tmp, Map.of("mqtt.username", "gw", "mqtt.password", "top-secret"));
        admin = app.admin();
        app.context().getRegistry().bind("testReloadListener", new ReloadListener() {
            @Override
            public void reloadCompleted(boolean ok) {
                throw new AssertionError("the kind-aware method is called");
            }

            @Override
            public void reloadCompleted(String kind, boolean ok) {
                RELOADS.computeIfAbsent(kind + "/" + ok, k -> new java.util.concurrent.atomic.AtomicInteger()).incrementAndGet();
            }
        });
        probe = new MqttProbe(app.brokerUrl(), "sensors/#", "t1/#", "out/#", "tc/#");
    }

    @AfterAll
    static void stop() throws Exception {
        if (probe != null) {
            probe.close();
        }
        if (app != null) {
            app.close();
        }
    }

    // ------------------------------------------------------------------ Jolokia (Hawtio)

    @Test
    void shouldServeJolokiaReadOnlyToTheAdminOnly() throws Exception {
        String read = "/observe/jolokia/read/org.apache.camel:context=*,type=routes,name=%22mapping-sensor1%22/ExchangesTotal";
        assertThat(app.http(GatewayRunner.ADMIN, "wrong").get(read).statusCode()).isEqualTo(401);
        assertThat(app.viewer().get(read).statusCode()).as("viewers never see raw JMX").isEqualTo(403);

        HttpResponse<String> ok = admin.get(read);
        assertThat(ok.statusCode()).as(ok.body()).isEqualTo(200);
        JsonNode value = json(ok).get("value");
        assertThat(value).as(ok.body()).isNotNull();
        assertThat(value.toString()).contains("ExchangesTotal");

        // exec and write are refused by jolokia-access.xml: stopping a route goes through the admin API
        HttpResponse<String> exec = admin.post("/observe/jolokia",
                "{\"type\":\"exec\",\"mbean\":\"org.apache.camel:context=contract-gateway,type=routes,name=\\\"mapping-sensor1\\\"\",\"operation\":\"stop()\"}");
        assertThat(json(exec).get("status").asInt()).as(exec.body()).isEqualTo(403);
        HttpResponse<String> write = admin.post("/observe/jolokia",
                "{\"type\":\"write\",\"mbean\":\"java.lang:type=Memory\",\"attribute\":\"Verbose\",\"value\":true}");
        assertThat(json(write).get("status").asInt()).as(write.body()).isEqualTo(403);
        assertThat(app.context().getRouteController().getRouteStatus("mapping-sensor1").isStarted()).isTrue();
    }

    // ------------------------------------------------------------------ auth and limits

    @Test
    void readsNeedCredentialsAndWritesNeedTheAdminRole() {
        HttpResponse<String> none = app.http(null, null).get("/api/mappings");
        assertThat(none.statusCode()).isEqualTo(401);
        assertThat(none.headers().firstValue("WWW-Authenticate")).as("no browser login dialog, no cached Basic credentials").isEmpty();
        assertThat(app.http(GatewayRunner.ADMIN, "wrong").get("/api/mappings").statusCode()).isEqualTo(401);
        assertThat(app.http(GatewayRunner.VIEWER, "wrong").get("/api/status").statusCode()).isEqualTo(401);

        assertThat(app.viewer().get("/api/mappings").statusCode()).isEqualTo(200);
        assertThat(app.viewer().get("/api/contracts/sensor1").statusCode()).isEqualTo(200);
        HttpResponse<String> viewerWrite = app.viewer().put("/api/contracts/sensor1", "{}");
        assertThat(viewerWrite.statusCode()).isEqualTo(403);
        assertThat(app.viewer().delete("/api/mappings/sensor1").statusCode()).isEqualTo(403);
        assertThat(app.context().getRouteController().getRouteStatus("mapping-sensor1")).isEqualTo(ServiceStatus.Started);
        // unauthenticated requests reach no endpoint, including the SSE stream and the OpenAPI document
        assertThat(app.http(null, null).get("/api/events").statusCode()).isEqualTo(401);
        assertThat(app.http(null, null).get("/api/openapi.json").statusCode()).isEqualTo(401);
    }

    @Test
    void anUnknownApiPathIsAJson404NamingItWhileOtherPathsKeepTheirPage() {
        for (String path : List.of("/api/no-such-thing", "/api/mappings/sensor1/x/y", "/api")) {
            HttpResponse<String> r = app.viewer().get(path);
            assertThat(r.statusCode()).as(path).isEqualTo(404);
            assertThat(r.headers().firstValue("Content-Type")).as(path).hasValueSatisfying(
                    t -> assertThat(t).startsWith("application/json"));
            assertThat(json(r).path("error").asText()).as(path).contains("GET " + path);
            assertThat(json(r).path("field").asText()).as(path).isEqualTo("path");
        }
        // credentials first, as for every API path; a known path with another verb stays 405
        assertThat(app.http(null, null).get("/api/no-such-thing").statusCode()).isEqualTo(401);
        HttpResponse<String> wrongVerb = admin.send("PATCH", "/api/mappings", "{}", null);
        assertThat(wrongVerb.statusCode()).isEqualTo(405);
        assertThat(wrongVerb.headers().firstValue("Allow")).hasValue("GET, HEAD, POST");
        assertThat(json(wrongVerb).path("field").asText()).isEqualTo("method");
        assertThat(admin.send("POST", "/api/events", "{}", null).statusCode()).isEqualTo(405);
        HttpResponse<String> page = app.viewer().get("/no-such-page");
        assertThat(page.statusCode()).isEqualTo(404);
        assertThat(page.body()).contains("Resource not found");
    }

    @Test
    void headAnswersAsGetWithoutTheBodyOnTheApiPagesMetricsAndHealth() {
        for (String path : List.of("/api/mappings", "/api/contracts/sensor1", "/api/status?x=1", "/metrics",
                "/observe/health", "/")) {
            HttpResponse<String> get = app.viewer().get(path);
            HttpResponse<String> head = app.viewer().send("HEAD", path, null, null);
            assertThat(head.statusCode()).as(path).isEqualTo(get.statusCode()).isLessThan(300);
            assertThat(head.body()).as(path).isEmpty();
            assertThat(head.headers().firstValue("Content-Type")).as(path).isEqualTo(get.headers().firstValue("Content-Type"));
        }
        // the contract's ETag as a GET gives it; a page's length
        HttpResponse<String> get = app.viewer().get("/api/contracts/sensor1");
        HttpResponse<String> head = app.viewer().send("HEAD", "/api/contracts/sensor1", null, null);
        assertThat(head.headers().firstValue("ETag")).isEqualTo(get.headers().firstValue("ETag")).isPresent();
        assertThat(app.viewer().send("HEAD", "/", null, null).headers().firstValue("Content-Length"))
                .hasValue(String.valueOf(app.viewer().get("/").body().getBytes(StandardCharsets.UTF_8).length));
        // the event stream answers its headers and ends instead of streaming
        HttpResponse<String> events = app.viewer().send("HEAD", "/api/events", null, null);
        assertThat(events.statusCode()).isEqualTo(200);
        assertThat(events.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("text/event-stream"));
        // over HTTP/1.1 too (the client above upgrades to HTTP/2)
        HttpResponse<String> http11 = sendHead11("/api/contracts/sensor1");
        assertThat(http11.statusCode()).isEqualTo(200);
        assertThat(http11.body()).isEmpty();
        assertThat(http11.headers().firstValue("ETag")).isEqualTo(get.headers().firstValue("ETag"));
        // the same checks as a GET: credentials first, unknown paths 404
        assertThat(app.http(null, null).send("HEAD", "/api/mappings", null, null).statusCode()).isEqualTo(401);
        assertThat(app.viewer().send("HEAD", "/api/no-such-thing", null, null).statusCode()).isEqualTo(404);
    }

    @Test
    void bodiesThatAreNotUtf8AreRefusedNamingTheBodyAndChangeNothing() throws Exception {
        // Latin-1 "é" (E9) where UTF-8 belongs: read as text, it became U+FFFD and was saved as such
        String contract = "{\"type\":\"object\",\"description\":\"caf\u00e9\"}";
        HttpResponse<String> saved = admin.sendBytes("PUT", "/api/contracts/latin1", contract.getBytes(StandardCharsets.ISO_8859_1));
        assertRefused(saved, 400, "body");
        assertThat(json(saved).get("error").asText()).contains("not valid UTF-8 at byte " + contract.indexOf('\u00e9'));
        assertThat(Files.exists(tmp.resolve("schemas/latin1.schema.json"))).isFalse();
        // a body the REST binding reads into its record, sent with and without a declared length
        byte[] mapping = "{\"id\":\"latin1\",\"sourceTopic\":\"caf\u00e9/+\",\"contractId\":\"sensor1\"}"
                .getBytes(StandardCharsets.ISO_8859_1);
        assertRefused(admin.sendBytes("POST", "/api/mappings", mapping), 400, "body");
        assertRefused(admin.sendChunked("POST", "/api/mappings", mapping), 400, "body");
        assertThat(admin.get("/api/mappings/latin1").statusCode()).isEqualTo(404);
        String broker = admin.get("/api/broker").body();
        assertRefused(admin.sendBytes("PUT", "/api/broker", "{\"mqtt.username\":\"caf\u00e9\"}"
                .getBytes(StandardCharsets.ISO_8859_1)), 400, "body");
        assertThat(admin.get("/api/broker").body()).isEqualTo(broker);
        // a dry run's body is a payload: judged as the pipeline judges the message, not refused
        HttpResponse<String> dry = admin.sendBytes("POST", "/api/contracts/sensor1/test",
                GOOD_S1.replace("s1-1", "s1-\u00e9").getBytes(StandardCharsets.ISO_8859_1));
        assertThat(dry.statusCode()).as(dry.body()).isEqualTo(200);
        assertThat(json(dry).at("/report/primary_error").asText()).isEqualTo("invalid_json");
        // the same text in UTF-8 is taken
        HttpResponse<String> utf8 = admin.sendBytes("PUT", "/api/contracts/latin1", contract.getBytes(StandardCharsets.UTF_8));
        assertThat(utf8.statusCode()).as(utf8.body()).isLessThan(300);
        assertThat(Files.readString(tmp.resolve("schemas/latin1.schema.json"))).contains("caf\u00e9");
        assertThat(admin.delete("/api/contracts/latin1").statusCode()).isLessThan(300);
    }

    @Test
    void tooLargeBodiesAreRefusedWith413() throws Exception {
        String big = "{\"x\":\"" + "a".repeat(1024 * 1024 + 10) + "\"}";
        HttpResponse<String> r = admin.put("/api/contracts/big", big);
        assertThat(r.statusCode()).isEqualTo(413);
        assertThat(Files.exists(tmp.resolve("schemas/big.schema.json"))).isFalse();
        // without a declared length the body is counted as it is read, before the REST binding parses it
        HttpResponse<String> chunked = admin.sendChunked("POST", "/api/mappings", big);
        assertThat(chunked.statusCode()).as(chunked.body()).isEqualTo(413);
        assertThat(json(chunked).get("error").asText()).contains("admin.max-body-bytes");
        HttpResponse<String> small = admin.sendChunked("PUT", "/api/contracts/sensor1/compatibility", "{\"level\":7}");
        assertThat(small.statusCode()).as(small.body()).isEqualTo(400);
    }

    @Test
    void tooLargeBodiesAreRefusedWith413OverHttp2Too() throws Exception {
        // the 413 carried "Connection: close", which HTTP/2 forbids: the client reset the stream as malformed and
        // never saw the answer
        String big = "{\"x\":\"" + "a".repeat(1024 * 1024 + 10) + "\"}";
        for (boolean declared : List.of(true, false)) {
            var headers = io.vertx.core.MultiMap.caseInsensitiveMultiMap()
                    .add("Authorization", adminBasic()).add("Content-Type", "application/json");
            if (declared) {
                headers.add("Content-Length", String.valueOf(big.length()));
            }
            io.vertx.core.http.HttpClientResponse response = overHttp2(new io.vertx.core.http.RequestOptions()
                    .setMethod(io.vertx.core.http.HttpMethod.PUT).setURI("/api/contracts/big").setHeaders(headers), big);
            assertThat(response.statusCode()).as("declared length " + declared).isEqualTo(413);
            // the body (the same as over HTTP/1.1, curl shows it) is not awaited: this client ends a response only
            // once its own unread request body is sent
            assertThat(response.getHeader("Content-Type")).isEqualTo("application/json");
        }
        assertThat(Files.exists(tmp.resolve("schemas/big.schema.json"))).isFalse();
    }

    @Test
    void headWhosePathHttp11CannotCarryIsRefusedInsteadOfForwarded() throws Exception {
        // HEAD is answered by a GET over HTTP/1.1; an HTTP/2 :path may hold spaces, CR and LF, which ended the GET's
        // request line and added the client's own header lines (here a credential: 200 where the plain HEAD is 401)
        for (String path : List.of("/api/mappings", "/api/mappings HTTP/1.1\r\nAuthorization: " + adminBasic()
                + "\r\nX-Rest: y")) {
            io.vertx.core.http.HttpClientResponse head = overHttp2(new io.vertx.core.http.RequestOptions()
                    .setMethod(io.vertx.core.http.HttpMethod.HEAD).setURI(path), null);
            assertThat(head.statusCode()).as(path).isEqualTo(path.contains("\n") ? 400 : 401);
        }
    }

    /**
     * One request over HTTP/2 cleartext with prior knowledge (curl --http2-prior-knowledge): its status and headers.
     * A body goes without a declared length unless the headers declare one.
     */
    private static io.vertx.core.http.HttpClientResponse overHttp2(io.vertx.core.http.RequestOptions options,
                                                                    String body) throws Exception {
        URI base = URI.create(admin.base);
        io.vertx.core.Vertx vertx = io.vertx.core.Vertx.vertx();
        try {
            io.vertx.core.http.HttpClient h2 = vertx.createHttpClient(new io.vertx.core.http.HttpClientOptions()
                    .setProtocolVersion(io.vertx.core.http.HttpVersion.HTTP_2).setHttp2ClearTextUpgrade(false));
            io.vertx.core.http.HttpClientResponse response = h2
                    .request(options.setHost(base.getHost()).setPort(base.getPort()))
                    .compose(r -> body == null ? r.send() : r.setChunked(!r.headers().contains("Content-Length"))
                            .send(io.vertx.core.buffer.Buffer.buffer(body)))
                    .toCompletionStage().toCompletableFuture().get(10, java.util.concurrent.TimeUnit.SECONDS);
            assertThat(response.version()).isEqualTo(io.vertx.core.http.HttpVersion.HTTP_2);
            return response;
        } finally {
            vertx.close().toCompletionStage().toCompletableFuture().get(10, java.util.concurrent.TimeUnit.SECONDS);
        }
    }

    private static String adminBasic() {
        return "Basic " + Base64.getEncoder().encodeToString(
                (GatewayRunner.ADMIN + ":" + GatewayRunner.ADMIN_PASSWORD).getBytes(StandardCharsets.UTF_8));
    }

    // ------------------------------------------------------------------ mappings

    @Test
    void mappingLifecycleReloadsOnlyThatRoute() throws Exception {
        Route sensor2 = app.context().getRoute("mapping-sensor2");
        int okBefore = reloads("mapping/true");
        HttpResponse<String> created = admin.post("/api/mappings",
                "{\"id\":\"m1\",\"sourceTopic\":\"t1/+\",\"contractId\":\"sensor1\"}");
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        assertThat(created.headers().firstValue("ETag")).isPresent();
        assertThat(Files.readString(tmp.resolve("routes/mapping-m1.camel.yaml"))).contains("t1/+");
        assertThat(app.context().getRouteController().getRouteStatus("mapping-m1")).isEqualTo(ServiceStatus.Started);

        probe.publish("t1/a", GOOD_S1);
        await().atMost(Duration.ofSeconds(10)).until(() -> !probe.on("t1/a/validated").isEmpty());

        HttpResponse<String> again = admin.post("/api/mappings", "{\"id\":\"m1\",\"sourceTopic\":\"t1/x\",\"contractId\":\"sensor1\"}");
        assertRefused(again, 409, "id");
        assertThat(json(again).get("error").asText()).endsWith("already exists; change it with PUT /api/mappings/m1");

        HttpResponse<String> read = admin.get("/api/mappings/m1");
        assertThat(read.statusCode()).isEqualTo(200);
        String etag = read.headers().firstValue("ETag").orElseThrow();
        assertThat(json(read).get("sourceTopic").asText()).isEqualTo("t1/+");

        String replacement = "{\"sourceTopic\":\"t1/+\",\"contractId\":\"sensor1\",\"validatedTopic\":\"out/{topic}\"}";
        HttpResponse<String> stale = admin.put("/api/mappings/m1", replacement, "\"0000000000000000\"");
        assertThat(stale.statusCode()).isEqualTo(412);
        assertThat(json(stale).get("field").asText()).isEqualTo("If-Match");

        HttpResponse<String> replaced = admin.put("/api/mappings/m1", replacement, etag);
        assertThat(replaced.statusCode()).as(replaced.body()).isEqualTo(200);
        assertThat(json(replaced).get("reloadMillis").asLong()).isGreaterThanOrEqualTo(0);
        probe.publish("t1/b", GOOD_S1);
        await().atMost(Duration.ofSeconds(10)).until(() -> !probe.on("out/t1/b").isEmpty());
        assertThat(probe.on("t1/b/validated")).isEmpty();

        assertThat(admin.post("/api/mappings/m1/disable", null).statusCode()).isEqualTo(200);
        // disabled: no running route (the template's precondition creates none), so no MQTT subscription
        assertThat(app.context().getRouteController().getRouteStatus("mapping-m1")).isNotEqualTo(ServiceStatus.Started);
        assertThat(json(admin.get("/api/status")).toString()).contains("{\"id\":\"m1\",\"enabled\":false,\"state\":\"Disabled\"}");
        assertThat(json(admin.get("/api/mappings/m1")).get("enabled").asBoolean()).isFalse();
        assertThat(admin.post("/api/mappings/m1/enable", null).statusCode()).isEqualTo(200);
        assertThat(app.context().getRouteController().getRouteStatus("mapping-m1")).isEqualTo(ServiceStatus.Started);

        assertThat(admin.delete("/api/mappings/m1").statusCode()).isEqualTo(200);
        assertThat(reloads("mapping/true") - okBefore).isEqualTo(5); // create, replace, disable, enable, delete
        assertThat(app.context().getRoute("mapping-m1")).isNull();
        assertThat(Files.exists(tmp.resolve("routes/mapping-m1.camel.yaml"))).isFalse();
        assertThat(admin.get("/api/mappings/m1").statusCode()).isEqualTo(404);
        assertThat(noLeftovers()).isTrue();

        // mapping sensor2 was never restarted by any of this
        assertThat(app.context().getRoute("mapping-sensor2")).isSameAs(sensor2);
        assertThat(app.context().getRouteController().getRouteStatus("mapping-sensor2")).isEqualTo(ServiceStatus.Started);
    }

    @Test
    void badMappingsAreRefusedNamingTheFieldAndChangeNothing() throws Exception {
        List<String> before = routeFiles();
        assertRefused(admin.post("/api/mappings", "{\"id\":\"bad\",\"sourceTopic\":\"a/#/b\",\"contractId\":\"sensor1\"}"), 400, "sourceTopic");
        assertRefused(admin.post("/api/mappings", "{\"id\":\"bad\",\"sourceTopic\":\"a/b+\",\"contractId\":\"sensor1\"}"), 400, "sourceTopic");
        // {topic}/validated under sensors/# is itself matched by sensors/#: a loop
        assertRefused(admin.post("/api/mappings", "{\"id\":\"bad\",\"sourceTopic\":\"loop/#\",\"contractId\":\"sensor1\"}"), 400, "validatedTopic");
        assertRefused(admin.post("/api/mappings", "{\"id\":\"bad\",\"sourceTopic\":\"loop/+\",\"contractId\":\"sensor1\",\"failedTopic\":\"loop/failed\"}"), 400, "failedTopic");
        // an output that feeds another mapping's subscription
        assertRefused(admin.post("/api/mappings", "{\"id\":\"bad\",\"sourceTopic\":\"feed/+\",\"contractId\":\"sensor1\",\"validatedTopic\":\"sensors/sensor1\"}"), 400, "validatedTopic");
        assertRefused(admin.post("/api/mappings", "{\"id\":\"bad\",\"sourceTopic\":\"x/+\",\"contractId\":\"sensor1\",\"validatedTopic\":\"out/+/v\"}"), 400, "validatedTopic");
        assertRefused(admin.post("/api/mappings", "{\"id\":\"../../etc\",\"sourceTopic\":\"x/+\",\"contractId\":\"sensor1\"}"), 400, "id");
        assertRefused(admin.post("/api/mappings", "{\"id\":\"a..b\",\"sourceTopic\":\"x/+\",\"contractId\":\"sensor1\"}"), 400, "id");
        assertRefused(admin.post("/api/mappings", "{\"id\":\"validated\",\"sourceTopic\":\"x/+\",\"contractId\":\"sensor1\"}"), 400, "id");
        assertRefused(admin.post("/api/mappings", "{\"id\":\"ok1\",\"sourceTopic\":\"x/+\",\"contractId\":\"../sensor1\"}"), 400, "contractId");
        assertRefused(admin.post("/api/mappings", "{\"id\":\"ok1\",\"sourceTopic\":\"x/+\",\"contractId\":\"nosuch\"}"), 400, "contractId");
        assertRefused(admin.post("/api/mappings", "{\"id\":\"ok1\",\"sourceTopic\":\"x/+\",\"contractId\":\"sensor1\",\"sensorIdField\":\"#bean:gatewayServices\"}"), 400, "sensorIdField");
        assertRefused(admin.post("/api/mappings", "{\"id\":\"ok1\",\"sourceTopic\":\"x/{{mqtt.password}}\",\"contractId\":\"sensor1\"}"), 400, "sourceTopic");
        assertRefused(admin.post("/api/mappings", "{\"id\":\"ok1\",\"sourceTopic\":\"x/+\",\"contractId\":\"sensor1\",\"enabled\":\"yes\"}"), 400, "enabled");
        assertRefused(admin.post("/api/mappings", "{\"id\":\"ok1\",\"sourceTopic\":\"x/+\",\"contractId\":\"sensor1\",\"extra\":1}"), 400, "extra");
        assertRefused(admin.post("/api/mappings", "not json"), 400, "body");
        assertRefused(admin.get("/api/mappings/a..b"), 400, "id");
        assertRefused(admin.put("/api/mappings/sensor1", "{\"id\":\"other\",\"sourceTopic\":\"x/+\",\"contractId\":\"sensor1\"}"), 400, "id");
        assertRefused(admin.delete("/api/mappings/nosuch"), 404, "id");
        assertThat(routeFiles()).isEqualTo(before);
        assertThat(Files.readString(tmp.resolve("routes/mapping-sensor1.camel.yaml"))).contains("sensors/sensor1");
    }

    @Test
    void aRouteFileCamelRefusesLeavesThePreviousMappingRunning() throws Exception {
        MappingAdmin service = app.context().getRegistry().lookupByNameAndType(MappingAdmin.BEAN, MappingAdmin.class);
        Path file = tmp.resolve("routes/mapping-sensor1.camel.yaml");
        String before = Files.readString(file);
        // valid YAML, but an endpoint option paho-mqtt5 does not have: Camel refuses the route
        String refused = """
                - route:
                    id: mapping-sensor1
                    from:
                      uri: paho-mqtt5:sensors/sensor1
                      parameters:
                        noSuchOption: 42
                      steps:
                        - to: direct:publish-validated
                """;
        Optional<MappingStore.Stored> current = service.mappingStore().read("sensor1");
        int failedBefore = reloads("mapping/false");
        ApiException e = null;
        try {
            service.applyMappingFile("test", "sensor1", refused, true, current, "replace");
        } catch (ApiException ex) {
            e = ex;
        }
        assertThat(e).isNotNull();
        assertThat(e.status()).isEqualTo(422);
        assertThat(e.getMessage()).contains("noSuchOption").contains("previous config is restored and running");
        assertThat(reloads("mapping/false") - failedBefore).isEqualTo(1);
        assertThat(Files.readString(file)).isEqualTo(before);
        assertThat(app.context().getRouteController().getRouteStatus("mapping-sensor1")).isEqualTo(ServiceStatus.Started);
        int n = probe.on("sensors/sensor1/validated").size();
        probe.publish("sensors/sensor1", GOOD_S1);
        await().atMost(Duration.ofSeconds(10)).until(() -> probe.on("sensors/sensor1/validated").size() > n);
        assertThat(json(admin.get("/api/audit?limit=5")).toString()).contains("\"result\":\"failed\"");
        assertThat(noLeftovers()).isTrue();
    }

    // ------------------------------------------------------------------ contracts

    @Test
    void contractSaveTakesEffectOnTheNextMessageWithoutRestartingTheRoute() throws Exception {
        assertThat(admin.post("/api/mappings", "{\"id\":\"mc\",\"sourceTopic\":\"tc/in\",\"contractId\":\"c1\"}").statusCode())
                .isEqualTo(400); // contract does not exist yet
        String v1 = "{\"type\":\"object\",\"properties\":{\"v\":{\"type\":\"number\",\"maximum\":100}},\"required\":[\"v\"]}";
        ObjectNode create = AdminHttp.JSON.createObjectNode();
        create.put("id", "c1");
        create.set("schema", AdminHttp.JSON.readTree(v1));
        HttpResponse<String> created = admin.post("/api/contracts", create.toString());
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        assertThat(json(created).get("version").asInt()).isEqualTo(1);
        HttpResponse<String> exists = admin.post("/api/contracts", create.toString());
        assertRefused(exists, 409, "id");
        assertThat(json(exists).get("error").asText()).endsWith("replace it with PUT /api/contracts/c1 (saved as its next version)");
        assertThat(admin.post("/api/mappings", "{\"id\":\"mc\",\"sourceTopic\":\"tc/in\",\"contractId\":\"c1\"}").statusCode())
                .isEqualTo(201);
        Route route = app.context().getRoute("mapping-mc");

        probe.publish("tc/in", "{\"v\":50}");
        await().atMost(Duration.ofSeconds(10)).until(() -> probe.on("tc/in/validated").size() == 1);

        HttpResponse<String> read = admin.get("/api/contracts/c1");
        String etag = read.headers().firstValue("ETag").orElseThrow();
        assertRefused(admin.put("/api/contracts/c1", "{\"type\":\"object\",\"properties\":{\"v\":{\"minimum\":\"ten\"}}}", etag), 400, "schema");
        assertRefused(admin.put("/api/contracts/c1", "{not json", etag), 400, "schema");
        String v2 = "{\"type\":\"object\",\"properties\":{\"v\":{\"type\":\"number\",\"maximum\":10}},\"required\":[\"v\"]}";
        assertRefused(admin.put("/api/contracts/c1", v2, "\"stale\""), 412, "If-Match");
        assertThat(AdminHttp.JSON.readTree(Files.readString(tmp.resolve("schemas/c1.schema.json")))).isEqualTo(AdminHttp.JSON.readTree(v1));

        HttpResponse<String> refused = admin.put("/api/contracts/c1", v2, etag);
        assertRefused(refused, 409, "schema");
        assertThat(json(refused).at("/reasons/0/text").asText()).isEqualTo("/properties/v/maximum: maximum decreased 100 → 10");
        HttpResponse<String> saved = admin.put("/api/contracts/c1?acceptBreak=true", v2, etag);
        assertThat(saved.statusCode()).as(saved.body()).isEqualTo(200);
        String newHash = json(saved).get("hash").asText();
        probe.publish("tc/in", "{\"v\":50}");
        await().atMost(Duration.ofSeconds(10)).until(() -> probe.on("tc/in/failed").size() == 1);
        JsonNode report = AdminHttp.JSON.readTree(probe.on("tc/in/failed").get(0).text());
        assertThat(report.at("/contract/version").asText()).isEqualTo(newHash);
        assertThat(report.at("/primary_error").asText()).isEqualTo("out_of_range");
        assertThat(app.context().getRoute("mapping-mc")).as("no route restart for a contract edit").isSameAs(route);

        // the same bytes again: a no-op answering the version in force, no new version, no audit entry
        int auditBefore = json(admin.get("/api/audit?limit=10000")).size();
        HttpResponse<String> same = admin.put("/api/contracts/c1", v2);
        assertThat(same.statusCode()).as(same.body()).isEqualTo(200);
        assertThat(json(same).get("action").asText()).isEqualTo("unchanged");
        assertThat(json(same).get("version").asInt()).isEqualTo(2);
        assertThat(json(same).get("hash").asText()).isEqualTo(newHash);
        assertThat(same.headers().firstValue("ETag")).isEqualTo(saved.headers().firstValue("ETag"));
        assertThat(json(admin.get("/api/audit?limit=10000")).size()).isEqualTo(auditBefore);

        // versions, read one, diff, rollback
        JsonNode versions = json(admin.get("/api/contracts/c1/versions"));
        assertThat(versions).hasSize(2);
        assertThat(versions.get(1).get("current").asBoolean()).isTrue();
        assertThat(versions.get(1).get("author").asText()).isEqualTo("admin");
        assertThat(json(admin.get("/api/contracts/c1/versions/1")).at("/properties/v/maximum").asInt()).isEqualTo(100);
        assertRefused(admin.get("/api/contracts/c1/versions/9"), 404, "version");
        assertRefused(admin.get("/api/contracts/c1/versions/x"), 400, "version");
        String diff = admin.get("/api/contracts/c1/diff?from=1&to=2").body();
        assertThat(diff).contains("--- c1 version 1").contains("+++ c1 version 2").contains("-{").contains("+{");
        HttpResponse<String> rolled = admin.post("/api/contracts/c1/rollback?version=1", null);
        assertThat(rolled.statusCode()).as(rolled.body()).isEqualTo(200);
        assertThat(json(rolled).get("version").asInt()).isEqualTo(3);
        probe.publish("tc/in", "{\"v\":50}");
        await().atMost(Duration.ofSeconds(10)).until(() -> probe.on("tc/in/validated").size() == 2);

        // delete: refused while used, naming the mapping
        HttpResponse<String> inUse = admin.delete("/api/contracts/c1");
        assertRefused(inUse, 409, "id");
        assertThat(json(inUse).get("error").asText()).contains("'mc'").contains("point it at another contract or delete it first");
        assertThat(admin.delete("/api/mappings/mc").statusCode()).isEqualTo(200);
        assertThat(admin.delete("/api/contracts/c1").statusCode()).isEqualTo(200);
        assertThat(Files.exists(tmp.resolve("schemas/c1.schema.json"))).isFalse();
        assertThat(admin.get("/api/contracts/c1").statusCode()).isEqualTo(404);
        assertThat(json(admin.get("/api/contracts/c1/versions"))).hasSize(3); // history survives the delete
        // ".." segments are normalised away by the HTTP layer (no endpoint: 404) or refused by the id check (400)
        assertThat(admin.put("/api/contracts/..", v2).statusCode()).isIn(400, 404);
        assertThat(admin.put("/api/contracts/%2e%2e", v2).statusCode()).isIn(400, 404);
        assertThat(admin.put("/api/contracts/..%2Fevil", v2).statusCode()).isIn(400, 404);
        assertThat(Files.exists(tmp.resolve("evil.schema.json"))).isFalse();
        assertRefused(admin.put("/api/contracts/a..b", v2), 400, "id");
        assertThat(noLeftovers()).isTrue();
    }

    @Test
    void shouldRefuseANarrowedRangeWithThePointerAndRecordAnAcceptedBreakInTheAuditLog() throws Exception {
        String v1 = "{\"type\":\"object\",\"properties\":{\"t\":{\"type\":\"number\",\"maximum\":85}}}";
        String narrowed = "{\"type\":\"object\",\"properties\":{\"t\":{\"type\":\"number\",\"maximum\":60}}}";
        assertThat(admin.put("/api/contracts/cc", v1).statusCode()).isEqualTo(201);
        assertThat(json(admin.get("/api/contracts/cc/compatibility")).get("level").asText()).isEqualTo("BACKWARD");

        JsonNode check = json(admin.post("/api/contracts/cc/compatibility/check", narrowed));
        assertThat(check.get("compatible").asBoolean()).isFalse();
        assertThat(check.at("/reasons/0/pointer").asText()).isEqualTo("/properties/t/maximum");
        assertThat(check.at("/reasons/0/rule").asText()).isEqualTo("maximum");
        assertThat(check.at("/reasons/0/message").asText()).isEqualTo("maximum decreased 85 → 60");

        HttpResponse<String> refused = admin.put("/api/contracts/cc", narrowed);
        assertRefused(refused, 409, "schema");
        assertThat(json(refused).get("error").asText()).contains("BACKWARD").contains("acceptBreak=true");
        assertThat(json(refused).at("/reasons/0/text").asText()).isEqualTo("/properties/t/maximum: maximum decreased 85 → 60");
        assertThat(AdminHttp.JSON.readTree(Files.readString(tmp.resolve("schemas/cc.schema.json")))).isEqualTo(AdminHttp.JSON.readTree(v1));
        assertRefused(admin.put("/api/contracts/cc?acceptBreak=maybe", narrowed), 400, "acceptBreak");

        HttpResponse<String> accepted = admin.put("/api/contracts/cc?acceptBreak=true", narrowed);
        assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(200);
        assertThat(json(accepted).get("acceptedBreak").asBoolean()).isTrue();
        JsonNode last = json(admin.get("/api/audit?limit=1")).get(0);
        assertThat(last.get("action").asText()).isEqualTo("replace");
        assertThat(last.get("detail").asText()).contains("breaking change accepted (BACKWARD)")
                .contains("/properties/t/maximum: maximum decreased 85 → 60");

        // widening is backward compatible; FORWARD refuses it; NONE allows everything
        String widened = narrowed.replace("60", "100");
        assertThat(admin.put("/api/contracts/cc", widened).statusCode()).isEqualTo(200);
        assertRefused(admin.put("/api/contracts/cc/compatibility", "{\"level\":\"SIDEWAYS\"}"), 400, "level");
        assertThat(admin.put("/api/contracts/cc/compatibility", "{\"level\":\"forward\"}").statusCode()).isEqualTo(200);
        assertThat(Files.readString(tmp.resolve("schemas/.versions/cc/compatibility.json"))).contains("FORWARD");
        assertRefused(admin.put("/api/contracts/cc", widened.replace("100", "200")), 409, "schema");
        assertThat(admin.put("/api/contracts/cc/compatibility", "{\"level\":\"NONE\"}").statusCode()).isEqualTo(200);
        assertThat(admin.put("/api/contracts/cc", v1).statusCode()).isEqualTo(200);
        // transitive: narrowing back below an older version is caught even though the last step alone is fine
        assertThat(admin.put("/api/contracts/cc/compatibility", "{\"level\":\"BACKWARD_TRANSITIVE\"}").statusCode()).isEqualTo(200);
        JsonNode transitive = json(admin.post("/api/contracts/cc/compatibility/check", v1));
        assertThat(transitive.get("compatible").asBoolean()).isFalse();
        assertThat(transitive.at("/reasons/0/message").asText()).contains("against version").contains("maximum decreased 100 → 85");
        assertRefused(admin.get("/api/contracts/nosuch/compatibility"), 404, "id");
        assertThat(app.viewer().put("/api/contracts/cc/compatibility", "{\"level\":\"NONE\"}").statusCode()).isEqualTo(403);
        assertThat(admin.delete("/api/contracts/cc").statusCode()).isEqualTo(200);
    }

    @Test
    void shouldDraftAContractFromRecentTrafficThatAcceptsEverySampleAndSaveItOnlyWhenApproved() throws Exception {
        assertThat(admin.post("/api/mappings", "{\"id\":\"inf\",\"sourceTopic\":\"t1/inf/+\",\"contractId\":\"sensor1\"}").statusCode()).isEqualTo(201);
        assertRefused(admin.post("/api/mappings/inf/infer", null), 409, "samples");
        for (int i = 0; i < 12; i++) {
            probe.publish("t1/inf/" + (i % 3), "{\"sensor_id\":\"s-" + (i % 3) + "\",\"timestamp\":\"2026-01-01T00:00:0" + (i % 10)
                    + "Z\",\"temperature\":" + (i * 3.5 - 10) + ",\"humidity\":" + (40 + i) + (i % 4 == 0 ? ",\"battery\":" + (90 - i) : "") + "}");
        }
        probe.publish("t1/inf/9", "not json at all");
        // echoed inside an answer, a 999-level sample passed the 1000 levels Jackson writes: both answered an empty 200
        probe.publish("t1/inf/9", "[".repeat(999) + "]".repeat(999));
        await().atMost(Duration.ofSeconds(10)).until(() -> json(admin.get("/api/mappings/inf/samples")).get("samples").size() == 14);

        JsonNode draft = json(admin.post("/api/mappings/inf/infer", null));
        assertThat(draft.get("sampleCount").asInt()).isEqualTo(12);
        assertThat(draft.get("skipped").asInt()).isEqualTo(2);
        assertThat(draft.get("applied").asBoolean()).isFalse();
        assertThat(draft.at("/schema/required")).extracting(JsonNode::asText).containsExactly("sensor_id", "timestamp", "temperature", "humidity");
        assertThat(draft.at("/schema/properties/timestamp/format").asText()).isEqualTo("date-time");
        assertThat(draft.at("/schema/properties/sensor_id/enum")).hasSize(3);
        assertThat(draft.at("/schema/properties/temperature/minimum").asDouble()).isEqualTo(-10.0);
        assertThat(draft.get("fields")).anySatisfy(f -> {
            assertThat(f.get("pointer").asText()).isEqualTo("/battery");
            assertThat(f.get("share").asDouble()).isEqualTo(0.25);
        });
        assertThat(admin.get("/api/contracts/inf-draft").statusCode()).as("never applied by itself").isEqualTo(404);

        // every JSON sample passes the draft, checked by the pipeline's own dry run
        for (JsonNode sample : json(admin.get("/api/mappings/inf/samples")).get("samples")) {
            if (sample.isTextual()) {
                continue;
            }
            ObjectNode dry = AdminHttp.JSON.createObjectNode();
            dry.set("schema", draft.get("schema"));
            dry.set("payload", sample);
            assertThat(json(admin.post("/api/contracts/test", dry.toString())).get("verdict").asText()).as(sample.toString()).isEqualTo("validated");
        }

        // a person edits (widens the range) and approves: saved through the normal path, version 1
        ObjectNode edited = (ObjectNode) draft.get("schema").deepCopy();
        ((ObjectNode) edited.at("/properties/temperature")).put("minimum", -40).put("maximum", 85);
        ObjectNode save = AdminHttp.JSON.createObjectNode();
        save.put("id", "inf-draft");
        save.set("schema", edited);
        HttpResponse<String> saved = admin.post("/api/contracts", save.toString());
        assertThat(saved.statusCode()).as(saved.body()).isEqualTo(201);
        assertThat(json(saved).get("version").asInt()).isEqualTo(1);

        // pasted examples
        JsonNode pasted = json(admin.post("/api/contracts/infer", "{\"samples\":\"{\\\"a\\\":1}\\n\\n{\\\"a\\\":2,\\\"b\\\":\\\"x\\\"}\"}"));
        assertThat(pasted.get("sampleCount").asInt()).isEqualTo(2);
        assertThat(pasted.at("/schema/required")).extracting(JsonNode::asText).containsExactly("a");
        assertThat(json(admin.post("/api/contracts/infer", "{\"samples\":[{\"a\":true}]}")).at("/schema/properties/a/type").asText()).isEqualTo("boolean");
        assertRefused(admin.post("/api/contracts/infer", "{\"samples\":\"{\\\"a\\\":1}\\n{oops\"}"), 400, "samples");
        assertRefused(admin.post("/api/contracts/infer", "{\"samples\":[]}"), 400, "samples");
        assertRefused(admin.post("/api/contracts/infer", "{}"), 400, "samples");
        assertRefused(admin.post("/api/mappings/nosuch/infer", null), 404, "id");
        assertThat(admin.delete("/api/mappings/inf").statusCode()).isEqualTo(200);
        assertThat(admin.delete("/api/contracts/inf-draft").statusCode()).isEqualTo(200);
    }

    @Test
    void contractListAndStoreIgnoreTheVersionsFolder() {
        JsonNode list = json(admin.get("/api/contracts"));
        assertThat(list.findValuesAsText("id")).doesNotContain(".versions").contains("sensor1", "sensor2");
        assertThat(list.toString()).contains("\"usedBy\":[\"sensor1\"]");
    }

    @Test
    void dryRunAnswersExactlyThePipelineReportAndPublishesNothing() throws Exception {
        int failedBefore = probe.on("sensors/sensor1/failed").size();
        HttpResponse<String> dry = admin.post("/api/contracts/sensor1/test", HOT_S1);
        assertThat(dry.statusCode()).as(dry.body()).isEqualTo(200);
        JsonNode d = json(dry);
        assertThat(d.get("verdict").asText()).isEqualTo("failed");
        assertThat(d.get("publishTo").asText()).isEqualTo("sensors/sensor1/failed");

        probe.publish("sensors/sensor1", HOT_S1);
        await().atMost(Duration.ofSeconds(10)).until(() -> probe.on("sensors/sensor1/failed").size() == failedBefore + 1);
        ObjectNode published = (ObjectNode) AdminHttp.JSON.readTree(probe.on("sensors/sensor1/failed").get(failedBefore).text());
        ObjectNode report = (ObjectNode) d.get("report").deepCopy();
        published.remove("received_at");
        report.remove("received_at");
        assertThat(report).isEqualTo(published);

        JsonNode ok = json(admin.post("/api/contracts/sensor1/test", GOOD_S1));
        assertThat(ok.get("verdict").asText()).isEqualTo("validated");
        assertThat(ok.has("report")).isFalse();
        assertThat(json(admin.post("/api/contracts/sensor1/test", "{broken")).at("/report/primary_error").asText())
                .isEqualTo("invalid_json");
        assertRefused(admin.post("/api/contracts/nosuch/test", GOOD_S1), 404, "id");

        String draft = "{\"schema\":{\"type\":\"object\",\"required\":[\"a\"]},\"payload\":{\"b\":1},\"topic\":\"d/1\"}";
        JsonNode dr = json(admin.post("/api/contracts/test", draft));
        assertThat(dr.get("verdict").asText()).isEqualTo("failed");
        assertThat(dr.at("/report/primary_error").asText()).isEqualTo("missing_field");
        assertThat(dr.at("/report/topic").asText()).isEqualTo("d/1");
        assertRefused(admin.post("/api/contracts/test", "{\"schema\":{\"type\":12},\"payload\":{}}"), 400, "schema");
        assertRefused(admin.post("/api/contracts/test", "{\"schema\":{}}"), 400, "payload");
        // the dry runs published nothing: only the one real message produced a report
        assertThat(probe.on("sensors/sensor1/failed")).hasSize(failedBefore + 1);
    }

    // ------------------------------------------------------------------ broker

    @Test
    void brokerSettingsAreMaskedValidatedAndAFailedReconnectKeepsTheOldBroker() throws Exception {
        HttpResponse<String> get = admin.get("/api/broker");
        assertThat(get.statusCode()).isEqualTo(200);
        JsonNode b = json(get);
        assertThat(b.get("mqtt.password").asText()).isEqualTo(BrokerSettingsFile.MASK);
        assertThat(get.body()).doesNotContain("top-secret");
        String etag = get.headers().firstValue("ETag").orElseThrow();

        assertRefused(admin.put("/api/broker", "{\"mqtt.qos\":5}"), 400, "mqtt.qos");
        assertRefused(admin.put("/api/broker", "{\"mqtt.broker.url\":\"http://x\"}"), 400, "mqtt.broker.url");
        assertRefused(admin.put("/api/broker", "{\"mqtt.nope\":1}"), 400, "mqtt.nope");
        assertRefused(admin.put("/api/broker", "{\"mqtt.qos\":1}", "\"stale\""), 412, "If-Match");

        Path saved = tmp.resolve("config/broker.properties");
        String savedBefore = Files.exists(saved) ? Files.readString(saved) : null;
        int dead = GatewayRunner.freePort();
        HttpResponse<String> failed = admin.put("/api/broker", "{\"mqtt.broker.url\":\"tcp://127.0.0.1:" + dead + "\"}", etag);
        assertThat(failed.statusCode()).as(failed.body()).isEqualTo(422);
        assertThat(json(failed).get("error").asText()).contains("previous settings are restored and running");
        assertThat(Files.exists(saved) ? Files.readString(saved) : null).isEqualTo(savedBefore);
        assertThat(json(admin.get("/api/broker")).toString()).isEqualTo(b.toString());
        for (String id : List.of("mapping-sensor1", "mapping-sensor2", "publish-validated", "publish-failed")) {
            assertThat(app.context().getRouteController().getRouteStatus(id)).as(id).isEqualTo(ServiceStatus.Started);
        }
        int n = probe.on("sensors/sensor1/validated").size();
        probe.publish("sensors/sensor1", GOOD_S1);
        await().atMost(Duration.ofSeconds(10)).until(() -> probe.on("sensors/sensor1/validated").size() > n);
    }

    @Test
    void brokerChangeReconnectsEveryMqttRouteToTheNewBroker() throws Exception {
        int port = GatewayRunner.freePort();
        EmbeddedBroker second = new EmbeddedBroker("127.0.0.1", port, Files.createTempDirectory("broker-data"), 262_144);
        second.start();
        try (MqttProbe other = new MqttProbe(second.url(), "sensors/#")) {
            HttpResponse<String> put = admin.put("/api/broker", "{\"mqtt.broker.url\":\"" + second.url() + "\",\"mqtt.password\":\""
                    + BrokerSettingsFile.MASK + "\"}");
            assertThat(put.statusCode()).as(put.body()).isEqualTo(200);
            String saved = Files.readString(tmp.resolve("config/broker.properties"));
            assertThat(saved).contains("mqtt.broker.url=tcp\\://127.0.0.1\\:" + port).contains("mqtt.password=top-secret");
            assertThat(json(admin.get("/api/status")).at("/broker/url").asText()).isEqualTo(second.url());
            other.publish("sensors/sensor2", "{\"sensor_id\":\"s2-1\",\"pressure\":1000,\"status\":\"ok\"}");
            await().atMost(Duration.ofSeconds(10)).until(() -> !other.on("sensors/sensor2/validated").isEmpty());
            // back to the embedded broker (empty URL)
            HttpResponse<String> back = admin.put("/api/broker", "{\"mqtt.broker.url\":\"\"}");
            assertThat(back.statusCode()).as(back.body()).isEqualTo(200);
            assertThat(json(admin.get("/api/status")).at("/broker/url").asText()).isEqualTo(app.brokerUrl());
            int n = probe.on("sensors/sensor1/validated").size();
            probe.publish("sensors/sensor1", GOOD_S1);
            await().atMost(Duration.ofSeconds(10)).until(() -> probe.on("sensors/sensor1/validated").size() > n);
        } finally {
            second.close();
        }
    }

    // ------------------------------------------------------------------ status, audit, events, OpenAPI

    @Test
    void statusShowsRoutesBrokerContractsAndCounts() {
        JsonNode s = json(app.viewer().get("/api/status"));
        assertThat(s.get("routes").findValuesAsText("id")).contains("mapping-sensor1", "mapping-sensor2", "publish-validated");
        assertThat(s.at("/broker/connected").asBoolean()).isTrue();
        assertThat(s.get("contracts").findValuesAsText("id")).contains("sensor1", "sensor2");
        assertThat(s.get("contracts").findValuesAsText("hash")).allMatch(h -> h.startsWith("sha256:"));
        assertThat(s.at("/counts/validated").isNumber()).isTrue();
    }

    @Test
    void changesAreAuditedAndBroadcastAsServerSentEvents() throws Exception {
        List<String> lines = new CopyOnWriteArrayList<>();
        HttpRequest req = HttpRequest.newBuilder(URI.create(admin.base + "/api/events"))
                .header("Authorization", "Basic " + Base64.getEncoder().encodeToString(
                        (GatewayRunner.VIEWER + ":" + GatewayRunner.VIEWER_PASSWORD).getBytes(StandardCharsets.UTF_8)))
                .build();
        CompletableFuture<HttpResponse<Stream<String>>> stream = HttpClient.newHttpClient()
                .sendAsync(req, HttpResponse.BodyHandlers.ofLines());
        HttpResponse<Stream<String>> resp = stream.get();
        assertThat(resp.statusCode()).isEqualTo(200);
        assertThat(resp.headers().firstValue("Content-Type")).hasValueSatisfying(v -> assertThat(v).startsWith("text/event-stream"));
        Thread reader = new Thread(() -> {
            try {
                resp.body().forEach(lines::add);
            } catch (RuntimeException closed) {
                // the test closes the stream at the end
            }
        });
        reader.setDaemon(true);
        reader.start();
        await().atMost(Duration.ofSeconds(20)).until(() -> lines.contains(": connected"));

        assertThat(admin.post("/api/mappings", "{\"id\":\"ev1\",\"sourceTopic\":\"ev/+\",\"contractId\":\"sensor1\"}").statusCode()).isEqualTo(201);
        await().atMost(Duration.ofSeconds(10)).until(() -> lines.contains("event: config_updated"));
        String data = lines.stream().filter(l -> l.startsWith("data: ") && l.contains("\"ev1\"")).findFirst().orElseThrow();
        JsonNode event = AdminHttp.JSON.readTree(data.substring(6));
        assertThat(event.get("kind").asText()).isEqualTo("mapping");
        assertThat(event.get("action").asText()).isEqualTo("create");
        assertThat(event.has("at")).isTrue();
        assertThat(admin.delete("/api/mappings/ev1").statusCode()).isEqualTo(200);

        JsonNode audit = json(app.viewer().get("/api/audit?limit=500"));
        assertThat(audit.findValuesAsText("id")).contains("ev1");
        JsonNode last = audit.get(audit.size() - 1);
        assertThat(last.get("user").asText()).isEqualTo("admin");
        assertThat(last.get("action").asText()).isEqualTo("delete");
        assertThat(last.get("at").asText()).isNotBlank();
        assertRefused(admin.get("/api/audit?limit=-1"), 400, "limit");
        assertThat(Files.readAllLines(tmp.resolve("config/audit.log"))).isNotEmpty();
        resp.body().close();
    }

    /** A stream asked for a type nothing publishes would stay silent for ever: it is refused, naming the types. */
    @Test
    void anUnknownEventTypeIsRefusedNamingTheTypes() throws Exception {
        HttpResponse<String> typo = app.viewer().get("/api/events?types=config_update,live");
        assertRefused(typo, 400, "types");
        assertThat(json(typo).get("error").asText()).contains("'config_update'").doesNotContain("'live'")
                .contains("config_updated", "live", "history", "contract_breaker", "quarantine_redrive");
        HttpRequest known = HttpRequest.newBuilder(URI.create(admin.base + "/api/events?types=config_updated,quarantine_redrive"))
                .header("Authorization", "Basic " + Base64.getEncoder().encodeToString(
                        (GatewayRunner.VIEWER + ":" + GatewayRunner.VIEWER_PASSWORD).getBytes(StandardCharsets.UTF_8)))
                .build();
        HttpResponse<Stream<String>> stream = HttpClient.newHttpClient().sendAsync(known, HttpResponse.BodyHandlers.ofLines())
                .get(20, java.util.concurrent.TimeUnit.SECONDS);
        assertThat(stream.statusCode()).isEqualTo(200);
        stream.body().close();
    }

    @Test
    void openApiDocumentListsTheEndpoints() {
        HttpResponse<String> r = app.viewer().get("/api/openapi.json");
        assertThat(r.statusCode()).isEqualTo(200);
        JsonNode doc = json(r);
        assertThat(doc.get("openapi").asText()).startsWith("3.");
        assertThat(doc.get("paths").has("/api/mappings/{id}") || doc.get("paths").has("/mappings/{id}")).isTrue();
        assertThat(r.body()).contains("/contracts/{id}/rollback").contains("/broker").contains("/status");
        // the address an OpenAPI client sends its requests to (it was http://0.0.0.0/api: nothing answers there)
        assertThat(doc.at("/servers/0/url").asText()).isEqualTo(app.httpUrl() + "/api");
    }

    @Test
    void bodiesTheBindingCannotReadAreRefusedNamingTheFieldAndAFaultAnswers500WithoutItsCause() throws Exception {
        // read by camel-jackson into the typed request records: no guessing, the field named
        assertRefused(admin.put("/api/contracts/sensor1/compatibility", "{\"level\":1}"), 400, "level");
        assertRefused(admin.put("/api/contracts/sensor1/compatibility", "{\"level\":\"FULL\",\"colour\":\"red\"}"), 400, "colour");
        assertRefused(admin.post("/api/mappings", "{\"id\":\"t1\",\"sourceTopic\":[\"x/+\"],\"contractId\":\"sensor1\"}"), 400, "sourceTopic");
        assertRefused(admin.post("/api/mappings", "{\"id\":\"t1\",\"sourceTopic\":\"x/+\",\"contractId\":\"sensor1\",\"enabled\":\"true\"}"), 400, "enabled");
        assertRefused(admin.post("/api/contracts", "[]"), 400, "body");
        assertThat(admin.get("/api/contracts/sensor1/compatibility").body()).doesNotContain("FULL");

        // a fault of the gateway (here: the audit log cannot be read) is logged; the answer says nothing of it
        Path audit = tmp.resolve("config/audit.log");
        Path aside = tmp.resolve("config/audit.log.aside");
        boolean had = Files.exists(audit);
        if (had) {
            Files.move(audit, aside);
        }
        Files.createDirectories(audit);
        try {
            HttpResponse<String> r = admin.get("/api/audit");
            assertThat(r.statusCode()).as(r.body()).isEqualTo(500);
            assertThat(r.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).contains("application/json"));
            assertThat(json(r).get("error").asText()).isNotBlank();
            assertThat(r.body()).doesNotContain(tmp.toString()).doesNotContain("audit.log").doesNotContain("Exception");
        } finally {
            Files.delete(audit);
            if (had) {
                Files.move(aside, audit);
            }
        }
        assertThat(admin.get("/api/audit").statusCode()).isEqualTo(200);
    }

    // ------------------------------------------------------------------ helpers

    static HttpResponse<String> sendHead11(String path) {
        HttpRequest head = HttpRequest.newBuilder(URI.create(admin.base + path)).version(HttpClient.Version.HTTP_1_1)
                .method("HEAD", HttpRequest.BodyPublishers.noBody()).timeout(Duration.ofSeconds(30))
                .header("Authorization", "Basic " + Base64.getEncoder().encodeToString(
                        (GatewayRunner.VIEWER + ":" + GatewayRunner.VIEWER_PASSWORD).getBytes(StandardCharsets.UTF_8)))
                .build();
        try {
            return HttpClient.newHttpClient().send(head, HttpResponse.BodyHandlers.ofString());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    static int reloads(String key) {
        java.util.concurrent.atomic.AtomicInteger n = RELOADS.get(key);
        return n == null ? 0 : n.get();
    }

    static void assertRefused(HttpResponse<String> r, int status, String field) {
        assertThat(r.statusCode()).as(r.body()).isEqualTo(status);
        JsonNode n = json(r);
        assertThat(n.get("error").asText()).isNotBlank();
        assertThat(n.path("field").asText()).as(r.body()).isEqualTo(field);
    }

    static List<String> routeFiles() throws Exception {
        try (Stream<Path> s = Files.list(tmp.resolve("routes"))) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    /** No temp or backup file is left behind in routes/ or schemas/. */
    static boolean noLeftovers() throws Exception {
        try (Stream<Path> s = Stream.concat(Files.list(tmp.resolve("routes")), Files.list(tmp.resolve("schemas")))) {
            return s.map(p -> p.getFileName().toString()).noneMatch(n -> n.endsWith(".tmp") || n.endsWith(".prev"));
        }
    }
}
