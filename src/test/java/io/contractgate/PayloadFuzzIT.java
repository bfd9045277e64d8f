package io.contractgate;

import io.contractgate.testing.Fuzz;
import io.contractgate.testing.GatewayRunner;
import io.contractgate.testing.MqttProbe;
import io.contractgate.testing.MqttProbe.Received;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Issue #13: a few thousand random and mutated payloads through a real broker and the real pipeline. Every input gets
 * exactly one output (validated or a failure report), none is lost or doubled, and the route still works afterwards.
 */
class PayloadFuzzIT {

    private static final int INPUTS = 2000;
    private static final long SEED = 13L;
    private static final String VALID =
            "{\"sensor_id\":\"s1-0001\",\"timestamp\":\"2026-11-27T00:00:00Z\",\"temperature\":21.5,\"humidity\":40}";
    private static final String TOPIC = "sensors/sensor1";

    @TempDir
    Path home;

    @Test
    void everyFuzzedPayloadGetsExactlyOneOutputAndTheRouteStaysLive() throws Exception {
        Fuzz fuzz = new Fuzz(SEED);
        try (GatewayRunner gateway = GatewayRunner.start(home, Map.of());
             MqttProbe probe = new MqttProbe(gateway.brokerUrl(), TOPIC + "/validated", TOPIC + "/failed")) {
            for (int i = 0; i < INPUTS; i++) {
                byte[] payload = fuzz.next(VALID);
                String caseId = "fuzz-" + i;
                // Paho refuses a publish while too many are in flight: retry that one until the broker caught up
                await().atMost(Duration.ofSeconds(30)).pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(5))
                        .ignoreExceptions()
                        .until(() -> {
                            probe.publish(TOPIC, payload, 1, caseId, null);
                            return true;
                        });
            }
            await().atMost(Duration.ofSeconds(120)).until(() -> probe.received().size() >= INPUTS);

            Map<String, Long> perCase = probe.received().stream()
                    .collect(Collectors.groupingBy(r -> String.valueOf(r.userProperty("case")), Collectors.counting()));
            assertThat(perCase).as("one output per input, no other").hasSize(INPUTS);
            assertThat(perCase.values()).allMatch(n -> n == 1);
            Map<String, Received> byCase = probe.received().stream()
                    .collect(Collectors.toMap(r -> r.userProperty("case"), Function.identity()));
            assertThat(byCase.values()).extracting(Received::topic).containsOnly(TOPIC + "/validated", TOPIC + "/failed");

            probe.publish(TOPIC, VALID.getBytes(StandardCharsets.UTF_8), 1, "after", null);
            await().atMost(Duration.ofSeconds(20)).until(() -> !probe.forCase("after").isEmpty());
            assertThat(probe.forCase("after")).singleElement()
                    .satisfies(r -> assertThat(r.topic()).isEqualTo(TOPIC + "/validated"));
            assertThat(gateway.context().getRouteController().getRouteStatus("mapping-sensor1").isStarted()).isTrue();
        }
    }
}
