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
 * The README's promise for a start that cannot work, checked on the real process: exit code 1 and one line naming
 * what to check, no stack trace. A broker nobody listens on fails in a route's start, which Camel logs at ERROR with
 * the whole trace; a bad setting is thrown from a configuration bean, which camel-main wraps three times.
 */
class StartFailureIT {

    private static String failedStart(Path home, Map<String, String> props) throws Exception {
        try (GatewayProcess gateway = new GatewayProcess(home, props)) {
            int exit = gateway.start().awaitExit(Duration.ofSeconds(60));
            assertThat(exit).as(gateway.log()).isEqualTo(1);
            return gateway.log();
        }
    }

    @Test
    void shouldStopWithOneLineAndNoStackTraceWhenNoBrokerListens(@TempDir Path home) throws Exception {
        String url = "tcp://127.0.0.1:" + GatewayRunner.freePort();

        assertThat(failedStart(home, Map.of("mqtt.broker.url", url)))
                .contains("contract-gateway did not start: cannot connect to the MQTT broker at " + url
                        + " (mqtt.broker.url)")
                .contains("is the broker running and reachable?")
                .doesNotContain("\tat ").doesNotContain("Caused by");
    }

    @Test
    void shouldStopNamingTheKeyOfABadSettingWithoutAStackTrace(@TempDir Path home) throws Exception {
        assertThat(failedStart(home, Map.of("mqtt.qos", "3",
                "mqtt.embedded.port", Integer.toString(GatewayRunner.freePort()))))
                .contains("contract-gateway did not start: mqtt.qos must be from 0 to 2, was 3")
                .doesNotContain("\tat ").doesNotContain("post processing of bean");
    }

    @Test
    void shouldStopNamingAMisspeltSettingAndTheKeyItWasMeantToBe(@TempDir Path home) throws Exception {
        assertThat(failedStart(home, Map.of("mqtt.brokerurl", "tcp://127.0.0.1:1")))
                .contains("contract-gateway did not start: unknown setting mqtt.brokerurl; did you mean mqtt.broker.url?")
                .doesNotContain("\tat ");
    }
}
