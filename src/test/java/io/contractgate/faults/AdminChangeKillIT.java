package io.contractgate.faults;

import com.fasterxml.jackson.databind.JsonNode;
import io.contractgate.testing.AdminHttp;
import io.contractgate.testing.GatewayProcess;
import io.contractgate.testing.GatewayRunner;
import io.contractgate.testing.Mosquitto;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * kill -9 of the gateway while an admin change is under way (a contract saved, a mapping disabled / enabled, a mapping
 * created and deleted, the broker settings changed), then the same gateway started again, round after round, under
 * QoS 1 load against a Mosquitto with persistence. After each restart the configuration in force is the old or the new
 * one, never half: a change the API answered 2xx before the kill is the one in force, the files read back whole, no
 * and no input the broker acknowledged to the publisher is lost.
 */
class AdminChangeKillIT {

    static final String TOPIC = "sensors/sensor1";
    static final String USER = "admin";
    static final String PASSWORD = "kill-admin-secret";
    static final int RATE = 150;
    static final int TOTAL = 12_000;
    /** How long after the change is sent the gateway is killed, per round: before, during and after the write. */
    static final long[] KILL_AFTER_MS = {5, 40, 90, 150, 30, 250, 400, 15, 60, 120};

    @TempDir
    Path tmp;

    @Test
    @Timeout(value = 300, unit = TimeUnit.SECONDS)
    void killDuringAdminChangesLeavesOldOrNewStateAndLosesNothing() throws Exception {
        int port = GatewayRunner.freePort();
        String url = "tcp://127.0.0.1:" + port;
        List<String> rounds = new ArrayList<>();
        try (Mosquitto broker = StreamUnderFault.mosquitto(tmp, port);
             GatewayProcess gw = new GatewayProcess(Files.createDirectories(tmp.resolve("gw")),
                     Map.of("mqtt.broker.url", url, "mqtt.client-id", "adminkill", "mqtt.clean-start", "false",
                             "mqtt.session-expiry", "3600", "admin.username", USER, "admin.password", PASSWORD));
             FaultLoad.Collector out = new FaultLoad.Collector(url, TOPIC + "/validated", TOPIC + "/failed");
             FaultLoad.Publisher pub = new FaultLoad.Publisher(url, seq -> TOPIC, RATE, TOTAL)) {
            gw.start().awaitReady(Duration.ofSeconds(60));
            AdminHttp admin = new AdminHttp(gw.httpUrl(), USER, PASSWORD);
            String contract = admin.get("/api/contracts/sensor1").body();
            pub.start();
            for (int round = 0; round < KILL_AFTER_MS.length; round++) {
                int r = round;
                await().atMost(Duration.ofSeconds(30)).until(() -> out.total() > 0);
                Change change = change(round, contract);
                CompletableFuture<HttpResponse<String>> sent = CompletableFuture.supplyAsync(
                        () -> admin.send(change.method, change.path, change.body, null));
                Thread.sleep(KILL_AFTER_MS[round]); // the fault's timing, not a synchronisation
                gw.kill();
                HttpResponse<String> answer;
                try {
                    answer = sent.get(10, TimeUnit.SECONDS);
                } catch (Exception e) {
                    answer = null; // killed before it answered
                }
                boolean answered = answer != null && answer.statusCode() / 100 == 2;
                gw.start().awaitReady(Duration.ofSeconds(60));
                String inForce = change.inForce(admin);
                rounds.add("round " + r + " " + change.method + " " + change.path + " killed after "
                        + KILL_AFTER_MS[r] + " ms: " + (answer == null ? "no answer" : answer.statusCode())
                        + ", in force: " + inForce + ", temp files left: " + leftovers(gw.home()));
                assertThat(inForce).as("round %d: %s %s, state after the restart", r, change.method, change.path)
                        .isIn(answered ? List.of(change.newState) : List.of(change.oldState, change.newState));
                assertThat(admin.get("/api/mappings").statusCode()).isEqualTo(200);
                // the change that was cut off, made again, must succeed: nothing half done blocks it
                HttpResponse<String> again = admin.send(change.method, change.path, change.body, null);
                if (!change.newState.equals(inForce)) {
                    assertThat(again.statusCode()).as("round %d, the change made again: %s", r, again.body())
                            .isBetween(200, 299);
                }
                assertThat(change.inForce(admin)).isEqualTo(change.newState);
            }
            pub.awaitDone(Duration.ofSeconds(120));
            rounds.forEach(line -> System.out.println("FAULT admin-kill " + line));
            System.out.println("FAULT admin-kill publisher: " + pub.describe());
            FaultLoad.assertNothingLost("kill -9 during admin changes (" + KILL_AFTER_MS.length + " rounds)",
                    pub.acked, out, seq -> FaultLoad.expectedOutput(TOPIC, seq), Duration.ofSeconds(60), 0.20);
        } catch (AssertionError e) {
            rounds.forEach(line -> System.out.println("FAULT admin-kill " + line));
            throw e;
        }
    }

    /** One admin change and how to read which state is in force after the restart. */
    private record Change(String method, String path, String body, String oldState, String newState,
                          Reader reader) {
        String inForce(AdminHttp admin) throws Exception {
            return reader.read(admin);
        }
    }

    private interface Reader {
        String read(AdminHttp admin) throws Exception;
    }

    /**
     * Rounds 0, 5: the contract's description changed (a compatible save); 1, 6: mapping sensor1 disabled and 2, 7:
     * enabled again (its route reloaded); 3, 8: the broker's keep-alive changed (every MQTT client reconnects); 4, 9:
     * mapping k created, then deleted.
     */
    private static Change change(int round, String contract) throws Exception {
        switch (round % 5) {
            case 0 -> {
                JsonNode schema = AdminHttp.JSON.readTree(contract);
                String before = round == 0 ? schema.path("description").asText() : "round " + (round - 5);
                ((com.fasterxml.jackson.databind.node.ObjectNode) schema).put("description", "round " + round);
                return new Change("PUT", "/api/contracts/sensor1", schema.toString(), before, "round " + round,
                        a -> AdminHttp.JSON.readTree(a.get("/api/contracts/sensor1").body()).path("description").asText());
            }
            case 1 -> {
                return new Change("POST", "/api/mappings/sensor1/disable", null, "true", "false",
                        a -> Boolean.toString(mappingEnabled(a)));
            }
            case 2 -> {
                return new Change("POST", "/api/mappings/sensor1/enable", null, "false", "true",
                        a -> Boolean.toString(mappingEnabled(a)));
            }
            case 4 -> {
                boolean create = round == 4;
                return new Change(create ? "POST" : "DELETE", create ? "/api/mappings" : "/api/mappings/k",
                        create ? "{\"id\":\"k\",\"sourceTopic\":\"sensors/k\",\"contractId\":\"sensor2\"}" : null,
                        create ? "absent" : "present", create ? "present" : "absent", AdminChangeKillIT::mappingK);
            }
            default -> {
                String keepAlive = round == 3 ? "30" : "45";
                String before = round == 3 ? "60" : "30";
                return new Change("PUT", "/api/broker", "{\"mqtt.keep-alive\":\"" + keepAlive + "\"}", before,
                        keepAlive, a -> AdminHttp.JSON.readTree(a.get("/api/broker").body()).path("mqtt.keep-alive")
                        .asText());
            }
        }
    }

    /** Whether mapping k exists; its route must agree (Started when it does, absent when it does not). */
    private static String mappingK(AdminHttp admin) throws Exception {
        boolean present = admin.get("/api/mappings/k").statusCode() == 200;
        boolean route = false;
        for (JsonNode r : AdminHttp.JSON.readTree(admin.get("/api/status").body()).path("routes")) {
            route |= r.path("id").asText().equals("mapping-k") && r.path("state").asText().equals("Started");
        }
        assertThat(route).as("route mapping-k started, for a mapping that is " + (present ? "present" : "absent"))
                .isEqualTo(present);
        return present ? "present" : "absent";
    }

    /** Whether mapping sensor1 is enabled; its route must agree (Started when enabled, absent or stopped if not). */
    private static boolean mappingEnabled(AdminHttp admin) throws Exception {
        boolean enabled = AdminHttp.JSON.readTree(admin.get("/api/mappings/sensor1").body()).path("enabled").asBoolean();
        String state = "absent";
        for (JsonNode route : AdminHttp.JSON.readTree(admin.get("/api/status").body()).path("routes")) {
            if (route.path("id").asText().equals("mapping-sensor1")) {
                state = route.path("state").asText();
            }
        }
        assertThat(state).as("route mapping-sensor1 of a mapping with enabled=" + enabled)
                .isEqualTo(enabled ? "Started" : state.equals("Started") ? "not Started" : state);
        return enabled;
    }

    /** Temp files of an interrupted write left in routes/, schemas/ or config/. */
    private static List<String> leftovers(Path home) throws Exception {
        List<String> out = new ArrayList<>();
        for (String dir : List.of("routes", "schemas", "config")) {
            Path d = home.resolve(dir);
            if (!Files.isDirectory(d)) {
                continue;
            }
            try (Stream<Path> files = Files.walk(d)) {
                files.filter(p -> p.getFileName().toString().endsWith(".tmp")).forEach(p -> out.add(home.relativize(p)
                        .toString()));
            }
        }
        return out;
    }
}
