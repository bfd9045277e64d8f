package io.contractgate.fleet;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.contractgate.testing.GatewayRunner;
import io.contractgate.testing.Mosquitto;
import io.contractgate.testing.MqttProbe;
import io.contractgate.testing.PostgresServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The fleet's shared state with real parts: one PostgreSQL (Debian's package) and several gateways in this JVM
 * (GatewayRunner, each with its own working folder, HTTP port, client id and its own Mosquitto broker, so every
 * verdict is known to come from one gateway), all with {@code state.jdbc-url} on one database per test.
 */
@Timeout(value = 240, unit = TimeUnit.SECONDS)
class FleetStateIT {

    static final String USER = "admin";
    static final String PASSWORD = "fleet-admin-secret";
    static final String VIEWER_PASSWORD = "fleet-viewer-secret";
    static final String DB_PASSWORD = "fleet-db-secret-value";
    static final ObjectMapper JSON = new ObjectMapper();
    static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    static final String VALID_HOT = "{\"sensor_id\":\"s1-0001\",\"timestamp\":\"2026-11-30T04:00:00Z\","
            + "\"temperature\":50,\"humidity\":40}";

    static PostgresServer pg;

    @TempDir
    Path tmp;
    private String dbUrl;
    private final List<AutoCloseable> open = new ArrayList<>();

    /** One gateway of the test fleet. */
    record Gateway(String name, GatewayRunner runner, String brokerUrl) {
        HttpResponse<String> call(String method, String path, String body, String ifMatch) {
            return send(runner.httpUrl(), USER, PASSWORD, method, path, body, ifMatch);
        }

        HttpResponse<String> get(String path) {
            return call("GET", path, null, null);
        }
    }

    @BeforeAll
    static void startPostgres() throws Exception {
        pg = PostgresServer.start();
    }

    @AfterAll
    static void stopPostgres() throws Exception {
        pg.close();
    }

    @BeforeEach
    void database() throws Exception {
        dbUrl = createDatabase(pg);
    }

    @AfterEach
    void stopAll() throws Exception {
        for (int i = open.size() - 1; i >= 0; i--) {
            open.get(i).close();
        }
    }

    @Test
    void contractVersionSavedOnOneGatewayIsInForceOnTheOthersWithinTwoSeconds() throws Exception {
        Gateway a = start("gw-a", true);
        Gateway b = start("gw-b", true);
        Gateway c = start("gw-c", true);
        MqttProbe onB = probe(b);
        MqttProbe onC = probe(c);
        // before: 50 °C is within the contract on every gateway
        for (MqttProbe p : List.of(onB, onC)) {
            p.publish("sensors/sensor1", VALID_HOT, 1, "before");
            await().atMost(Duration.ofSeconds(10)).until(() -> verdicts(p, "before").contains("validated"));
        }

        HttpResponse<String> current = a.get("/api/contracts/sensor1");
        String tighter = current.body().replace("\"maximum\": 85", "\"maximum\": 30");
        assertThat(tighter).isNotEqualTo(current.body());
        HttpResponse<String> saved = a.call("PUT", "/api/contracts/sensor1?acceptBreak=true", tighter,
                current.headers().firstValue("ETag").orElseThrow());
        long savedAt = System.nanoTime();
        assertThat(saved.statusCode()).as(saved.body()).isEqualTo(200);

        // after: the same payload is failed on B and on C, within 2 s of A's answer
        AtomicInteger n = new AtomicInteger();
        await().atMost(Duration.ofSeconds(2)).pollInterval(Duration.ofMillis(50)).until(() -> {
            String id = "after-" + n.incrementAndGet();
            onB.publish("sensors/sensor1", VALID_HOT, 1, id);
            onC.publish("sensors/sensor1", VALID_HOT, 1, id);
            return firstFailed(onB) != null && firstFailed(onC) != null;
        });
        long bMillis = TimeUnit.NANOSECONDS.toMillis(firstFailed(onB).nanos() - savedAt);
        long cMillis = TimeUnit.NANOSECONDS.toMillis(firstFailed(onC).nanos() - savedAt);
        System.out.printf("fleet: contract change on gw-a in force on gw-b after %d ms, on gw-c after %d ms%n",
                bMillis, cMillis);
        assertThat(bMillis).isLessThan(2000);
        assertThat(cMillis).isLessThan(2000);
        assertThat(firstFailed(onB).text()).contains("temperature");

        // the history and the audit log are the fleet's, not one gateway's
        JsonNode versions = json(c.get("/api/contracts/sensor1/versions"));
        assertThat(versions.size()).isEqualTo(2);
        assertThat(versions.get(1).path("author").asText()).isEqualTo(USER);
        assertThat(versions.get(1).path("current").asBoolean()).isTrue();
        JsonNode audit = json(c.get("/api/audit?limit=20"));
        assertThat(audit.toString()).contains("\"kind\":\"contract\"", "\"id\":\"sensor1\"", "version 2");
        // every gateway reports the version it applied
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
            JsonNode fleet = json(b.get("/api/fleet"));
            assertThat(fleet.path("shared").asBoolean()).isTrue();
            assertThat(fleet.path("instances").size()).isEqualTo(3);
            for (JsonNode m : fleet.path("instances")) {
                assertThat(m.path("configVersion").asLong()).as(m.toString()).isEqualTo(fleet.path("configVersion").asLong());
                assertThat(m.path("state").asText()).as(m.toString()).isEqualTo("current");
                assertThat(m.path("mappingsRunning").asInt()).as(m.toString()).isEqualTo(2);
            }
        });
    }

    @Test
    void concurrentEditsOfOneMappingOnTwoGatewaysGiveOne200AndOne412() throws Exception {
        Gateway a = start("gw-a", true);
        Gateway b = start("gw-b", true);
        ExecutorService pool = Executors.newFixedThreadPool(2);
        open.add(pool::shutdownNow);
        for (int round = 1; round <= 3; round++) {
            String etag = a.get("/api/mappings/sensor1").headers().firstValue("ETag").orElseThrow();
            await().atMost(Duration.ofSeconds(2)).until(() ->
                    etag.equals(b.get("/api/mappings/sensor1").headers().firstValue("ETag").orElse("")));
            CountDownLatch go = new CountDownLatch(1);
            String bodyA = mapping("{topic}/checked-a" + round);
            String bodyB = mapping("{topic}/checked-b" + round);
            Future<HttpResponse<String>> onA = pool.submit(edit(go, a, bodyA, etag));
            Future<HttpResponse<String>> onB = pool.submit(edit(go, b, bodyB, etag));
            go.countDown();
            HttpResponse<String> ra = onA.get(60, TimeUnit.SECONDS);
            HttpResponse<String> rb = onB.get(60, TimeUnit.SECONDS);

            assertThat(List.of(ra.statusCode(), rb.statusCode())).as(ra.body() + " / " + rb.body())
                    .containsExactlyInAnyOrder(200, 412);
            String winner = (ra.statusCode() == 200 ? "checked-a" : "checked-b") + round;
            System.out.printf("fleet: round %d: gw-a %d, gw-b %d%n", round, ra.statusCode(), rb.statusCode());
            // no lost update: both gateways hold the winner's edit
            for (Gateway g : List.of(a, b)) {
                await().atMost(Duration.ofSeconds(2)).until(() ->
                        json(g.get("/api/mappings/sensor1")).path("validatedTopic").asText().endsWith(winner));
            }
        }
    }

    @Test
    void gatewayStartedWithoutMappingsOrContractsGetsThemFromTheDatabase() throws Exception {
        // the quarantine in the same database: each feature has its own tables and Flyway history
        Map<String, String> quarantineHere = Map.of("quarantine.jdbc-url", dbUrl, "quarantine.user", PostgresServer.USER);
        Gateway a = start("gw-a", true, quarantineHere);
        HttpResponse<String> contract = a.call("PUT", "/api/contracts/fleet-probe",
                "{\"$schema\":\"https://json-schema.org/draft/2020-12/schema\",\"$id\":\"urn:test:fleet-probe\","
                        + "\"type\":\"object\",\"required\":[\"n\"],\"properties\":{\"n\":{\"type\":\"integer\"}}}",
                null);
        assertThat(contract.statusCode()).as(contract.body()).isEqualTo(201);
        HttpResponse<String> mapping = a.call("POST", "/api/mappings",
                "{\"id\":\"fleetprobe\",\"sourceTopic\":\"fleet/probe\",\"contractId\":\"fleet-probe\"}", null);
        assertThat(mapping.statusCode()).as(mapping.body()).isEqualTo(201);

        // a new gateway: the routes folder holds only the template and API routes, the contracts folder nothing
        Path home = tmp.resolve("gw-d");
        Files.createDirectories(home.resolve("schemas"));
        Files.createDirectories(home.resolve("routes"));
        try (Stream<Path> routes = Files.list(Path.of("routes"))) {
            for (Path r : routes.filter(r -> !r.getFileName().toString().startsWith("mapping-")).toList()) {
                Files.copy(r, home.resolve("routes").resolve(r.getFileName()));
            }
        }
        Gateway d = start("gw-d", false, quarantineHere);

        assertThat(home.resolve("routes/mapping-fleetprobe.camel.yaml")).exists();
        assertThat(home.resolve("schemas/fleet-probe.schema.json")).exists();
        JsonNode mappings = json(d.get("/api/mappings"));
        assertThat(mappings.findValuesAsText("id")).containsExactlyInAnyOrder("fleetprobe", "sensor1", "sensor2");
        MqttProbe onD = probe(d, "fleet/probe/validated", "fleet/probe/failed");
        onD.publish("fleet/probe", "{\"n\":1}", 1, "good");
        onD.publish("fleet/probe", "{\"n\":\"one\"}", 1, "bad");
        await().atMost(Duration.ofSeconds(10)).until(() -> verdicts(onD, "good").contains("validated")
                && verdicts(onD, "bad").contains("failed"));
        await().atMost(Duration.ofSeconds(10)).until(() -> count(
                "SELECT count(*) FROM quarantine_message WHERE mapping_id = 'fleetprobe'") == 1);
        assertThat(count("SELECT count(*) FROM information_schema.tables WHERE table_name IN"
                + " ('fleet_schema_history', 'quarantine_schema_history', 'fleet_item', 'quarantine_message')")).isEqualTo(4);

        // the fleet view, readable by a viewer: both gateways current; rows a crashed or lagging gateway leaves
        // behind are flagged
        try (Connection c = DriverManager.getConnection(dbUrl, PostgresServer.USER, "");
             Statement s = c.createStatement()) {
            s.execute("INSERT INTO fleet_instance VALUES ('gw-crashed', 'old', 'h', now() - interval '1 hour',"
                    + " now() - interval '10 minutes', 2, 1, NULL)");
            s.execute("INSERT INTO fleet_instance VALUES ('gw-lagging', 'old', 'h', now() - interval '1 hour',"
                    + " now() + interval '1 hour', 2, 0, 'contract/x: did not load')");
        }
        HttpResponse<String> viewed = send(d.runner().httpUrl(), "viewer", VIEWER_PASSWORD, "GET", "/api/fleet", null,
                null);
        assertThat(viewed.statusCode()).as(viewed.body()).isEqualTo(200);
        Map<String, String> states = new HashMap<>();
        json(viewed).path("instances").forEach(m -> states.put(m.path("id").asText(), m.path("state").asText()));
        assertThat(states).containsExactlyInAnyOrderEntriesOf(Map.of("gw-a", "current", "gw-d", "current",
                "gw-crashed", "silent", "gw-lagging", "behind"));
        assertThat(viewed.body()).doesNotContain(DB_PASSWORD);
    }

    @Test
    void importThenExportRoundTripsTheFiles() throws Exception {
        Path from = tmp.resolve("from");
        GatewayRunner.copyTree(Path.of("routes"), from.resolve("routes"));
        GatewayRunner.copyTree(Path.of("schemas"), from.resolve("schemas"));
        Files.createDirectories(from.resolve("schemas/.versions/sensor1"));
        Files.writeString(from.resolve("schemas/.versions/sensor1/1.schema.json"),
                Files.readString(from.resolve("schemas/sensor1.schema.json")));
        Files.writeString(from.resolve("schemas/.versions/sensor1/index.jsonl"), "{\"version\":1,\"hash\":\"x\","
                + "\"at\":\"2026-11-30T04:00:00Z\",\"author\":\"admin\",\"action\":\"initial\"}\n");
        Files.writeString(from.resolve("schemas/.versions/sensor1/compatibility.json"), "{\"level\": \"FULL\"}\n");
        Files.createDirectories(from.resolve("config"));
        Files.writeString(from.resolve("config/broker.properties"), "mqtt.client-id=only-here\nmqtt.qos=0\n");

        String[] imported = cli("import", "--dir=" + from);
        assertThat(imported[0]).as(imported[1]).startsWith("imported 8 items (8 changed): configuration version 1");
        Path to = tmp.resolve("to");
        String[] exported = cli("export", "--dir=" + to);
        assertThat(exported[0]).as(exported[1]).contains("exported 8 items (8 files written or removed)");

        LocalFiles source = new LocalFiles(from.resolve("routes"), from.resolve("schemas"), from.resolve("config"));
        LocalFiles copy = new LocalFiles(to.resolve("routes"), to.resolve("schemas"), to.resolve("config"));
        assertThat(copy.snapshot()).isEqualTo(source.snapshot());
        for (String f : List.of("routes/mapping-sensor1.camel.yaml", "schemas/sensor2.schema.json",
                "schemas/.versions/sensor1/compatibility.json")) {
            assertThat(Files.readString(to.resolve(f))).as(f).isEqualTo(Files.readString(from.resolve(f)));
        }
        assertThat(Files.readString(to.resolve("config/broker.properties"))).contains("mqtt.qos=0")
                .doesNotContain("only-here");
        // nothing changed since: a second import is no new version
        assertThat(cli("import", "--dir=" + from)[0]).startsWith("imported 8 items (0 changed): configuration version 1");
        String[] usage = cli("sync");
        assertThat(usage[1]).startsWith("usage: StateCli import|export");
    }

    @Test
    void databaseDownRefusesAdminChangesWith503AndTheGatewayKeepsRunning() throws Exception {
        PostgresServer own = PostgresServer.start();
        boolean stopped = false;
        try {
            dbUrl = createDatabase(own);
            Gateway a = start("gw-a", true);
            MqttProbe onA = probe(a);
            HttpResponse<String> current = a.get("/api/contracts/sensor1");
            own.close();
            stopped = true;

            HttpResponse<String> refused = a.call("PUT", "/api/contracts/sensor1?acceptBreak=true",
                    current.body().replace("\"maximum\": 85", "\"maximum\": 30"),
                    current.headers().firstValue("ETag").orElseThrow());
            assertThat(refused.statusCode()).as(refused.body()).isEqualTo(503);
            assertThat(json(refused).path("error").asText()).contains("state.jdbc-url", "not saved")
                    .doesNotContain(DB_PASSWORD);
            // the contract in force is unchanged, and messages are still checked against it
            assertThat(a.get("/api/contracts/sensor1").body()).isEqualTo(current.body());
            onA.publish("sensors/sensor1", VALID_HOT, 1, "while-down");
            await().atMost(Duration.ofSeconds(10)).until(() -> verdicts(onA, "while-down").contains("validated"));
            assertThat(json(a.get("/api/fleet")).path("error").asText()).contains("state.jdbc-url");
        } finally {
            if (!stopped) {
                own.close();
            }
        }
    }

    @Test
    void afterAnOutageTheGatewaysReconnectAndTheNextChangeReachesAll() throws Exception {
        Gateway a = start("gw-a", true);
        Gateway b = start("gw-b", true);
        HttpResponse<String> current = a.get("/api/contracts/sensor1");
        String etag = current.headers().firstValue("ETag").orElseThrow();
        String tighter = current.body().replace("\"maximum\": 85", "\"maximum\": 30");

        // the database refuses every connection to it, and the open ones are cut
        outage(true);
        HttpResponse<String> refused = a.call("PUT", "/api/contracts/sensor1?acceptBreak=true", tighter, etag);
        assertThat(refused.statusCode()).as(refused.body()).isEqualTo(503);
        assertThat(b.get("/api/contracts/sensor1").body()).isEqualTo(current.body());

        outage(false);
        HttpResponse<String> saved = a.call("PUT", "/api/contracts/sensor1?acceptBreak=true", tighter, etag);
        long savedAt = System.nanoTime();
        assertThat(saved.statusCode()).as(saved.body()).isEqualTo(200);
        // B's listening connection was cut: it reconnects within state.check-seconds and catches up
        await().atMost(Duration.ofSeconds(15)).until(() -> b.get("/api/contracts/sensor1").body().equals(tighter));
        System.out.printf("fleet: after the outage, the change on gw-a in force on gw-b after %d ms%n",
                TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - savedAt));
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            JsonNode fleet = json(a.get("/api/fleet"));
            for (JsonNode m : fleet.path("instances")) {
                assertThat(m.path("state").asText()).as(m.toString()).isEqualTo("current");
            }
            assertThat(fleet.path("instances").size()).isEqualTo(2);
        });
    }

    /** Makes the test's database refuse connections (and cuts the open ones), or accept them again. */
    private void outage(boolean on) throws Exception {
        String db = dbUrl.substring(dbUrl.lastIndexOf('/') + 1);
        try (Connection c = DriverManager.getConnection(pg.jdbcUrl(), PostgresServer.USER, "");
             Statement s = c.createStatement()) {
            s.execute("ALTER DATABASE " + db + " ALLOW_CONNECTIONS " + !on);
            if (on) {
                s.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '" + db + "'");
            }
        }
    }

    @Test
    void unreachableDatabaseStopsTheStartNamingTheSetting() throws Exception {
        dbUrl = "jdbc:postgresql://127.0.0.1:" + GatewayRunner.freePort() + "/none";
        Throwable refused = org.assertj.core.api.Assertions.catchThrowable(() -> start("gw-a", true));

        io.contractgate.startup.StartupProblem p = io.contractgate.startup.StartupProblem.in(refused);
        assertThat(p).as(String.valueOf(refused)).isNotNull();
        System.out.println("fleet: refused start: " + p.getMessage());
        assertThat(p.getMessage()).contains("state.jdbc-url").doesNotContain(DB_PASSWORD).doesNotContain("\n");
    }

    /**
     * The admin pages of two gateways in Debian's chromium (web/tests/fleet-e2e.mjs, playwright-core): a mapping
     * switched off on A's page shows disabled on B's within 2 s, and back; both Fleet panels list both gateways.
     * Fails (never skips) when node, chromium or playwright-core is missing, like the other browser tests.
     */
    @Test
    void changeSavedOnOneAdminPageAppearsOnAnotherWithinTwoSeconds() throws Exception {
        assertThat(Path.of("/usr/bin/chromium")).as("Debian's chromium; run scripts/install-test-deps.sh").isExecutable();
        assertThat(Path.of("web/tests/node_modules/playwright-core")).as("playwright-core; run scripts/install-test-deps.sh")
                .isDirectory();
        Gateway a = start("gw-a", true);
        Gateway b = start("gw-b", true);
        Path artifacts = Files.createDirectories(Path.of("target/e2e"));
        Path log = artifacts.resolve("fleet-e2e.log");
        Process p = new ProcessBuilder("node", "web/tests/fleet-e2e.mjs", a.runner().httpUrl(), b.runner().httpUrl(),
                "--admin=" + USER + ":" + PASSWORD, "--artifacts=" + artifacts,
                "--screenshots=" + artifacts.resolve("screenshots"))
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        if (!p.waitFor(5, TimeUnit.MINUTES)) {
            p.destroyForcibly();
        }
        String out = Files.readString(log);
        System.out.println(out);
        assertThat(p.isAlive()).as("fleet-e2e.mjs did not finish within 5 minutes:\n" + out).isFalse();
        assertThat(p.exitValue()).as("web/tests/fleet-e2e.mjs exit code; its output:\n" + out).isZero();
        assertThat(out).contains("all 5 steps passed");
    }

    // ------------------------------------------------------------------ helpers

    private Gateway start(String name, boolean copyProject) throws Exception {
        return start(name, copyProject, Map.of());
    }

    private Gateway start(String name, boolean copyProject, Map<String, String> extra) throws Exception {
        Path home = tmp.resolve(name);
        Path brokerDir = Files.createDirectories(home.resolve("mosquitto"));
        int port = GatewayRunner.freePort();
        Mosquitto broker = Mosquitto.start(brokerDir, "listener " + port + " 127.0.0.1\nallow_anonymous true\n"
                + "persistence false\n", port);
        open.add(broker);
        String brokerUrl = "tcp://127.0.0.1:" + port;
        Map<String, String> props = new HashMap<>(Map.ofEntries(
                Map.entry("mqtt.broker.url", brokerUrl),
                Map.entry("admin.username", USER),
                Map.entry("admin.password", PASSWORD),
                Map.entry("admin.viewer-password", VIEWER_PASSWORD),
                Map.entry("admin.config-dir", home.resolve("config").toString()),
                Map.entry("camel.server.host", "127.0.0.1"),
                Map.entry("state.jdbc-url", dbUrl),
                Map.entry("state.user", PostgresServer.USER),
                Map.entry("state.password", DB_PASSWORD), // trust authentication: checked only for never showing
                Map.entry("state.instance-id", name),
                Map.entry("state.heartbeat-seconds", "1")));
        props.putAll(extra);
        GatewayRunner runner = copyProject ? GatewayRunner.start(home, props) : GatewayRunner.startIn(home, props);
        open.add(runner);
        return new Gateway(name, runner, brokerUrl);
    }

    private MqttProbe probe(Gateway g, String... topics) throws Exception {
        MqttProbe p = new MqttProbe(g.brokerUrl(), topics.length == 0
                ? new String[]{"sensors/sensor1/validated", "sensors/sensor1/failed"} : topics);
        open.add(p);
        return p;
    }

    private static Callable<HttpResponse<String>> edit(CountDownLatch go, Gateway g, String body, String etag) {
        return () -> {
            go.await();
            return g.call("PUT", "/api/mappings/sensor1", body, etag);
        };
    }

    private static String mapping(String validatedTopic) {
        return "{\"sourceTopic\":\"sensors/sensor1\",\"contractId\":\"sensor1\",\"validatedTopic\":\"" + validatedTopic
                + "\",\"failedTopic\":\"{topic}/failed\",\"sensorIdField\":\"sensor_id\",\"enabled\":true}";
    }

    /** The output topics' last segment ("validated", "failed") of what arrived for one case. */
    private static List<String> verdicts(MqttProbe p, String caseId) {
        return p.forCase(caseId).stream().map(r -> r.topic().substring(r.topic().lastIndexOf('/') + 1)).toList();
    }

    private static MqttProbe.Received firstFailed(MqttProbe p) {
        return p.on("sensors/sensor1/failed").stream()
                .filter(r -> r.userProperty("case") != null && r.userProperty("case").startsWith("after-"))
                .findFirst().orElse(null);
    }

    private String[] cli(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        String[] all = Stream.concat(Stream.of(args), args[0].equals("sync") ? Stream.empty()
                : Stream.of("--state.jdbc-url=" + dbUrl, "--state.user=" + PostgresServer.USER)).toArray(String[]::new);
        StateCli.run(all, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), Map.of());
        return new String[]{out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8)};
    }

    private long count(String sql) throws Exception {
        try (Connection c = DriverManager.getConnection(dbUrl, PostgresServer.USER, "");
             Statement s = c.createStatement(); java.sql.ResultSet r = s.executeQuery(sql)) {
            r.next();
            return r.getLong(1);
        }
    }

    private static String createDatabase(PostgresServer server) throws Exception {
        return server.createDatabase("fleet");
    }

    static HttpResponse<String> send(String base, String user, String password, String method, String path,
                                     String body, String ifMatch) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(60))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8))
                .header("Content-Type", "application/json")
                .header("Authorization", "Basic " + Base64.getEncoder().encodeToString(
                        (user + ":" + password).getBytes(StandardCharsets.UTF_8)));
        if (ifMatch != null) {
            b.header("If-Match", ifMatch);
        }
        try {
            return CLIENT.send(b.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    static JsonNode json(HttpResponse<String> r) {
        try {
            return JSON.readTree(r.body());
        } catch (IOException e) {
            throw new AssertionError("not JSON (" + r.statusCode() + "): " + r.body(), e);
        }
    }
}
