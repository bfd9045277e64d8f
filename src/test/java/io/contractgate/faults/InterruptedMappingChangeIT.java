package io.contractgate.faults;

import io.contractgate.testing.AdminHttp;
import io.contractgate.testing.GatewayProcess;
import io.contractgate.testing.GatewayRunner;
import io.contractgate.testing.Mosquitto;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The files a kill -9 leaves when it strikes a source-topic change of a mapping after the new file was written and
 * before the change completed (the old route stopped and its session ended): the new file, and the previous one beside
 * it as {@code .prev}. The old topic's session still holds what the old route had not acknowledged. Started on those
 * files, the gateway must undo the unanswered change, so that the old session is read again: before, it ran the new
 * topic and the acknowledged inputs waiting in the old session never came out.
 */
class InterruptedMappingChangeIT {

    static final String TOPIC = "sensors/sensor1";
    static final int WAITING = 50;

    @TempDir
    Path tmp;

    @Test
    @Timeout(value = 120, unit = TimeUnit.SECONDS)
    void aTopicChangeCutOffByAKillIsUndoneAndTheOldSessionIsReadAgain() throws Exception {
        int port = GatewayRunner.freePort();
        String url = "tcp://127.0.0.1:" + port;
        Path home = Files.createDirectories(tmp.resolve("gw"));
        try (Mosquitto broker = StreamUnderFault.mosquitto(tmp, port);
             GatewayProcess gw = new GatewayProcess(home, Map.of("mqtt.broker.url", url, "mqtt.client-id", "cutoff",
                     "mqtt.clean-start", "false", "mqtt.session-expiry", "3600", "admin.password", "cut-secret"));
             FaultLoad.Collector out = new FaultLoad.Collector(url, TOPIC + "/validated", TOPIC + "/failed")) {
            gw.start().awaitReady(Duration.ofSeconds(60)); // mapping sensor1's session subscribes to sensors/sensor1
            gw.stop(Duration.ofSeconds(20));
            // inputs the broker acknowledged while the gateway was away: they wait in that session
            try (FaultLoad.Publisher pub = new FaultLoad.Publisher(url, seq -> TOPIC, 200, WAITING)) {
                pub.start().awaitDone(Duration.ofSeconds(20));
                assertThat(pub.acked).hasSize(WAITING);
                // what the kill left: the change to another topic written, the previous file kept beside it
                Path file = home.resolve("routes/mapping-sensor1.camel.yaml");
                Files.copy(file, home.resolve("routes/mapping-sensor1.camel.yaml.prev"));
                Files.writeString(file, Files.readString(file).replace("value: " + TOPIC, "value: sensors/moved"));

                gw.start().awaitReady(Duration.ofSeconds(60));

                FaultLoad.assertNothingLost("a topic change cut off by a kill, then a start", pub.acked, out,
                        seq -> FaultLoad.expectedOutput(TOPIC, seq), Duration.ofSeconds(30), 0.10);
            }
            AdminHttp admin = new AdminHttp(gw.httpUrl(), "admin", "cut-secret");
            assertThat(AdminHttp.json(admin.get("/api/mappings/sensor1")).path("sourceTopic").asText())
                    .isEqualTo(TOPIC);
            assertThat(home.resolve("routes/mapping-sensor1.camel.yaml.prev")).doesNotExist();
            assertThat(gw.log()).containsPattern("WARN .*mapping-sensor1.camel.yaml: a change of this mapping was cut off");
        }
    }
}
