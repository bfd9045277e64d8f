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
 * The README's promise for a start that cannot work: exit code 1 and one line saying what to check, no stack trace.
 * A broker nobody listens for fails in a route's start, which Camel logs at ERROR with the whole trace.
 */
class BrokerUnreachableIT {

    @Test
    void shouldStopWithOneLineAndNoStackTraceWhenNoBrokerListens(@TempDir Path home) throws Exception {
        String url = "tcp://127.0.0.1:" + GatewayRunner.freePort();
        try (GatewayProcess gateway = new GatewayProcess(home, Map.of("mqtt.broker.url", url))) {
            int exit = gateway.start().awaitExit(Duration.ofSeconds(60));

            assertThat(exit).isEqualTo(1);
            assertThat(gateway.log())
                    .contains("contract-gateway did not start: cannot connect to the MQTT broker at " + url
                            + " (mqtt.broker.url)")
                    .contains("is the broker running and reachable?")
                    .doesNotContain("\tat ").doesNotContain("Caused by");
        }
    }
}
