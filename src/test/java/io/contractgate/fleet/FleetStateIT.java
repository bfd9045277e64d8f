package io.contractgate.fleet;

import com.fasterxml.jackson.databind.JsonNode;
import io.contractgate.testing.AdminHttp;
import io.contractgate.testing.GatewayProcess;
import io.contractgate.testing.GatewayRunner;
import io.contractgate.testing.Mosquitto;
import io.contractgate.testing.MqttProbe;
import io.contractgate.testing.PostgresServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
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

import static io.contractgate.testing.AdminHttp.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The fleet's shared state with real parts, run as users run a fleet: one PostgreSQL (Debian's package,
 * {@link PostgresServer}), one Mosquitto (Debian's package) and three gateway JVMs ({@link GatewayProcess}: gw-a,
 * gw-b, gw-c, started once for the class) with {@code state.jdbc-url} on one database and {@code mqtt.shared-group}
 * on one broker, so each message is checked by one member (Mosquitto: round robin). Which member gave a verdict is
 * read from that member's own {@code mqtt_messages_total} (its /metrics); the outputs are read on the broker.
 *
 * <p>The tests on the three-JVM fleet run in order (each uses its own objects, the broker settings change comes
 * last); the ones about database outages and refused starts use their own database, gateways and broker.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@Timeout(value = 240, unit = TimeUnit.SECONDS)
class FleetStateIT {

    static final String USER = "admin";
    static final String PASSWORD = "fleet-admin-secret";
    static final String VIEWER_PASSWORD = "fleet-viewer-secret";
    static final String DB_PASSWORD = "fleet-db-secret-value";
    static final String MQTT_SECRET = "fleet-mqtt-secret-value";
    static final Duration IN_FORCE = Duration.ofSeconds(2);
    static final Duration START = Duration.ofSeconds(150);
    static final String VALID_HOT = "{\"sensor_id\":\"s1-0001\",\"timestamp\":\"2026-11-30T04:00:00Z\","
            + "\"temperature\":50,\"humidity\":40}";
    static final String SENSOR2_OK = "{\"sensor_id\":\"s2-1\",\"pressure\":1000,\"status\":\"ok\"}";
    static final String SENSOR2_BAD = "{\"sensor_id\":\"s2-1\",\"pressure\":2000,\"status\":\"ok\"}";

    @TempDir
    static Path tmp;
    private PostgresServer pg;
    /** The fleet's broker port ("fleet") and the one for the tests with their own database ("solo"). */
    private final Map<String, Integer> brokers = new LinkedHashMap<>();
    private String fleetDb;
    private Gateway a;
    private Gateway b;
    private Gateway c;
    private final List<AutoCloseable> fleetOpen = new ArrayList<>();
    private final List<AutoCloseable> open = new ArrayList<>();

    /** One gateway JVM of the test fleet, its broker and its admin API. */
    record Gateway(String name, GatewayProcess process, String brokerUrl, AdminHttp admin) {
        HttpResponse<String> get(String path) {
            return admin.get(path);
        }

        String httpUrl() {
            return process.httpUrl();
        }
    }

    @BeforeAll
    void startFleet() throws Exception {
        pg = PostgresServer.start();
        for (String name : List.of("fleet", "solo")) {
            int port = GatewayRunner.freePort();
            fleetOpen.add(Mosquitto.start(Files.createDirectories(tmp.resolve("mosquitto-" + name)), "listener " + port
                    + " 127.0.0.1\nallow_anonymous true\npersistence false\n", port));
            brokers.put(name, port);
        }
        fleetDb = pg.createDatabase("fleet");
        List<Gateway> fleet = new ArrayList<>();
        for (String name : List.of("gw-a", "gw-b", "gw-c")) {
            fleet.add(launch(name, "fleet", fleetDb, true, Map.of(), fleetOpen)); // the three boot side by side
        }
        for (Gateway g : fleet) {
            g.process().awaitReady(START);
        }
        a = fleet.get(0);
        b = fleet.get(1);
        c = fleet.get(2);
    }

    @AfterEach
    void stopTestGateways() throws Exception {
        closeAll(open);
    }

    @AfterAll
    void stopFleet() throws Exception {
        try {
            closeAll(fleetOpen);
        } finally {
            pg.close();
        }
    }

    @Test
    @Order(1)
    void contractVersionSavedOnOneGatewayIsInForceOnTheOthersWithinTwoSeconds() throws Exception {
        MqttProbe probe = probe(a, open, "sensors/sensor1/validated", "sensors/sensor1/failed");
        // before: 50 °C is within the contract on every member
        for (int i = 0; i < 3; i++) {
            probe.publish("sensors/sensor1", VALID_HOT, 1, "before-" + i);
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> probe.on("sensors/sensor1/validated").size() == 3);
        assertThat(probe.on("sensors/sensor1/failed")).isEmpty();

        HttpResponse<String> current = a.get("/api/contracts/sensor1");
        String tighter = current.body().replace("\"maximum\": 85", "\"maximum\": 30");
        assertThat(tighter).isNotEqualTo(current.body());
        HttpResponse<String> saved = a.admin().put("/api/contracts/sensor1?acceptBreak=true", tighter,
                current.headers().firstValue("ETag").orElseThrow());
        long savedAt = System.nanoTime();
        assertThat(saved.statusCode()).as(saved.body()).isEqualTo(200);

        // after: the same payload is failed by B and by C (each member's own count), within 2 s of A's answer
        Map<Gateway, Long> inForce = new LinkedHashMap<>();
        AtomicInteger n = new AtomicInteger();
        await().atMost(IN_FORCE).pollInterval(Duration.ofMillis(50)).until(() -> {
            for (int i = 0; i < 3; i++) { // the broker hands three in a row to the three members
                probe.publish("sensors/sensor1", VALID_HOT, 1, "after-" + n.incrementAndGet());
            }
            for (Gateway g : List.of(b, c)) {
                if (!inForce.containsKey(g) && failed(g, "sensor1") > 0) {
                    inForce.put(g, TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - savedAt));
                }
            }
            return inForce.size() == 2;
        });
        System.out.printf("fleet: contract change on gw-a in force on gw-b after %d ms, on gw-c after %d ms%n",
                inForce.get(b), inForce.get(c));
        // from now on every member fails it: nine in a row (three each) all come out on /failed, reporting the field
        assertThat(nineFailedByBAndC(probe, "sensor1", VALID_HOT)).allSatisfy(r -> {
            assertThat(r.topic()).isEqualTo("sensors/sensor1/failed");
            assertThat(r.text()).contains("temperature");
        });

        // the history and the audit log are the fleet's, not one gateway's
        JsonNode versions = json(c.get("/api/contracts/sensor1/versions"));
        assertThat(versions.size()).isEqualTo(2);
        assertThat(versions.get(1).path("author").asText()).isEqualTo(USER);
        assertThat(versions.get(1).path("current").asBoolean()).isTrue();
        JsonNode audit = json(c.get("/api/audit?limit=20"));
        assertThat(audit.toString()).contains("\"kind\":\"contract\"", "\"id\":\"sensor1\"", "version 2");
        // every gateway reports the version it applied and runs every mapping
        int mappings = json(a.get("/api/mappings")).size();
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
            JsonNode fleet = json(b.get("/api/fleet"));
            assertThat(fleet.path("shared").asBoolean()).isTrue();
            Map<String, JsonNode> members = members(fleet);
            assertThat(members).containsOnlyKeys("gw-a", "gw-b", "gw-c");
            for (JsonNode m : members.values()) {
                assertThat(m.path("configVersion").asLong()).as(m.toString())
                        .isEqualTo(fleet.path("configVersion").asLong());
                assertThat(m.path("state").asText()).as(m.toString()).isEqualTo("current");
                assertThat(m.path("mappingsRunning").asInt()).as(m.toString()).isEqualTo(mappings);
            }
        });
    }

    @Test
    @Order(2)
    void mappingCreatedOnOneGatewayIsConsumedByTheOthersAndStopsWhenDeleted() throws Exception {
        String input = "fleet/live";
        MqttProbe probe = probe(a, open, input + "/validated", input + "/failed");
        HttpResponse<String> created = a.admin().post("/api/mappings",
                "{\"id\":\"live\",\"sourceTopic\":\"" + input + "\",\"contractId\":\"sensor2\"}");
        long createdAt = System.nanoTime();
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);

        // B and C subscribe to the new topic and check what arrives there, within 2 s of A's answer
        Map<Gateway, Long> consuming = new LinkedHashMap<>();
        AtomicInteger n = new AtomicInteger();
        await().atMost(IN_FORCE).pollInterval(Duration.ofMillis(50)).until(() -> {
            for (int i = 0; i < 3; i++) {
                probe.publish(input, SENSOR2_OK, 1, "live-" + n.incrementAndGet());
            }
            for (Gateway g : List.of(b, c)) {
                if (!consuming.containsKey(g) && g.process().counter("mqtt_messages_total", "mapping", "live") > 0) {
                    consuming.put(g, TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - createdAt));
                }
            }
            return consuming.size() == 2;
        });
        System.out.printf("fleet: mapping created on gw-a consumed by gw-b after %d ms, by gw-c after %d ms%n",
                consuming.get(b), consuming.get(c));
        await().atMost(Duration.ofSeconds(10)).until(() -> !probe.on(input + "/validated").isEmpty());
        assertThat(probe.on(input + "/failed")).isEmpty();

        HttpResponse<String> deleted = a.admin().delete("/api/mappings/live");
        long deletedAt = System.nanoTime();
        assertThat(deleted.statusCode()).as(deleted.body()).isBetween(200, 204);
        // within 2 s B and C no longer have it ...
        await().atMost(IN_FORCE).pollInterval(Duration.ofMillis(50)).until(() ->
                Stream.of(b, c).allMatch(g -> g.get("/api/mappings/live").statusCode() == 404));
        System.out.printf("fleet: mapping deleted on gw-a gone from gw-b and gw-c after %d ms%n",
                TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - deletedAt));
        // ... and no member consumes its topic: what is published now is checked by none
        for (int i = 0; i < 3; i++) {
            probe.publish(input, SENSOR2_OK, 1, "after-delete-" + i);
        }
        await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(3)).until(() -> probe.received().stream()
                .noneMatch(r -> String.valueOf(r.userProperty("case")).startsWith("after-delete-")));
        for (Gateway g : List.of(a, b, c)) {
            assertThat(json(g.get("/api/mappings")).findValuesAsText("id")).as(g.name()).doesNotContain("live");
        }
    }

    @Test
    @Order(3)
    void compatibilityLevelSetOnOneGatewayGovernsTheCheckOnTheOthersWithinTwoSeconds() throws Exception {
        // a wider pressure range: backward compatible (every old message still valid), not forward compatible
        String current = b.get("/api/contracts/sensor2").body();
        String wider = current.replace("\"maximum\": 1085", "\"maximum\": 1200");
        assertThat(wider).isNotEqualTo(current);
        for (Gateway g : List.of(b, c)) {
            JsonNode check = json(g.admin().post("/api/contracts/sensor2/compatibility/check", wider));
            assertThat(check.path("level").asText()).isEqualTo("BACKWARD");
            assertThat(check.path("compatible").asBoolean()).as(check.toString()).isTrue();
        }

        HttpResponse<String> set = a.admin().put("/api/contracts/sensor2/compatibility", "{\"level\": \"FULL\"}");
        long setAt = System.nanoTime();
        assertThat(set.statusCode()).as(set.body()).isEqualTo(200);

        await().atMost(IN_FORCE).pollInterval(Duration.ofMillis(50)).until(() -> Stream.of(b, c).allMatch(g -> {
            JsonNode check = json(g.admin().post("/api/contracts/sensor2/compatibility/check", wider));
            return check.path("level").asText().equals("FULL") && !check.path("compatible").asBoolean();
        }));
        System.out.printf("fleet: compatibility level set on gw-a in force on gw-b and gw-c after %d ms%n",
                TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - setAt));
        // the save on B is refused as the new level refuses it, naming the reason; nothing changes in the fleet
        HttpResponse<String> refused = b.admin().put("/api/contracts/sensor2", wider);
        assertThat(refused.statusCode()).as(refused.body()).isEqualTo(409);
        assertThat(json(refused).path("error").asText()).contains("FULL");
        assertThat(json(refused).path("reasons").size()).isPositive();
        assertThat(json(c.get("/api/contracts/sensor2/compatibility")).path("level").asText()).isEqualTo("FULL");
        assertThat(c.get("/api/contracts/sensor2").body()).isEqualTo(current);
    }

    @Test
    @Order(4)
    void concurrentEditsOfOneMappingOnTwoGatewaysGiveOne200AndOne412() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(2);
        open.add(pool::shutdownNow);
        for (int round = 1; round <= 3; round++) {
            String etag = a.get("/api/mappings/sensor2").headers().firstValue("ETag").orElseThrow();
            await().atMost(IN_FORCE).until(() ->
                    etag.equals(b.get("/api/mappings/sensor2").headers().firstValue("ETag").orElse("")));
            CountDownLatch go = new CountDownLatch(1);
            Future<HttpResponse<String>> onA = pool.submit(edit(go, a, mapping("{topic}/checked-a" + round), etag));
            Future<HttpResponse<String>> onB = pool.submit(edit(go, b, mapping("{topic}/checked-b" + round), etag));
            go.countDown();
            HttpResponse<String> ra = onA.get(60, TimeUnit.SECONDS);
            HttpResponse<String> rb = onB.get(60, TimeUnit.SECONDS);

            assertThat(List.of(ra.statusCode(), rb.statusCode())).as(ra.body() + " / " + rb.body())
                    .containsExactlyInAnyOrder(200, 412);
            String winner = (ra.statusCode() == 200 ? "checked-a" : "checked-b") + round;
            System.out.printf("fleet: round %d: gw-a %d, gw-b %d%n", round, ra.statusCode(), rb.statusCode());
            // no lost update: every gateway holds the winner's edit
            for (Gateway g : List.of(a, b, c)) {
                await().atMost(IN_FORCE).until(() ->
                        json(g.get("/api/mappings/sensor2")).path("validatedTopic").asText().endsWith(winner));
            }
        }
    }

    @Test
    @Order(5)
    void gatewayStartedWithoutMappingsOrContractsGetsThemFromTheDatabase() throws Exception {
        HttpResponse<String> contract = a.admin().put("/api/contracts/fleet-probe",
                "{\"$schema\":\"https://json-schema.org/draft/2020-12/schema\",\"$id\":\"urn:test:fleet-probe\","
                        + "\"type\":\"object\",\"required\":[\"n\"],\"properties\":{\"n\":{\"type\":\"integer\"}}}");
        assertThat(contract.statusCode()).as(contract.body()).isEqualTo(201);
        HttpResponse<String> mapping = a.admin().post("/api/mappings",
                "{\"id\":\"fleetprobe\",\"sourceTopic\":\"fleet/probe\",\"contractId\":\"fleet-probe\"}");
        assertThat(mapping.statusCode()).as(mapping.body()).isEqualTo(201);

        // a new gateway JVM with what the gateway ships besides the configuration: application.properties and the
        // template and API routes; no mapping file, no contracts folder at all. Its quarantine in the same database
        Path home = Files.createDirectories(tmp.resolve("gw-d"));
        Files.createDirectories(home.resolve("routes"));
        Files.copy(Path.of("application.properties"), home.resolve("application.properties"));
        try (Stream<Path> routes = Files.list(Path.of("routes"))) {
            for (Path r : routes.filter(r -> !r.getFileName().toString().startsWith("mapping-")).toList()) {
                Files.copy(r, home.resolve("routes").resolve(r.getFileName()));
            }
        }
        // clean sessions: when it stops, the broker gives its share back to the others at once
        Gateway d = launch("gw-d", "fleet", fleetDb, false, Map.of("quarantine.jdbc-url", fleetDb,
                "quarantine.user", PostgresServer.USER, "mqtt.clean-start", "true", "mqtt.session-expiry", "0"), open);
        d.process().awaitReady(START);

        assertThat(home.resolve("routes/mapping-fleetprobe.camel.yaml")).exists();
        assertThat(home.resolve("schemas/fleet-probe.schema.json")).exists();
        assertThat(json(d.get("/api/mappings")).findValuesAsText("id"))
                .containsExactlyInAnyOrderElementsOf(json(a.get("/api/mappings")).findValuesAsText("id"))
                .contains("fleetprobe");
        assertThat(d.get("/api/contracts/sensor1").body()).isEqualTo(a.get("/api/contracts/sensor1").body());
        // D checks its share of the messages with them (four members now, in turn; every third message is bad, so
        // each member gets good and bad ones)
        MqttProbe probe = probe(d, open, "fleet/probe/validated", "fleet/probe/failed");
        AtomicInteger n = new AtomicInteger();
        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(50)).until(() -> {
            int i = n.incrementAndGet();
            probe.publish("fleet/probe", i % 3 == 0 ? "{\"n\":\"one\"}" : "{\"n\":1}", 1, "probe-" + i);
            return failed(d, "fleetprobe") > 0
                    && d.process().counter("mqtt_messages_total", "mapping", "fleetprobe", "status", "validated") > 0;
        });
        for (int i = 1; i <= n.get(); i++) {
            String id = "probe-" + i;
            List<String> expected = List.of(i % 3 == 0 ? "failed" : "validated");
            await().atMost(Duration.ofSeconds(10)).until(() -> verdicts(probe, id).equals(expected));
        }
        // only D has a quarantine: it holds exactly what D failed
        await().atMost(Duration.ofSeconds(10)).until(() -> count(fleetDb,
                "SELECT count(*) FROM quarantine_message WHERE mapping_id = 'fleetprobe'") == failed(d, "fleetprobe"));
        assertThat(count(fleetDb, "SELECT count(*) FROM information_schema.tables WHERE table_name IN"
                + " ('fleet_schema_history', 'quarantine_schema_history', 'fleet_item', 'quarantine_message')"))
                .isEqualTo(4);

        // the fleet view, readable by a viewer: the gateways current; rows a crashed or lagging gateway leaves
        // behind are flagged
        try {
            sql(fleetDb, "INSERT INTO fleet_instance VALUES ('gw-crashed', 'old', 'h', now() - interval '1 hour',"
                    + " now() - interval '10 minutes', 2, 1, NULL)");
            sql(fleetDb, "INSERT INTO fleet_instance VALUES ('gw-lagging', 'old', 'h', now() - interval '1 hour',"
                    + " now() + interval '1 hour', 2, 0, 'contract/x: did not load')");
            HttpResponse<String> viewed = new AdminHttp(d.httpUrl(), "viewer", VIEWER_PASSWORD).get("/api/fleet");
            assertThat(viewed.statusCode()).as(viewed.body()).isEqualTo(200);
            Map<String, String> states = new HashMap<>();
            members(json(viewed)).forEach((id, m) -> states.put(id, m.path("state").asText()));
            assertThat(states).containsExactlyInAnyOrderEntriesOf(Map.of("gw-a", "current", "gw-b", "current",
                    "gw-c", "current", "gw-d", "current", "gw-crashed", "silent", "gw-lagging", "behind"));
            assertThat(viewed.body()).doesNotContain(DB_PASSWORD);
        } finally {
            sql(fleetDb, "DELETE FROM fleet_instance WHERE instance_id IN ('gw-crashed', 'gw-lagging')");
        }
        // a gateway that stops in order leaves the fleet view
        d.process().stop(Duration.ofSeconds(30));
        await().atMost(Duration.ofSeconds(5)).until(() -> !members(json(a.get("/api/fleet"))).containsKey("gw-d"));
    }

    /**
     * The admin pages of gateways A and B in Debian's chromium (web/tests/fleet-e2e.mjs, playwright-core): a mapping
     * switched off on A's page shows disabled on B's within 2 s, and back; both Fleet panels list both gateways.
     * Fails (never skips) when node, chromium or playwright-core is missing, like the other browser tests.
     */
    @Test
    @Order(6)
    void changeSavedOnOneAdminPageAppearsOnAnotherWithinTwoSeconds() throws Exception {
        assertThat(Path.of("/usr/bin/chromium")).as("Debian's chromium; run scripts/install-test-deps.sh").isExecutable();
        assertThat(Path.of("web/tests/node_modules/playwright-core")).as("playwright-core; run scripts/install-test-deps.sh")
                .isDirectory();
        long version = json(a.get("/api/fleet")).path("configVersion").asLong();
        Path artifacts = Files.createDirectories(Path.of("target/e2e"));
        Path log = artifacts.resolve("fleet-e2e.log");
        Process p = new ProcessBuilder("node", "web/tests/fleet-e2e.mjs", a.httpUrl(), b.httpUrl(),
                "--admin=" + USER + ":" + PASSWORD, "--start-version=" + version, "--artifacts=" + artifacts,
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

    /** Last on the fleet: from here on every gateway subscribes at QoS 0. */
    @Test
    @Order(7)
    void brokerSettingsChangedOnOneGatewayReachTheOthersWithinTwoSecondsSecretsMasked() throws Exception {
        MqttProbe probe = probe(a, open, "sensors/sensor2/failed");
        for (int i = 0; i < 3; i++) {
            probe.publish("sensors/sensor2", SENSOR2_BAD, 1, "qos-before-" + i);
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> probe.received().size() == 3);
        assertThat(probe.received()).as("a QoS 1 input comes out at QoS 1").allMatch(r -> r.qos() == 1);

        HttpResponse<String> changed = a.admin().put("/api/broker", "{\"mqtt.qos\": 0, \"mqtt.username\":"
                + " \"fleet-user\", \"mqtt.password\": \"" + MQTT_SECRET + "\"}");
        long changedAt = System.nanoTime();
        assertThat(changed.statusCode()).as(changed.body()).isEqualTo(200);

        // B and C answer with the new settings, the password masked ...
        await().atMost(IN_FORCE).pollInterval(Duration.ofMillis(50)).until(() -> Stream.of(b, c).allMatch(g -> {
            JsonNode s = json(g.get("/api/broker"));
            return s.path("mqtt.qos").asText().equals("0") && s.path("mqtt.username").asText().equals("fleet-user");
        }));
        System.out.printf("fleet: broker settings changed on gw-a shown by gw-b and gw-c after %d ms%n",
                TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - changedAt));
        // ... and subscribe with them: three QoS 1 inputs in a row (one to each member) all come out at QoS 0. A
        // broker change reconnects every MQTT route of a gateway (outputs, then each mapping): the bound is 2 s for
        // the change to arrive plus the time that same reconnect took on A
        long reconnectMillis = json(changed).path("reloadMillis").asLong();
        AtomicInteger n = new AtomicInteger();
        await().atMost(IN_FORCE.plusMillis(reconnectMillis)).pollInterval(Duration.ofMillis(50)).until(() -> {
            List<String> burst = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                burst.add("qos-after-" + n.incrementAndGet());
                probe.publish("sensors/sensor2", SENSOR2_BAD, 1, burst.get(i));
            }
            await().atMost(Duration.ofSeconds(5)).until(() -> burst.stream().noneMatch(id -> probe.forCase(id).isEmpty()));
            return burst.stream().allMatch(id -> probe.forCase(id).get(0).qos() == 0);
        });
        System.out.printf("fleet: broker settings changed on gw-a (its own reconnect: %d ms) in force on gw-b and"
                + " gw-c after %d ms%n", reconnectMillis, TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - changedAt));
        // every member's outputs: nine in a row, three to each, all at QoS 0, B and C among them
        assertThat(nineFailedByBAndC(probe, "sensor2", SENSOR2_BAD)).allMatch(r -> r.qos() == 0);
        for (Gateway g : List.of(b, c)) {
            HttpResponse<String> shown = g.get("/api/broker");
            assertThat(json(shown).path("mqtt.password").asText()).isEqualTo("********");
            assertThat(shown.body()).doesNotContain(MQTT_SECRET);
            assertThat(json(g.get("/api/audit?limit=5")).toString()).contains("\"kind\":\"broker\"")
                    .doesNotContain(MQTT_SECRET);
            assertThat(g.process().log()).doesNotContain(MQTT_SECRET).doesNotContain(DB_PASSWORD);
        }
    }

    // ------------------------------------------------------------------ each with its own database and gateways

    @Test
    void importThenExportRoundTripsTheFiles() throws Exception {
        String dbUrl = pg.createDatabase("cli");
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

        String[] imported = cli(dbUrl, "import", "--dir=" + from);
        assertThat(imported[0]).as(imported[1]).startsWith("imported 8 items (8 changed): configuration version 1");
        Path to = tmp.resolve("to");
        String[] exported = cli(dbUrl, "export", "--dir=" + to);
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
        assertThat(cli(dbUrl, "import", "--dir=" + from)[0])
                .startsWith("imported 8 items (0 changed): configuration version 1");
        String[] usage = cli(dbUrl, "sync");
        assertThat(usage[1]).startsWith("usage: StateCli import|export");
        // a database that cannot be reached: one line naming the settings, not a stack trace
        String[] unreachable = cli("jdbc:postgresql://127.0.0.1:" + GatewayRunner.freePort() + "/none", "export",
                "--dir=" + to, "--state.timeout-ms=1000");
        assertThat(unreachable[1]).startsWith("export failed: cannot open the shared state database")
                .contains("state.jdbc-url").doesNotContain("\tat ");
    }

    @Test
    void databaseDownRefusesAdminChangesWith503AndTheGatewayKeepsRunning() throws Exception {
        PostgresServer own = PostgresServer.start();
        boolean stopped = false;
        try {
            Gateway g = launch("down-a", "solo", own.createDatabase("down"), true, Map.of(), open);
            g.process().awaitReady(START);
            MqttProbe onG = probe(g, open, "sensors/sensor1/validated", "sensors/sensor1/failed");
            HttpResponse<String> current = g.get("/api/contracts/sensor1");
            own.close();
            stopped = true;

            HttpResponse<String> refused = g.admin().put("/api/contracts/sensor1?acceptBreak=true",
                    current.body().replace("\"maximum\": 85", "\"maximum\": 30"),
                    current.headers().firstValue("ETag").orElseThrow());
            assertThat(refused.statusCode()).as(refused.body()).isEqualTo(503);
            assertThat(json(refused).path("error").asText()).contains("state.jdbc-url", "not saved")
                    .doesNotContain(DB_PASSWORD);
            // the contract in force is unchanged, and messages are still checked against it
            assertThat(g.get("/api/contracts/sensor1").body()).isEqualTo(current.body());
            onG.publish("sensors/sensor1", VALID_HOT, 1, "while-down");
            await().atMost(Duration.ofSeconds(10)).until(() -> verdicts(onG, "while-down").contains("validated"));
            assertThat(json(g.get("/api/fleet")).path("error").asText()).contains("state.jdbc-url");
        } finally {
            if (!stopped) {
                own.close();
            }
        }
    }

    @Test
    void afterAnOutageTheGatewaysReconnectAndTheNextChangeReachesAll() throws Exception {
        String dbUrl = pg.createDatabase("outage");
        Gateway g1 = launch("outage-a", "solo", dbUrl, true, Map.of(), open);
        Gateway g2 = launch("outage-b", "solo", dbUrl, true, Map.of(), open);
        g1.process().awaitReady(START);
        g2.process().awaitReady(START);
        HttpResponse<String> current = g1.get("/api/contracts/sensor1");
        String etag = current.headers().firstValue("ETag").orElseThrow();
        String tighter = current.body().replace("\"maximum\": 85", "\"maximum\": 30");

        // the database refuses every connection to it, and the open ones are cut
        outage(dbUrl, true);
        HttpResponse<String> refused = g1.admin().put("/api/contracts/sensor1?acceptBreak=true", tighter, etag);
        assertThat(refused.statusCode()).as(refused.body()).isEqualTo(503);
        assertThat(g2.get("/api/contracts/sensor1").body()).isEqualTo(current.body());

        outage(dbUrl, false);
        HttpResponse<String> saved = g1.admin().put("/api/contracts/sensor1?acceptBreak=true", tighter, etag);
        long savedAt = System.nanoTime();
        assertThat(saved.statusCode()).as(saved.body()).isEqualTo(200);
        // B's listening connection was cut: it reconnects within state.check-seconds and catches up
        await().atMost(Duration.ofSeconds(15)).until(() -> g2.get("/api/contracts/sensor1").body().equals(tighter));
        System.out.printf("fleet: after the outage, the change on outage-a in force on outage-b after %d ms%n",
                TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - savedAt));
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            Map<String, JsonNode> members = members(json(g1.get("/api/fleet")));
            assertThat(members).containsOnlyKeys("outage-a", "outage-b");
            members.values().forEach(m -> assertThat(m.path("state").asText()).as(m.toString()).isEqualTo("current"));
        });
    }

    @Test
    void unreachableDatabaseStopsTheStartNamingTheSetting() throws Exception {
        Gateway g = launch("refused-a", "solo", "jdbc:postgresql://127.0.0.1:" + GatewayRunner.freePort() + "/none", true,
                Map.of(), open);
        assertThat(g.process().awaitExit(START)).as(g.process().log()).isEqualTo(1);
        String log = g.process().log();
        String line = log.lines().filter(l -> l.startsWith("contract-gateway did not start: ")).findFirst()
                .orElseThrow(() -> new AssertionError("no 'did not start' line:\n" + log));
        System.out.println("fleet: refused start: " + line);
        assertThat(line).contains("state.jdbc-url");
        assertThat(log).doesNotContain(DB_PASSWORD);
    }

    // ------------------------------------------------------------------ helpers

    /**
     * Starts (does not wait for) a gateway JVM named {@code name} (its client id and fleet id) on the broker
     * {@code broker} ("fleet": as a member of the shared group), with {@code state.jdbc-url=dbUrl}; on a copy of the
     * project's files, or on what its home holds.
     */
    private Gateway launch(String name, String broker, String dbUrl, boolean copyProject, Map<String, String> extra,
                           List<AutoCloseable> owner) throws Exception {
        Path home = Files.createDirectories(tmp.resolve(name));
        Map<String, String> props = new HashMap<>(Map.ofEntries(
                Map.entry("mqtt.client-id", name),
                Map.entry("admin.username", USER),
                Map.entry("admin.password", PASSWORD),
                Map.entry("admin.viewer-password", VIEWER_PASSWORD),
                Map.entry("admin.config-dir", home.resolve("config").toString()),
                Map.entry("quarantine.data-dir", home.resolve("data/quarantine").toString()),
                Map.entry("state.jdbc-url", dbUrl),
                Map.entry("state.user", PostgresServer.USER),
                Map.entry("state.password", DB_PASSWORD), // trust authentication: checked only for never showing
                Map.entry("state.instance-id", name),
                Map.entry("state.heartbeat-seconds", "1")));
        String brokerUrl = "tcp://127.0.0.1:" + brokers.get(broker);
        props.put("mqtt.broker.url", brokerUrl);
        if (broker.equals("fleet")) {
            props.put("mqtt.shared-group", "fleet");
        }
        props.putAll(extra);
        GatewayProcess process = copyProject ? new GatewayProcess(home, props) : GatewayProcess.in(home, props);
        owner.add(process);
        process.start();
        return new Gateway(name, process, brokerUrl, new AdminHttp(process.httpUrl(), USER, PASSWORD));
    }

    private static MqttProbe probe(Gateway g, List<AutoCloseable> owner, String... topics) throws Exception {
        MqttProbe p = new MqttProbe(g.brokerUrl(), topics);
        owner.add(p);
        return p;
    }

    private static void closeAll(List<AutoCloseable> resources) throws Exception {
        for (int i = resources.size() - 1; i >= 0; i--) {
            resources.get(i).close();
        }
        resources.clear();
    }

    private static Callable<HttpResponse<String>> edit(CountDownLatch go, Gateway g, String body, String etag) {
        return () -> {
            go.await();
            return g.admin().put("/api/mappings/sensor2", body, etag);
        };
    }

    private static String mapping(String validatedTopic) {
        return "{\"sourceTopic\":\"sensors/sensor2\",\"contractId\":\"sensor2\",\"validatedTopic\":\"" + validatedTopic
                + "\",\"failedTopic\":\"{topic}/failed\",\"sensorIdField\":\"sensor_id\",\"enabled\":true}";
    }

    /**
     * Publishes nine failing messages in a row on {@code sensors/<mapping>} (the broker hands three to each member),
     * waits for their nine outputs and for B's and C's own failed counts to rise (both checked some), and answers the
     * outputs.
     */
    private List<MqttProbe.Received> nineFailedByBAndC(MqttProbe probe, String mapping, String payload)
            throws Exception {
        long bBefore = failed(b, mapping);
        long cBefore = failed(c, mapping);
        for (int i = 0; i < 9; i++) {
            probe.publish("sensors/" + mapping, payload, 1, "nine-" + i);
        }
        java.util.function.Supplier<List<MqttProbe.Received>> nine = () -> probe.received().stream()
                .filter(r -> String.valueOf(r.userProperty("case")).startsWith("nine-")).toList();
        await().atMost(Duration.ofSeconds(10)).until(() -> nine.get().size() == 9);
        await().atMost(Duration.ofSeconds(5)).until(() -> failed(b, mapping) > bBefore && failed(c, mapping) > cBefore);
        return nine.get();
    }

    /** The messages of a mapping this one member failed (its own mqtt_messages_total). */
    private static long failed(Gateway g, String mapping) {
        return g.process().counter("mqtt_messages_total", "mapping", mapping, "status", "failed");
    }

    /** The fleet view's instances by id. */
    private static Map<String, JsonNode> members(JsonNode fleet) {
        Map<String, JsonNode> byId = new LinkedHashMap<>();
        fleet.path("instances").forEach(m -> byId.put(m.path("id").asText(), m));
        return byId;
    }

    /** The output topics' last segment ("validated", "failed") of what arrived for one case. */
    private static List<String> verdicts(MqttProbe p, String caseId) {
        return p.forCase(caseId).stream().map(r -> r.topic().substring(r.topic().lastIndexOf('/') + 1)).toList();
    }

    private static String[] cli(String dbUrl, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        String[] all = Stream.concat(Stream.of(args), args[0].equals("sync") ? Stream.empty()
                : Stream.of("--state.jdbc-url=" + dbUrl, "--state.user=" + PostgresServer.USER)).toArray(String[]::new);
        StateCli.run(all, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), Map.of());
        return new String[]{out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8)};
    }

    /** Makes a database refuse connections (and cuts the open ones), or accept them again. */
    private void outage(String dbUrl, boolean on) throws Exception {
        String db = dbUrl.substring(dbUrl.lastIndexOf('/') + 1);
        try (Connection conn = DriverManager.getConnection(pg.jdbcUrl(), PostgresServer.USER, "");
             Statement s = conn.createStatement()) {
            s.execute("ALTER DATABASE " + db + " ALLOW_CONNECTIONS " + !on);
            if (on) {
                s.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '" + db + "'");
            }
        }
    }

    private static void sql(String dbUrl, String statement) throws Exception {
        try (Connection conn = DriverManager.getConnection(dbUrl, PostgresServer.USER, "");
             Statement s = conn.createStatement()) {
            s.execute(statement);
        }
    }

    private static long count(String dbUrl, String query) throws Exception {
        try (Connection conn = DriverManager.getConnection(dbUrl, PostgresServer.USER, "");
             Statement s = conn.createStatement(); java.sql.ResultSet r = s.executeQuery(query)) {
            r.next();
            return r.getLong(1);
        }
    }
}
