package io.contractgate.admin;

import io.contractgate.testing.AdminHttp;
import io.contractgate.testing.GatewayRunner;
import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import static io.contractgate.testing.AdminHttp.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The contract circuit breaker on the real gateway: a contract change that makes sensor2's failure ratio jump trips
 * it (alert on /api/breaker, metric, audit); one click rolls the contract back; with contracts.auto-rollback=true the
 * gateway rolls back by itself and says why in the audit log.
 */
class ContractBreakerIT {

    static final String STRICT = QuarantineScenarios.STRICT;

    @TempDir
    Path dir;

    /** Sends n messages to sensor2 and waits until the gateway counted every one of them. */
    private static void traffic(GatewayRunner app, int n) throws Exception {
        long start = counted(app);
        try (io.contractgate.testing.MqttProbe probe = new io.contractgate.testing.MqttProbe(app.brokerUrl())) {
            for (int i = 0; i < n; i++) {
                // QoS 1, acknowledged by the broker: every message reaches the gateway (at QoS 0 a probe closed right
                // after its burst could leave some unsent, and the breaker would not see enough of them)
                String payload = "{\"sensor_id\":\"b-" + i + "\",\"pressure\":1050,\"status\":\"ok\"}";
                probe.publish("sensors/sensor2", payload);
            }
        }
        // a contract change made while some are still in the pipeline would judge them under the wrong version
        await().atMost(Duration.ofSeconds(30)).until(() -> counted(app) >= start + n);
    }

    /** sensor2's messages counted by the pipeline (validated and failed). */
    private static long counted(GatewayRunner app) {
        io.micrometer.core.instrument.MeterRegistry registry = app.context().getRegistry().lookupByNameAndType(
                io.contractgate.metrics.MetricsConfiguration.REGISTRY_BEAN, io.micrometer.core.instrument.MeterRegistry.class);
        return (long) registry.find("mqtt.messages").tag("mapping", "sensor2").counters().stream()
                .mapToDouble(io.micrometer.core.instrument.Counter::count).sum();
    }

    private static String hash(AdminHttp admin) {
        for (JsonNode c : json(admin.get("/api/contracts"))) {
            if (c.get("id").asText().equals("sensor2")) {
                return c.get("hash").asText();
            }
        }
        throw new AssertionError("no sensor2");
    }

    /**
     * Saves sensor2's contract once (the good version enters the history, so there is something to roll back to),
     * sends traffic that passes it, replaces it by {@link #STRICT} (which fails that traffic) and sends the traffic
     * again, each step seen by the breaker; answers the good version's hash.
     */
    private String goodThenStrict(GatewayRunner app, AdminHttp admin) throws Exception {
        assertThat(admin.put("/api/contracts/sensor2", Files.readString(dir.resolve("schemas/sensor2.schema.json")) + " ")
                .statusCode()).isEqualTo(200);
        traffic(app, 60);
        String before = hash(admin);
        await().atMost(Duration.ofSeconds(30)).until(() ->
                json(admin.get("/api/breaker")).at("/watching/sensor2").asText().equals(before));
        assertThat(admin.put("/api/contracts/sensor2?acceptBreak=true", STRICT).statusCode()).isEqualTo(200);
        String strict = hash(admin);
        await().atMost(Duration.ofSeconds(30)).until(() ->
                json(admin.get("/api/breaker")).at("/watching/sensor2").asText().equals(strict));
        traffic(app, 60);
        return before;
    }

    @Test
    void shouldTripOnABadContractAndRollBackInOneClick() throws Exception {
        GatewayRunner.prepare(dir);
        try (GatewayRunner app = GatewayRunner.startWithLogins(dir, Map.of(
                "quarantine.data-dir", dir.resolve("q").toString(), "contracts.breaker.min-count", "30",
                "contracts.breaker.window-seconds", "120"))) {
            AdminHttp admin = app.admin();
            String before = goodThenStrict(app, admin);
            await().atMost(Duration.ofSeconds(30)).until(() -> json(admin.get("/api/breaker")).get("open").size() == 1);
            JsonNode trip = json(admin.get("/api/breaker")).get("open").get(0);
            assertThat(trip.get("mapping").asText()).isEqualTo("sensor2");
            // every message after the change fails; the breaker may trip before all of them are counted, but only once the
            // failure ratio rose by more than contracts.breaker.ratio-jump (0.3) over the ratio before (0)
            assertThat(trip.get("ratio_after").asDouble()).isGreaterThan(0.3);
            assertThat(trip.get("from_version").asText()).isEqualTo(before);
            assertThat(app.viewer().post("/api/breaker/sensor2/rollback", null).statusCode()).isEqualTo(403);
            assertThat(admin.post("/api/breaker/sensor2/rollback", null).statusCode()).isEqualTo(200);
            assertThat(hash(admin)).isEqualTo(before);
            assertThat(json(admin.get("/api/breaker")).get("open")).isEmpty();
            assertThat(json(admin.get("/api/audit")).findValuesAsText("action")).contains("breaker-tripped", "breaker-rollback");
            assertThat(admin.post("/api/breaker/sensor2/rollback", null).statusCode()).isEqualTo(404);
        }
    }

    @Test
    void shouldRollBackByItselfWithAutoRollback() throws Exception {
        GatewayRunner.prepare(dir);
        try (GatewayRunner app = GatewayRunner.startWithLogins(dir, Map.of(
                "quarantine.data-dir", dir.resolve("q").toString(), "contracts.breaker.min-count", "30",
                "contracts.auto-rollback", "true"))) {
            AdminHttp admin = app.admin();
            String before = goodThenStrict(app, admin);
            await().atMost(Duration.ofSeconds(30)).until(() -> hash(admin).equals(before));
            assertThat(json(admin.get("/api/breaker")).get("open")).isEmpty();
            JsonNode audit = json(admin.get("/api/audit"));
            JsonNode rollback = null;
            for (JsonNode e : audit) {
                if (e.path("action").asText().equals("breaker-rollback")) {
                    rollback = e;
                }
            }
            assertThat(rollback).isNotNull();
            assertThat(rollback.get("user").asText()).isEqualTo("contract-breaker");
            assertThat(rollback.get("detail").asText()).contains("contracts.auto-rollback=true", "failure ratio");
        }
    }
}
