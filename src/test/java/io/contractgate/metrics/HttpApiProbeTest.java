package io.contractgate.metrics;

import io.contractgate.testing.GatewayRunner;
import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;

/** The "http-api" readiness logic without a server: missing or stopped REST routes, and a port nobody answers on. */
class HttpApiProbeTest {

    private final int closedPort = GatewayRunner.freePort();
    private final HttpApiProbe probe = new HttpApiProbe("0.0.0.0", closedPort, false, 500);

    @Test
    void shouldBeDownWithoutRestRoutes() {
        assertThat(probe.problem(Map.of())).isEqualTo("no REST route of the HTTP API exists yet");
    }

    @Test
    void shouldNameTheRestRoutesThatAreNotStarted() {
        Map<String, Boolean> routes = new TreeMap<>(Map.of("route-b", false, "route-a", false, "route-c", true));
        assertThat(probe.problem(routes)).isEqualTo("HTTP API routes not started: route-a, route-b");
    }

    @Test
    void shouldNameTheAddressAndTheKeysWhenNothingAnswers() {
        String problem = probe.problem(Map.of("route-a", true));
        assertThat(problem).startsWith("the HTTP API at 127.0.0.1:" + closedPort
                + " (camel.server.host, camel.server.port) does not answer: ");
        assertThat(problem).doesNotContain("\"").doesNotContain("\n");
    }
}
