package io.contractgate.metrics;

import io.contractgate.testing.GatewayRunner;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A contract reload through the real admin API shows in {@code contract_config_reloads_total}: the metrics feature is
 * the admin API's reload listener.
 */
class ReloadMetricsIT {

    @TempDir
    Path dir;

    @Test
    void adminReloadsAreCounted() throws Exception {
        try (GatewayRunner g = GatewayRunner.startWithLogins(GatewayRunner.prepare(dir), Map.of())) {
            assertThat(g.metric("contract_config_reloads_total", "result", "success")).isZero();
            String schema = Files.readString(dir.resolve("schemas/sensor1.schema.json"))
                    .replace("Degrees Celsius", "Degrees Celsius (edited)");
            HttpResponse<String> r = g.admin().put("/api/contracts/sensor1", schema);
            assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
            assertThat(g.metric("contract_config_reloads_total", "result", "success")).isEqualTo(1);
            assertThat(g.metric("contract_config_reloads_total", "result", "failure")).isZero();
        }
    }
}
