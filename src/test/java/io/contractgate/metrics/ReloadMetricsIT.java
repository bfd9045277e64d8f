package io.contractgate.metrics;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.stream.Stream;

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
        copy(Path.of("routes"), dir.resolve("routes"));
        copy(Path.of("schemas"), dir.resolve("schemas"));
        try (GatewayUnderTest g = GatewayUnderTest.start(
                "camel.main.routes-include-pattern", "file:" + dir.resolve("routes") + "/*.camel.yaml",
                "contracts.dir", dir.resolve("schemas").toString(),
                "admin.config-dir", dir.resolve("config").toString(),
                "admin.password", "s3cret")) {
            assertThat(g.metric("contract_config_reloads_total", "result", "success")).isZero();
            String schema = Files.readString(dir.resolve("schemas/sensor1.schema.json"))
                    .replace("Degrees Celsius", "Degrees Celsius (edited)");
            HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                            URI.create("http://127.0.0.1:" + g.httpPort + "/api/contracts/sensor1"))
                    .header("Authorization", "Basic " + Base64.getEncoder()
                            .encodeToString("admin:s3cret".getBytes(StandardCharsets.UTF_8)))
                    .header("Content-Type", "application/json")
                    .PUT(HttpRequest.BodyPublishers.ofString(schema)).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
            assertThat(g.metric("contract_config_reloads_total", "result", "success")).isEqualTo(1);
            assertThat(g.metric("contract_config_reloads_total", "result", "failure")).isZero();
        }
    }

    private static void copy(Path from, Path to) throws Exception {
        Files.createDirectories(to);
        try (Stream<Path> files = Files.list(from)) {
            for (Path f : (Iterable<Path>) files::iterator) {
                Files.copy(f, to.resolve(f.getFileName()));
            }
        }
    }
}
