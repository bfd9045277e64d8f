package io.contractgate.faults;

import io.contractgate.testing.GatewayProcess;
import io.contractgate.testing.GatewayRunner;
import io.contractgate.testing.MqttProbe;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A stop (SIGTERM) while failed messages stream in keeps every failed message the gateway reported in its
 * quarantine: before, H2 closed the database in its own JVM-exit hook while the writer still held queued rows
 * ("Database is already closed"), and those rows were gone although their inputs were acknowledged.
 */
class QuarantineStopIT {

    @TempDir
    Path tmp;

    @Test
    @Timeout(value = 120, unit = TimeUnit.SECONDS)
    void aStopUnderFailedTrafficKeepsEveryReportedMessageInTheQuarantine() throws Exception {
        int port = GatewayRunner.freePort();
        Path home = Files.createDirectories(tmp.resolve("gw"));
        Set<String> reported = new HashSet<>();
        try (GatewayProcess gw = new GatewayProcess(home, Map.of("mqtt.broker.url", "",
                "mqtt.embedded.port", Integer.toString(port), "mqtt.embedded.data-dir", home.resolve("broker").toString(),
                "quarantine.data-dir", home.resolve("quarantine").toString(),
                "simulator.enabled", "true", "simulator.rate", "500", "simulator.invalid-share", "0.5"))) {
            gw.start().awaitReady(Duration.ofSeconds(40));
            try (MqttProbe failed = new MqttProbe("tcp://127.0.0.1:" + port, "sensors/+/failed")) {
                await().atMost(Duration.ofSeconds(30)).until(() -> failed.received().size() >= 500);
                gw.stop(Duration.ofSeconds(60)); // SIGTERM with failed messages streaming in
                failed.received().forEach(r -> reported.add(r.text()));
            } catch (org.eclipse.paho.mqttv5.common.MqttException closedWithTheBroker) {
                // the embedded broker stops with the gateway: the probe's close may find it gone
            }
            assertThat(gw.log()).doesNotContain("Database is already closed");
        }
        long rows;
        try (Connection c = DriverManager.getConnection("jdbc:h2:file:" + home.resolve("quarantine/quarantine"), "", "");
             ResultSet rs = c.createStatement().executeQuery("SELECT COUNT(*) FROM quarantine_message")) {
            rs.next();
            rows = rs.getLong(1);
        }
        assertThat(reported).hasSizeGreaterThanOrEqualTo(500);
        assertThat(rows).as("quarantine rows against the failure reports published before the stop")
                .isGreaterThanOrEqualTo(reported.size());
    }
}
