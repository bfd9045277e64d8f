package io.contractgate.metrics;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.contractgate.testing.GatewayRunner;
import io.contractgate.testing.Mosquitto;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The Kubernetes probe paths on a real gateway reading a real Mosquitto: {@code /observe/health/ready} is UP with the
 * routes started, the broker connected and the HTTP API answering, DOWN naming the broker while the broker is gone
 * and UP again after; {@code /observe/health/live} stays UP through the outage; a stopped mapping route makes
 * readiness DOWN naming the route.
 */
class HealthProbesIT {

    @TempDir
    Path tmp;

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private static final ObjectMapper JSON = new ObjectMapper();

    private HttpResponse<String> get(GatewayRunner gw, String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(gw.httpUrl() + path)).timeout(Duration.ofSeconds(5))
                .build(), HttpResponse.BodyHandlers.ofString());
    }

    /** The answer's overall status ("UP"/"DOWN"). */
    private static String status(HttpResponse<String> r) throws Exception {
        return JSON.readTree(r.body()).path("status").asText();
    }

    /** The checks the answer lists, by name: their status and message. */
    private static Map<String, String> checks(HttpResponse<String> r) throws Exception {
        Map<String, String> out = new TreeMap<>();
        for (JsonNode c : JSON.readTree(r.body()).path("checks")) {
            out.put(c.path("name").asText(), c.path("status").asText() + " " + c.path("message").asText(""));
        }
        return out;
    }

    @Test
    @Timeout(value = 120, unit = TimeUnit.SECONDS)
    void readinessFollowsTheBrokerAndTheRoutesWhileLivenessDoesNot() throws Exception {
        int port = GatewayRunner.freePort();
        Path brokerDir = Files.createDirectories(tmp.resolve("mosquitto"));
        String config = "listener " + port + " 127.0.0.1\nallow_anonymous true\n";
        Mosquitto broker = Mosquitto.start(brokerDir, config, port);
        try (GatewayRunner gw = GatewayRunner.start(tmp.resolve("gw"),
                Map.of("mqtt.broker.url", "tcp://127.0.0.1:" + port))) {
            await("ready").atMost(Duration.ofSeconds(30)).ignoreExceptions()
                    .until(() -> get(gw, "/observe/health/ready").statusCode() == 200);
            HttpResponse<String> up = get(gw, "/observe/health/ready");
            System.out.println("HEALTH ready UP " + up.statusCode() + " " + up.body());
            assertThat(status(up)).isEqualTo("UP");
            HttpResponse<String> full = get(gw, "/observe/health/ready?exposureLevel=full");
            System.out.println("HEALTH ready full " + full.statusCode() + " " + full.body());
            assertThat(full.statusCode()).isEqualTo(200);
            assertThat(checks(full)).containsKeys("mqtt-broker", "http-api", "route:mapping-sensor1")
                    .allSatisfy((name, state) -> assertThat(state).as(name).startsWith("UP"));
            HttpResponse<String> live = get(gw, "/observe/health/live?exposureLevel=full");
            System.out.println("HEALTH live full " + live.statusCode() + " " + live.body());
            assertThat(live.statusCode()).isEqualTo(200);
            assertThat(checks(live)).as("liveness asks only whether the CamelContext runs: not the broker, the API or"
                    + " the routes").containsOnlyKeys("context");

            broker.close();
            await("ready DOWN naming the broker").atMost(Duration.ofSeconds(30)).ignoreExceptions().until(() -> {
                HttpResponse<String> r = get(gw, "/observe/health/ready");
                return r.statusCode() == 503 && checks(r).getOrDefault("mqtt-broker", "")
                        .startsWith("DOWN not connected to the MQTT broker: output client");
            });
            HttpResponse<String> down = get(gw, "/observe/health/ready");
            System.out.println("HEALTH ready DOWN " + down.statusCode() + " " + down.body());
            assertThat(status(down)).isEqualTo("DOWN");
            assertThat(checks(down)).as("only what is down is listed").containsOnlyKeys("mqtt-broker");
            HttpResponse<String> liveDuring = get(gw, "/observe/health/live");
            System.out.println("HEALTH live during outage " + liveDuring.statusCode() + " " + liveDuring.body());
            assertThat(liveDuring.statusCode()).as("live through the outage").isEqualTo(200);
            assertThat(get(gw, "/observe/health").statusCode()).as("the combined check is down too").isEqualTo(503);

            broker = Mosquitto.start(brokerDir, config, port);
            await("ready UP after the broker is back").atMost(Duration.ofSeconds(60)).ignoreExceptions()
                    .until(() -> get(gw, "/observe/health/ready").statusCode() == 200);

            gw.context().getRouteController().stopRoute("mapping-sensor1");
            HttpResponse<String> stopped = get(gw, "/observe/health/ready");
            System.out.println("HEALTH ready route stopped " + stopped.statusCode() + " " + stopped.body());
            assertThat(stopped.statusCode()).isEqualTo(503);
            assertThat(checks(stopped)).containsKey("route:mapping-sensor1").doesNotContainKey("mqtt-broker")
                    .allSatisfy((name, state) -> assertThat(name).endsWith(":mapping-sensor1"));
            gw.context().getRouteController().startRoute("mapping-sensor1");
            await("ready UP with the route started again").atMost(Duration.ofSeconds(30)).ignoreExceptions()
                    .until(() -> get(gw, "/observe/health/ready").statusCode() == 200);
        } finally {
            broker.close();
        }
    }
}
