package io.contractgate.stack;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import org.junit.jupiter.api.Test;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The alert notification path of the compose stack, checked without Docker: Prometheus sends its rules' alerts to the
 * alertmanager service, Grafana's contact point forwards its rules' alerts there too, and Alertmanager routes every
 * alert of both rule sets to a webhook receiver. With {@code amtool} (Debian package prometheus-alertmanager) the
 * config is checked by Alertmanager's own parser and each rule is routed through the tree.
 */
class AlertmanagerFilesTest {

    private static final Path ROOT = Path.of(System.getProperty("user.dir")).toAbsolutePath();
    private static final YAMLMapper YAML = new YAMLMapper();
    private static final Path CONFIG = ROOT.resolve("alertmanager/alertmanager.yml");

    private static JsonNode yaml(Path p) {
        return PromqlExpressions.read(YAML, p);
    }

    @Test
    void prometheusSendsItsAlertsToTheComposeAlertmanager() {
        List<String> targets = new ArrayList<>();
        yaml(ROOT.resolve("prometheus.yml")).path("alerting").path("alertmanagers")
                .forEach(am -> am.path("static_configs").forEach(sc -> sc.path("targets")
                        .forEach(t -> targets.add(t.asText()))));
        assertThat(targets).containsExactly("alertmanager:9093");
        JsonNode service = yaml(ROOT.resolve("docker-compose.yml")).path("services").path("alertmanager");
        List<String> mounts = new ArrayList<>();
        service.path("volumes").forEach(v -> mounts.add(v.asText()));
        assertThat(mounts).contains("./alertmanager/alertmanager.yml:/etc/alertmanager/alertmanager.yml:ro");
        List<String> command = new ArrayList<>();
        service.path("command").forEach(c -> command.add(c.asText()));
        assertThat(command).contains("--config.file=/etc/alertmanager/alertmanager.yml");
    }

    @Test
    void grafanaForwardsItsAlertsToTheSameAlertmanager() {
        JsonNode file = yaml(ROOT.resolve("grafana/provisioning/alerting/contact-points.yml"));
        assertThat(file.path("apiVersion").asInt()).isEqualTo(1);
        JsonNode point = file.path("contactPoints").get(0);
        assertThat(point.path("name").asText()).isEqualTo("alertmanager");
        JsonNode receiver = point.path("receivers").get(0);
        assertThat(receiver.path("type").asText()).isEqualTo("prometheus-alertmanager");
        assertThat(receiver.path("settings").path("url").asText()).isEqualTo("http://alertmanager:9093");
        assertThat(file.path("policies").get(0).path("receiver").asText())
                .as("the root notification policy uses that contact point").isEqualTo("alertmanager");
    }

    @Test
    void everyRouteEndsAtADeclaredWebhookReceiver() {
        JsonNode config = yaml(CONFIG);
        Map<String, JsonNode> receivers = new LinkedHashMap<>();
        config.path("receivers").forEach(r -> receivers.put(r.path("name").asText(), r));
        List<String> used = new ArrayList<>();
        collectReceivers(config.path("route"), used);
        assertThat(used).isNotEmpty();
        for (String name : used) {
            assertThat(receivers).as("route receiver %s is declared", name).containsKey(name);
            JsonNode hooks = receivers.get(name).path("webhook_configs");
            assertThat(hooks.size()).as("receiver %s has a webhook", name).isPositive();
            hooks.forEach(h -> assertThat(h.path("url").asText()).matches("https?://[^\\s/]+/.*"));
        }
    }

    @Test
    void amtoolAcceptsTheConfigAndRoutesEveryAlertRuleToTheWebhook() throws Exception {
        assertThat(onPath("amtool")).as("amtool is not installed: run scripts/install-test-deps.sh "
                + "(apt-get install -y prometheus-alertmanager)").isTrue();
        String check = run("amtool", "check-config", CONFIG.toString());
        assertThat(check).contains("SUCCESS").contains("1 receivers");
        List<Map<String, String>> alerts = alertLabels();
        assertThat(alerts).as("Prometheus' 7 rules and Grafana's 5").hasSizeGreaterThanOrEqualTo(12);
        for (Map<String, String> labels : alerts) {
            List<String> cmd = new ArrayList<>(List.of("amtool", "config", "routes", "test",
                    "--config.file=" + CONFIG, "--verify.receivers=webhook"));
            labels.forEach((k, v) -> cmd.add(k + "=\"" + v.replace("\"", "\\\"") + "\""));
            assertThat(run(cmd.toArray(String[]::new)).strip()).as("%s", labels).isEqualTo("webhook");
        }
        // the routing test itself can fail: a label set routed to another receiver is reported
        Process p = new ProcessBuilder("amtool", "config", "routes", "test", "--config.file=" + CONFIG,
                "--verify.receivers=nobody", "alertname=X").redirectErrorStream(true).start();
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).isNotZero();
    }

    /** The labels each alert carries: alertname plus the rule's labels, for both rule sets. */
    private static List<Map<String, String>> alertLabels() {
        List<Map<String, String>> out = new ArrayList<>();
        for (JsonNode group : yaml(ROOT.resolve("prometheus/rules.yml")).path("groups")) {
            for (JsonNode rule : group.path("rules")) {
                if (rule.has("alert")) {
                    Map<String, String> labels = new LinkedHashMap<>();
                    labels.put("alertname", rule.path("alert").asText());
                    rule.path("labels").fields().forEachRemaining(e -> labels.put(e.getKey(), e.getValue().asText()));
                    out.add(labels);
                }
            }
        }
        for (JsonNode group : yaml(ROOT.resolve("grafana/provisioning/alerting/alerts.yml")).path("groups")) {
            for (JsonNode rule : group.path("rules")) {
                Map<String, String> labels = new LinkedHashMap<>();
                labels.put("alertname", rule.path("title").asText());
                rule.path("labels").fields().forEachRemaining(e -> labels.put(e.getKey(), e.getValue().asText()));
                out.add(labels);
            }
        }
        return out;
    }

    private static void collectReceivers(JsonNode route, List<String> out) {
        if (route.has("receiver")) {
            out.add(route.path("receiver").asText());
        }
        route.path("routes").forEach(r -> collectReceivers(r, out));
    }

    private static String run(String... cmd) throws Exception {
        Process p = new ProcessBuilder(cmd).directory(ROOT.toFile()).redirectErrorStream(false).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as("%s:%n%s%s", String.join(" ", cmd), out, err).isZero();
        return out;
    }

    private static boolean onPath(String tool) {
        return Stream.of(System.getenv().getOrDefault("PATH", "").split(File.pathSeparator))
                .anyMatch(dir -> Files.isExecutable(Path.of(dir, tool)));
    }
}
