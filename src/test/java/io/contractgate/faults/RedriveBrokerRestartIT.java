package io.contractgate.faults;

import com.fasterxml.jackson.databind.JsonNode;
import io.contractgate.testing.AdminHttp;
import io.contractgate.testing.GatewayRunner;
import io.contractgate.testing.Mosquitto;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;

import static io.contractgate.testing.AdminHttp.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A quarantine re-drive while the external Mosquitto (persistence on) restarts: every message that passes the fixed
 * contract is re-driven (at least once) and marked re-driven, none is left behind as "skipped" because the output
 * client was away for the few seconds of the restart.
 */
class RedriveBrokerRestartIT {

    static final int TOTAL = 2_000;
    static final String TOPIC = "sensors/sensor1";

    @TempDir
    Path tmp;

    @Test
    @Timeout(value = 150, unit = TimeUnit.SECONDS)
    void everyMessageThatNowPassesIsRedrivenAcrossABrokerRestart() throws Exception {
        Path brokerDir = Files.createDirectories(tmp.resolve("mosquitto"));
        int port = GatewayRunner.freePort();
        String url = "tcp://127.0.0.1:" + port;
        String config = FaultLoad.mosquittoConfig(brokerDir, port, "");
        Mosquitto broker = Mosquitto.start(brokerDir, config, port);
        Path home = GatewayRunner.prepare(tmp.resolve("gw"));
        String contract = Files.readString(home.resolve("schemas/sensor1.schema.json"));
        try (GatewayRunner gw = GatewayRunner.startWithLogins(home, Map.of("mqtt.broker.url", url,
                "mqtt.clean-start", "false", "mqtt.session-expiry", "3600", "quarantine.redrive-rate", "250"))) {
            AdminHttp admin = gw.admin();
            assertThat(admin.put("/api/contracts/sensor1?acceptBreak=true", FaultLoad.TOO_STRICT).statusCode()).isEqualTo(200);
            try (FaultLoad.Publisher pub = new FaultLoad.Publisher(url, seq -> TOPIC, 1_000, TOTAL)) {
                pub.start();
                pub.awaitDone(Duration.ofSeconds(60));
            }
            await().atMost(Duration.ofSeconds(60)).until(() ->
                    json(admin.get("/api/quarantine/stats")).get("rows").asLong() == TOTAL);
            assertThat(admin.put("/api/contracts/sensor1?acceptBreak=true", contract).statusCode()).isEqualTo(200);
            int passing = (int) IntStream.range(0, TOTAL).filter(s -> !FaultLoad.invalid(s)).count();

            try (FaultLoad.Collector out = new FaultLoad.Collector(url, TOPIC + "/validated")) {
                long job = json(admin.post("/api/quarantine/redrives", "{\"filter\":{\"mapping\":\"sensor1\"}}"))
                        .get("id").asLong();
                await().atMost(Duration.ofSeconds(30)).until(() -> out.total() >= passing / 5);
                broker.close(); // SIGTERM mid re-drive, then the same broker again on the same port
                broker = Mosquitto.start(brokerDir, config, port);
                await().atMost(Duration.ofSeconds(90)).until(() ->
                        !json(admin.get("/api/quarantine/redrives/" + job)).get("state").asText().equals("running"));
                JsonNode done = json(admin.get("/api/quarantine/redrives/" + job));
                assertThat(done.get("state").asText()).isEqualTo("done");
                assertThat(done.get("skipped").asLong()).as("skipped: " + done).isZero();
                assertThat(done.get("passed").asLong()).as(done.toString()).isEqualTo(passing);
                assertThat(done.get("still_failing").asLong()).isEqualTo(TOTAL - passing);
                // on the broker: every passing message at least once
                await().atMost(Duration.ofSeconds(30)).until(() -> out.bySeq.size() >= passing);
                TreeSet<Integer> missing = new TreeSet<>();
                IntStream.range(0, TOTAL).filter(s -> !FaultLoad.invalid(s) && !out.bySeq.containsKey(s)).forEach(missing::add);
                assertThat(missing).as("re-driven messages missing on the broker").isEmpty();
                assertThat(out.bySeq.keySet()).allMatch(s -> !FaultLoad.invalid(s));
            }
            // the quarantine afterwards: the passing ones re-driven, only the still failing ones left
            assertThat(admin.get("/api/quarantine/export?format=ndjson&status=quarantined").body().lines().count())
                    .isEqualTo(TOTAL - passing);
            assertThat(admin.get("/api/quarantine/export?format=ndjson&status=redriven").body().lines().count())
                    .isEqualTo(passing);
        } catch (AssertionError | RuntimeException e) {
            System.out.println("mosquitto log:\n" + FaultLoad.tail(broker.log(), 40));
            throw e;
        } finally {
            broker.close();
        }
    }
}
