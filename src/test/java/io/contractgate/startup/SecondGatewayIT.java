package io.contractgate.startup;

import io.contractgate.testing.GatewayProcess;
import io.contractgate.testing.GatewayRunner;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A second gateway started by mistake in the folder of a running one (same quarantine database file) must stop with
 * exit code 1 and a sentence saying why, and leave the first one running. Before, the embedded broker's threads kept
 * the failed JVM alive: a process that neither worked nor ended.
 */
class SecondGatewayIT {

    @Test
    void shouldExitNamingTheHeldDatabaseWhenAGatewayAlreadyRunsInTheFolder(@TempDir Path home) throws Exception {
        try (GatewayProcess first = new GatewayProcess(home, Map.of(
                "mqtt.embedded.port", Integer.toString(GatewayRunner.freePort())))) {
            first.start().awaitReady(Duration.ofSeconds(90));
            try (GatewayProcess second = GatewayProcess.in(home, Map.of(
                    "mqtt.embedded.port", Integer.toString(GatewayRunner.freePort())))) {
                int exit = second.start().awaitExit(Duration.ofSeconds(60));

                assertThat(exit).isEqualTo(1);
                assertThat(second.log())
                        .contains("contract-gateway did not start: cannot open the quarantine database")
                        .contains("Another process holds this file");
            }
            first.awaitReady(Duration.ofSeconds(5));
        }
    }
}
