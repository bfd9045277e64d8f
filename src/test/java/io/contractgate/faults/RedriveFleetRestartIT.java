package io.contractgate.faults;

import com.fasterxml.jackson.databind.JsonNode;
import io.contractgate.testing.AdminHttp;
import io.contractgate.testing.GatewayRunner;
import io.contractgate.testing.Mosquitto;
import io.contractgate.testing.PostgresServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;

import static io.contractgate.testing.AdminHttp.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Two members of a fleet (one Mosquitto, {@code mqtt.shared-group}) share one PostgreSQL quarantine database
 * ({@code quarantine.jdbc-url}); gateway B is restarted while gateway A runs a re-drive job. A's job is A's: every
 * message that passes the fixed contract comes out on the validated topic, B does not run the job a second time (no
 * message twice), and the job counts each row once (done = total). Before the job named its runner, B resumed A's job
 * at its start: about half of what was left was published twice and the job counted more done than its total.
 */
class RedriveFleetRestartIT {

    @RegisterExtension
    static final PostgresServer.PerClass pg = new PostgresServer.PerClass();

    static final int TOTAL = 3_000;
    /** Re-drive publishes per second, per gateway: the job takes about 30 s, B's restart a few (room on a loaded machine). */
    static final int RATE = 100;
    /** Duplicates tolerated on the output: less than one page of the job (100 rows); before the fix, 1,600. */
    static final int MAX_DUPLICATES = 100;
    static final String TOPIC = "sensors/sensor1";

    @TempDir
    Path tmp;

    @Test
    @Timeout(value = 150, unit = TimeUnit.SECONDS)
    void aMemberRestartedWhileAnotherRunsARedriveLeavesTheJobToItsRunner() throws Exception {
        Path brokerDir = Files.createDirectories(tmp.resolve("mosquitto"));
        int port = GatewayRunner.freePort();
        String url = "tcp://127.0.0.1:" + port;
        String db = pg.server().createDatabase("fleetq");
        Map<String, String> onA = member("gw-a", url, db);
        Map<String, String> onB = member("gw-b", url, db);
        Path homeA = GatewayRunner.prepare(tmp.resolve("gw-a"));
        Path homeB = GatewayRunner.prepare(tmp.resolve("gw-b"));
        String contract = Files.readString(homeA.resolve("schemas/sensor1.schema.json"));
        List<AutoCloseable> open = new ArrayList<>();
        open.add(Mosquitto.start(brokerDir, FaultLoad.mosquittoConfig(brokerDir, port, ""), port));
        GatewayRunner b = null;
        try {
            GatewayRunner a = GatewayRunner.startWithLogins(homeA, onA);
            open.add(a);
            b = GatewayRunner.startWithLogins(homeB, onB);
            for (GatewayRunner g : List.of(a, b)) {
                assertThat(g.admin().put("/api/contracts/sensor1?acceptBreak=true", FaultLoad.TOO_STRICT).statusCode()).isEqualTo(200);
            }
            // the fleet quarantines the load: each message checked by one member, all into the shared database
            try (FaultLoad.Publisher pub = new FaultLoad.Publisher(url, seq -> TOPIC, 1_000, TOTAL)) {
                pub.start();
                pub.awaitDone(Duration.ofSeconds(60));
                assertThat(pub.acked).as(pub.describe()).hasSize(TOTAL);
            }
            await().atMost(Duration.ofSeconds(60)).until(() -> count(db, "SELECT count(*) FROM quarantine_message") == TOTAL);
            for (GatewayRunner g : List.of(a, b)) {
                assertThat(g.admin().put("/api/contracts/sensor1?acceptBreak=true", contract).statusCode()).isEqualTo(200);
            }
            int passing = (int) IntStream.range(0, TOTAL).filter(s -> !FaultLoad.invalid(s)).count();

            FaultLoad.Collector out = new FaultLoad.Collector(url, TOPIC + "/validated");
            open.add(out);
            AdminHttp admin = a.admin();
            JsonNode started = json(admin.post("/api/quarantine/redrives", "{\"filter\":{\"mapping\":\"sensor1\"}}"));
            long job = started.get("id").asLong();
            assertThat(started.get("total").asLong()).as(started.toString()).isEqualTo(TOTAL);
            String jobPath = "/api/quarantine/redrives/" + job;
            await().atMost(Duration.ofSeconds(30)).until(() -> json(admin.get(jobPath)).get("done").asLong() >= TOTAL / 5);

            // B restarts (same client id, same database) while A's job runs
            GatewayRunner first = b;
            b = null;
            first.close();
            b = GatewayRunner.startWithLogins(homeB, onB);
            JsonNode overlap = json(admin.get(jobPath));
            assertThat(overlap.get("state").asText()).as("B was back before A's job ended: " + overlap).isEqualTo("running");
            assertThat(overlap.get("done").asLong()).as(overlap.toString()).isLessThan(TOTAL * 4 / 5);

            await().atMost(Duration.ofSeconds(60)).until(() -> !json(admin.get(jobPath)).get("state").asText().equals("running"));
            await().atMost(Duration.ofSeconds(30)).until(() -> out.bySeq.size() >= passing);
            JsonNode done = json(admin.get(jobPath));
            TreeSet<Integer> missing = new TreeSet<>();
            IntStream.range(0, TOTAL).filter(s -> !FaultLoad.invalid(s) && !out.bySeq.containsKey(s)).forEach(missing::add);
            int duplicates = out.bySeq.values().stream().mapToInt(o -> o.size() - 1).sum();
            System.out.printf("REDRIVE-FLEET: B restarted at %d of %d done; job %s done=%d total=%d passed=%d "
                            + "skipped=%d; outputs=%d distinct=%d missing=%d duplicates=%d%n",
                    overlap.get("done").asLong(), TOTAL, done.get("state").asText(), done.get("done").asLong(),
                    done.get("total").asLong(), done.get("passed").asLong(), done.get("skipped").asLong(),
                    out.total(), out.bySeq.size(), missing.size(), duplicates);

            assertThat(missing).as("passing messages never re-driven " + FaultLoad.ranges(missing)).isEmpty();
            assertThat(out.bySeq.keySet()).as("only passing messages re-driven").allMatch(s -> !FaultLoad.invalid(s));
            assertThat(done.get("state").asText()).isEqualTo("done");
            assertThat(done.get("done").asLong()).as("each row counted once: " + done).isEqualTo(TOTAL);
            assertThat(done.get("passed").asLong()).as(done.toString()).isEqualTo(passing);
            assertThat(duplicates).as("messages re-driven twice (A and B both running the job)")
                    .isLessThan(MAX_DUPLICATES);
            assertThat(count(db, "SELECT count(*) FROM quarantine_message WHERE status = 'redriven'")).isEqualTo(passing);
        } finally {
            if (b != null) {
                b.close();
            }
            for (int i = open.size() - 1; i >= 0; i--) {
                open.get(i).close();
            }
        }
    }

    /** A fleet member's settings: its own client id, the fleet's broker and group, the shared quarantine database. */
    private static Map<String, String> member(String clientId, String brokerUrl, String db) {
        return Map.of("mqtt.client-id", clientId, "mqtt.broker.url", brokerUrl, "mqtt.shared-group", "fleet",
                "quarantine.jdbc-url", db, "quarantine.user", PostgresServer.USER,
                "quarantine.redrive-rate", String.valueOf(RATE));
    }

    private static long count(String db, String query) throws Exception {
        try (Connection c = DriverManager.getConnection(db, PostgresServer.USER, "");
             Statement s = c.createStatement(); ResultSet r = s.executeQuery(query)) {
            r.next();
            return r.getLong(1);
        }
    }
}
