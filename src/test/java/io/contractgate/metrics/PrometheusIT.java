package io.contractgate.metrics;

import io.contractgate.testing.GatewayRunner;
import io.contractgate.stack.PromqlExpressions;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;
import static org.awaitility.Awaitility.await;

/**
 * A real Prometheus (the Debian package) scrapes the running gateway with the project's scrape job (prometheus.yml,
 * pointed at localhost) and PromQL returns the expected counts after a known mix of messages; promtool accepts both
 * that config and a scrape of /metrics taken after the mix.
 */
class PrometheusIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final String INSTALL_HINT = "Prometheus is needed for this test: run `apt-get install -y "
            + "prometheus` (or scripts/install-test-deps.sh)";

    @TempDir
    Path dir;

    @Test
    void prometheusScrapesTheExpectedCounts() throws Exception {
        String prometheus = binary("prometheus");
        String promtool = binary("promtool");
        // the whole stack as compose runs it: with the Influx path on (a real InfluxDB-v2-write server), so the
        // dashboards' Influx writer panels have their meters too
        try (io.contractgate.influx.QuestDbServer questdb = new io.contractgate.influx.QuestDbServer(dir.resolve("questdb")).start();
             GatewayRunner g = GatewayRunner.startProject("influx.url", questdb.url(), "influx.org", "o",
                     "influx.bucket", "b", "influx.token", "t")) {
            TrafficMix.publish(g);
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                    assertThat(g.metric("mqtt_messages_total")).isEqualTo(TrafficMix.total()));

            // promtool lint of a scrape taken after mixed traffic (valid, invalid, broken JSON)
            Path scrape = dir.resolve("scrape.txt");
            Files.writeString(scrape, g.scrape());
            ProcessResult lint = run(List.of(promtool, "check", "metrics"), scrape);
            assertThat(lint.exit).as("promtool check metrics:\n" + lint.output).isZero();

            // every metric and label the dashboards and alert rules use is on /metrics: a renamed label would still
            // return data below (`by (mapping)` groups into one series, `or vector(0)` fills in), so names are checked
            Map<String, Set<String>> scraped = new HashMap<>(PromqlExpressions.labelsByMetric(Files.readString(scrape)));
            scraped.put("up", Set.of()); // Prometheus' own series per target
            Map<String, List<String>> missing = new LinkedHashMap<>();
            for (PromqlExpressions.Expression e : PromqlExpressions.all(Path.of("."))) {
                List<String> m = PromqlExpressions.missingFrom(e.executable(), scraped, Set.of("job", "instance"));
                if (!m.isEmpty()) {
                    missing.put(e.toString(), m);
                }
            }
            assertThat(missing).as("dashboard/alert expressions using what /metrics does not have").isEmpty();
            // docs/monitoring.md's table of the gateway's metrics is the scrape's, names and labels
            assertThat(gatewayMetrics(scraped)).as("the gateway's metrics (docs/monitoring.md)")
                    .isEqualTo(documentedMetrics(Files.readString(Path.of("docs/monitoring.md"))));

            Path config = testConfig(g.httpPort());
            ProcessResult check = run(List.of(promtool, "check", "config", config.toString()), null);
            assertThat(check.exit).as("promtool check config:\n" + check.output).isZero();

            int port = GatewayRunner.freePort();
            Process p = new ProcessBuilder(prometheus, "--config.file=" + config,
                    "--storage.tsdb.path=" + dir.resolve("data"), "--web.listen-address=127.0.0.1:" + port)
                    .redirectErrorStream(true).redirectOutput(dir.resolve("prometheus.log").toFile()).start();
            try {
                String api = "http://127.0.0.1:" + port + "/api/v1/query?query=";
                await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500)).untilAsserted(() ->
                        assertThat(query(api, "sum(mqtt_messages_total)")).containsEntry("", (double) TrafficMix.total()));

                assertThat(query(api, "up{job=\"contract-gateway\"}")).containsEntry("", 1.0);
                assertThat(query(api, "sum by (mapping, status) (mqtt_messages_total)")).isEqualTo(Map.of(
                        "sensor1/validated", 5.0, "sensor1/failed", 3.0, "sensor2/validated", 4.0,
                        "sensor2/failed", 2.0));
                assertThat(query(api, "sum by (error_type) (mqtt_messages_processed_total{status=\"failed\"})"))
                        .isEqualTo(Map.of("out_of_range", 3.0, "wrong_type", 3.0, "invalid_json", 2.0));
                assertThat(query(api, "sum(mqtt_messages_processed_total{status=\"validated\",error_type=\"none\"})"))
                        .containsEntry("", 9.0);
                assertThat(query(api, "sum by (route_id) (camel_exchanges_total{route_id=~\"mapping-.*\"})"))
                        .isEqualTo(Map.of("mapping-sensor1", 8.0, "mapping-sensor2", 6.0));
                assertThat(query(api, "sum by (mapping) (mqtt_handling_seconds_count)"))
                        .isEqualTo(Map.of("sensor1", 8.0, "sensor2", 6.0));
                assertThat(query(api, "mqtt_broker_connected")).containsEntry("", 1.0);

                // every PromQL expression of the Grafana dashboards and alert rules and of prometheus/rules.yml runs
                // against this Prometheus and returns data; a rule's condition (`expr > threshold`) is healthy here,
                // so its left-hand side is what must return data
                await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofSeconds(1)).untilAsserted(() -> {
                    List<String> empty = new ArrayList<>();
                    for (PromqlExpressions.Expression e : PromqlExpressions.all(Path.of("."))) {
                        String q = withoutCondition(e.executable());
                        if (query(api, q).isEmpty()) {
                            empty.add(e.source() + ": " + q);
                        }
                    }
                    assertThat(empty).as("expressions that returned no data").isEmpty();
                });
            } finally {
                p.destroy();
                if (!p.waitFor(20, TimeUnit.SECONDS)) {
                    p.destroyForcibly();
                }
            }
        }
    }

    /**
     * The project's prometheus.yml reduced to its contract-gateway job, pointed at the test's port and scraping every
     * second; the built-in equivalent when the file is not there.
     */
    private Path testConfig(int httpPort) throws Exception {
        Path project = Path.of("prometheus.yml");
        ObjectNode job;
        if (Files.exists(project)) {
            JsonNode root = YAML.readTree(project.toFile());
            job = null;
            for (JsonNode j : root.path("scrape_configs")) {
                if (j.path("job_name").asText().equals("contract-gateway")) {
                    job = (ObjectNode) j.deepCopy();
                }
            }
            assertThat(job).as("prometheus.yml has a contract-gateway job").isNotNull();
        } else {
            job = JSON.createObjectNode().put("job_name", "contract-gateway").put("metrics_path", "/metrics");
        }
        assertThat(job.path("metrics_path").asText()).isEqualTo("/metrics");
        job.put("scrape_interval", "1s").put("scrape_timeout", "1s");
        ArrayNode targets = JSON.createArrayNode().add("127.0.0.1:" + httpPort);
        job.set("static_configs", JSON.createArrayNode().add(JSON.createObjectNode().set("targets", targets)));
        ObjectNode config = JSON.createObjectNode();
        config.set("global", JSON.createObjectNode().put("scrape_interval", "1s"));
        config.set("scrape_configs", JSON.createArrayNode().add(job));
        Path file = dir.resolve("prometheus-test.yml");
        YAML.writeValue(file.toFile(), config);
        return file;
    }

    private static final Pattern GATEWAY_PREFIX =
            Pattern.compile("^(mqtt|contract|influx|quarantine|admin)_.*");

    /** The scraped metrics under the gateway's own prefixes, a histogram by its base name (its _count's labels). */
    static Map<String, Set<String>> gatewayMetrics(Map<String, Set<String>> scraped) {
        Map<String, Set<String>> out = new TreeMap<>();
        scraped.forEach((name, labels) -> {
            if (!GATEWAY_PREFIX.matcher(name).matches() || name.matches(".*_(bucket|sum|max)$")
                    && scraped.containsKey(name.replaceAll("_(bucket|sum|max)$", "_count"))) {
                return;
            }
            String base = name.endsWith("_count") && scraped.containsKey(name.replaceAll("_count$", "_bucket"))
                    ? name.replaceAll("_count$", "") : name;
            out.put(base, labels);
        });
        return out;
    }

    /** Name to labels of the rows of the table under "### The gateway's metrics" ("–" for none). */
    static Map<String, Set<String>> documentedMetrics(String markdown) {
        String section = markdown.substring(markdown.indexOf("### The gateway's metrics"));
        section = section.substring(0, section.indexOf("\n#", 1));
        Matcher row = Pattern.compile(
                "(?m)^\\| `([a-z_]+)` \\| (?:counter|gauge|histogram) \\| ([^|]*(?:\\\\\\|[^|]*)*) \\|").matcher(section);
        Map<String, Set<String>> out = new TreeMap<>();
        while (row.find()) {
            Set<String> labels = new TreeSet<>();
            Matcher label = Pattern.compile("`(\\w+)`")
                    .matcher(row.group(2).replaceAll("\\([^)]*\\)", ""));
            while (label.find()) {
                labels.add(label.group(1));
            }
            out.put(row.group(1), labels);
        }
        return out;
    }

    /** The left-hand side of a top-level comparison (`a > 1`, `up == 0`), else the expression itself. */
    static String withoutCondition(String promql) {
        Matcher m = Pattern.compile("^(.*\\S)\\s*(==|!=|>=|<=|>|<)\\s*[-0-9.e]+\\s*$")
                .matcher(promql.trim());
        if (m.matches() && depthZero(m.group(1))) {
            return m.group(1);
        }
        return promql;
    }

    private static boolean depthZero(String s) {
        int depth = 0;
        for (char c : s.toCharArray()) {
            depth += c == '(' ? 1 : c == ')' ? -1 : 0;
        }
        return depth == 0;
    }

    /** Instant query; result as label values joined by "/" (empty key without labels) to value. */
    private static Map<String, Double> query(String api, String promql) throws Exception {
        HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(api
                + URLEncoder.encode(promql, StandardCharsets.UTF_8))).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        Map<String, Double> out = new HashMap<>();
        for (JsonNode s : JSON.readTree(r.body()).path("data").path("result")) {
            StringBuilder key = new StringBuilder();
            s.path("metric").fields().forEachRemaining(e -> {
                if (!e.getKey().equals("__name__") && !e.getKey().equals("job") && !e.getKey().equals("instance")) {
                    key.append(key.length() == 0 ? "" : "/").append(e.getValue().asText());
                }
            });
            out.put(key.toString(), s.path("value").get(1).asDouble());
        }
        return out;
    }

    private static String binary(String name) {
        for (String d : System.getenv().getOrDefault("PATH", "/usr/bin").split(File.pathSeparator)) {
            File f = new File(d, name);
            if (f.canExecute()) {
                return f.getPath();
            }
        }
        File f = new File("/usr/bin", name);
        if (f.canExecute()) {
            return f.getPath();
        }
        return fail(name + " not found. " + INSTALL_HINT);
    }

    record ProcessResult(int exit, String output) {
    }

    private static ProcessResult run(List<String> command, Path stdin) throws Exception {
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
        if (stdin != null) {
            pb.redirectInput(stdin.toFile());
        }
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        return new ProcessResult(p.exitValue(), out);
    }
}
