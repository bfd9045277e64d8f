package io.contractgate.stack;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Static checks of the Docker Compose stack and the Grafana/Prometheus provisioning.
 * No Docker, Grafana or Prometheus needed: files are parsed and cross-checked, so a
 * renamed metric, a typo'd datasource uid or a missing mounted file fails the build
 * instead of showing up as an empty panel or a crash-looping container.
 */
class StackFilesTest {

    private static final Path ROOT = Path.of(System.getProperty("user.dir")).toAbsolutePath();
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final YAMLMapper YAML = new YAMLMapper();

    /** The metrics the gateway exposes (Micrometer names as Prometheus renders them). */
    static final Set<String> APP_METRICS = Set.of(
            "mqtt_messages_total",
            "mqtt_messages_processed_total",
            "mqtt_sensor_id_folded_total",
            "mqtt_contract_violations_total", "contract_info",
            "contract_validation_seconds_bucket", "contract_validation_seconds_sum", "contract_validation_seconds_count",
            "mqtt_handling_seconds_bucket", "mqtt_handling_seconds_sum", "mqtt_handling_seconds_count",
            "contract_config_reloads_total",
            "mqtt_broker_connected",
            "mqtt_inputs_acknowledged_total", "mqtt_inputs_unacknowledged_total", "mqtt_inputs_redelivered_total",
            "mqtt_inputs_reconnect_skipped_total", "mqtt_inputs_in_flight", "mqtt_outputs_failed_total",
            "mqtt_outputs_in_flight",
            "influx_points_written_total", "influx_points_failed_total", "influx_points_dropped_total",
            "influx_write_retries_total", "influx_points_buffered",
            "quarantine_rows", "quarantine_queue_length", "quarantine_rows_written_total", "quarantine_rows_dropped_total",
            "quarantine_write_retries_total", "quarantine_redriven_total", "contract_breaker_trips_total", "contract_breaker_open");

    /** Series Prometheus writes itself for every scrape target, always present. */
    static final Set<String> PROMETHEUS_SYNTHETIC = Set.of("up");

    /** Compose service -> host port it must publish (same port inside). */
    static final Map<String, Integer> EXPECTED_PORTS = Map.of(
            "app", 8000, "grafana", 3000, "prometheus", 9090, "influxdb", 8086, "mosquitto", 1883, "alertmanager", 9093);

    /** Columns a Flux query may reference on mqtt_messages rows. */
    static final Set<String> INFLUX_COLUMNS = Set.of(
            "_measurement", "_field", "_value", "_time", "_start", "_stop", "status", "mapping", "topic", "sensor_id");

    /** Fields of a failed point; validated points have payload-defined fields. */
    static final Set<String> FAILED_FIELDS = Set.of("primary_error", "error_count", "errors", "payload");

    // ------------------------------------------------------------------ compose

    private static JsonNode compose() {
        return yaml(ROOT.resolve("docker-compose.yml"));
    }

    private static Map<String, JsonNode> services() {
        Map<String, JsonNode> out = new LinkedHashMap<>();
        compose().path("services").fields().forEachRemaining(e -> out.put(e.getKey(), e.getValue()));
        return out;
    }

    @Test
    void composeHasTheSevenServicesAndTwoFleetMembers() {
        assertThat(services()).containsOnlyKeys("app", "mosquitto", "influxdb", "postgres", "prometheus", "alertmanager",
                "grafana", "gateway-2", "gateway-3");
    }

    @Test
    void fleetProfileRunsThreeMembersOfOneSharedGroupOnOneBroker() throws IOException {
        Map<String, JsonNode> services = services();
        List<String> fleet = new ArrayList<>();
        services.forEach((name, service) -> {
            service.path("profiles").forEach(p -> {
                if (p.asText().equals("fleet")) {
                    fleet.add(name);
                }
            });
        });
        assertThat(fleet).as("the profile adds two members").containsExactlyInAnyOrder("gateway-2", "gateway-3");
        assertThat(services.get("app").has("profiles")).as("the app runs without a profile").isFalse();
        JsonNode app = services.get("app").path("environment");
        Set<String> clientIds = new HashSet<>();
        for (String name : List.of("app", "gateway-2", "gateway-3")) {
            JsonNode service = services.get(name);
            JsonNode env = service.path("environment");
            String group = env.path("MQTT_SHARED_GROUP").asText();
            assertThat(group).as("%s shares the app's group", name).isEqualTo(app.path("MQTT_SHARED_GROUP").asText());
            assertThat(io.contractgate.mqtt.SharedSubscription.group(group)).as("%s group", name).isNotEmpty();
            // each member's own, stable client ids: a fixed id, valid by the gateway's own rule
            String id = env.path("MQTT_CLIENT_ID").asText();
            Map<String, String> settings = Map.of("mqtt.shared-group", group, "mqtt.client-id", id,
                    "mqtt.broker.url", env.path("MQTT_BROKER_URL").asText());
            assertThat(io.contractgate.mqtt.BrokerSettings.from(settings::get, k -> null).clientIdPrefix())
                    .as("%s needs no host name to be told apart", name).isEqualTo(id);
            assertThat(clientIds.add(id)).as("%s client id %s is its own", name, id).isTrue();
            assertThat(env.path("MQTT_BROKER_URL").asText()).as("%s: one broker", name).isEqualTo("tcp://mosquitto:1883");
            assertThat(env.path("CAMEL_SERVER_HOST").asText()).isEqualTo("0.0.0.0");
            assertThat(env.path("QUARANTINE_JDBC_URL").asText()).as("%s: one quarantine store (the postgres service)",
                    name).isEqualTo(app.path("QUARANTINE_JDBC_URL").asText());
            // one configuration: without the shared state an admin change on the app never reached the members
            assertThat(env.path("STATE_JDBC_URL").asText()).as("%s: the fleet's shared state (docs/fleet-state.md)", name)
                    .startsWith("jdbc:postgresql://postgres:5432/").isEqualTo(app.path("STATE_JDBC_URL").asText());
            assertThat(env.path("STATE_USER").asText()).as("%s: state user", name).isNotEmpty();
            assertThat(env.path("STATE_PASSWORD").asText()).as("%s: state password", name).isNotEmpty();
            assertThat(service.path("depends_on").path("mosquitto").path("condition").asText())
                    .isEqualTo("service_healthy");
            assertThat(service.path("depends_on").path("postgres").path("condition").asText())
                    .isEqualTo("service_healthy");
        }
        for (String member : fleet) {
            assertThat(services.get(member).path("image").asText()).as("%s runs the app's image", member)
                    .isEqualTo(services.get("app").path("image").asText());
            assertThat(services.get(member).has("ports")).as("%s leaves the host's 8000 to the app", member).isFalse();
            // files shared by volume and by the shared state would be written by every member at each change
            assertThat(services.get(member).has("volumes")).as("%s takes its files from the shared state", member).isFalse();
        }
        // a member that is down keeps being given its share by Mosquitto (docs/scaling.md): the default queue of
        // 1,000 messages per session would drop them
        String mosquitto = Files.readString(ROOT.resolve("docker/mosquitto/mosquitto.conf"));
        Matcher queued = Pattern.compile("(?m)^max_queued_messages (\\d+)$").matcher(mosquitto);
        assertThat(queued.find()).as("mosquitto.conf sets max_queued_messages").isTrue();
        assertThat(Integer.parseInt(queued.group(1))).isGreaterThanOrEqualTo(100_000);
    }

    @Test
    void everyServiceHasAHealthcheck() {
        services().forEach((name, service) -> {
            JsonNode hc = service.path("healthcheck");
            assertThat(hc.isObject()).as("%s has a healthcheck", name).isTrue();
            assertThat(hc.path("disable").asBoolean(false)).as("%s healthcheck disabled", name).isFalse();
            JsonNode test = hc.path("test");
            assertThat(test.isArray() ? test.size() > 1 : !test.asText().isBlank())
                    .as("%s healthcheck has a test command", name).isTrue();
            if (test.isArray()) {
                assertThat(test.get(0).asText()).as("%s healthcheck form", name).isIn("CMD", "CMD-SHELL");
            }
        });
    }

    @Test
    void everyDependsOnWaitsForAHealthyService() {
        Map<String, JsonNode> services = services();
        int edges = 0;
        for (var e : services.entrySet()) {
            JsonNode dependsOn = e.getValue().path("depends_on");
            if (dependsOn.isMissingNode()) {
                continue;
            }
            // The short list form cannot carry a condition, so it means "started", not "healthy".
            assertThat(dependsOn.isObject()).as("%s depends_on must use the long form with a condition", e.getKey()).isTrue();
            for (var dep : iterable(dependsOn.fields())) {
                assertThat(services).as("%s depends on unknown service", e.getKey()).containsKey(dep.getKey());
                assertThat(dep.getValue().path("condition").asText())
                        .as("%s -> %s condition", e.getKey(), dep.getKey()).isEqualTo("service_healthy");
                edges++;
            }
        }
        assertThat(edges).as("the app and grafana wait for their backends").isGreaterThanOrEqualTo(3);
        assertThat(services.get("app").path("depends_on").has("mosquitto")).isTrue();
        assertThat(services.get("app").path("depends_on").has("influxdb")).isTrue();
        assertThat(services.get("app").path("depends_on").has("postgres")).isTrue();
    }

    @Test
    void buildContextAndDockerfileExist() {
        JsonNode build = services().get("app").path("build");
        String context = build.isTextual() ? build.asText() : build.path("context").asText(".");
        String dockerfile = build.isTextual() ? "Dockerfile" : build.path("dockerfile").asText("Dockerfile");
        Path ctx = ROOT.resolve(context).normalize();
        assertThat(ctx).isDirectory();
        assertThat(ctx.resolve(dockerfile)).isRegularFile();
        assertThat(ctx.resolve("pom.xml")).as("the build stage compiles this project").isRegularFile();
    }

    @Test
    void bindMountsExistAndNamedVolumesAreDeclared() {
        Set<String> declared = new HashSet<>();
        compose().path("volumes").fieldNames().forEachRemaining(declared::add);
        Set<String> used = new HashSet<>();
        int binds = 0;
        for (var e : services().entrySet()) {
            for (JsonNode volume : e.getValue().path("volumes")) {
                String source;
                String type;
                if (volume.isTextual()) {
                    source = volume.asText().split(":", 2)[0];
                    type = source.startsWith(".") || source.startsWith("/") || source.startsWith("~") ? "bind" : "volume";
                } else {
                    source = volume.path("source").asText();
                    type = volume.path("type").asText("volume");
                }
                if (type.equals("bind")) {
                    assertThat(source).as("%s: bind mounts stay inside the repo", e.getKey()).startsWith("./");
                    assertThat(ROOT.resolve(source).normalize()).as("%s mounts %s", e.getKey(), source).exists();
                    binds++;
                } else {
                    assertThat(declared).as("%s uses named volume %s", e.getKey(), source).contains(source);
                    used.add(source);
                }
            }
        }
        assertThat(binds).isGreaterThanOrEqualTo(4);
        assertThat(used).as("every declared volume is used").containsExactlyInAnyOrderElementsOf(declared);
    }

    @Test
    void expectedPortsArePublished() {
        Map<String, JsonNode> services = services();
        EXPECTED_PORTS.forEach((service, port) -> {
            List<String> published = new ArrayList<>();
            for (JsonNode p : services.get(service).path("ports")) {
                published.add(p.isTextual() ? p.asText()
                        : p.path("published").asText() + ":" + p.path("target").asText());
            }
            assertThat(published).as("%s publishes %d", service, port).contains(port + ":" + port);
        });
    }

    @Test
    void composeVariablesAreAllInEnvExample() throws IOException {
        // Whole-line comments only: they may mention ${VAR} syntax without using it.
        String composeText = Files.readAllLines(ROOT.resolve("docker-compose.yml")).stream()
                .filter(l -> !l.strip().startsWith("#"))
                .collect(Collectors.joining("\n"));
        Set<String> used = new LinkedHashSet<>();
        Matcher m = Pattern.compile("(?<!\\$)\\$\\{([A-Z0-9_]+)").matcher(composeText);
        while (m.find()) {
            used.add(m.group(1));
        }
        Set<String> defined = envExample().keySet();
        assertThat(used).isNotEmpty();
        assertThat(defined).as(".env.example defines every variable compose reads").containsAll(used);
        assertThat(defined).as("and nothing compose ignores").containsExactlyInAnyOrderElementsOf(used);
    }

    @Test
    void secretsAreRequiredNotDefaulted() throws IOException {
        String composeText = Files.readString(ROOT.resolve("docker-compose.yml"));
        for (String secret : List.of("INFLUXDB_TOKEN", "INFLUXDB_PASSWORD", "GRAFANA_ADMIN_PASSWORD", "ADMIN_PASSWORD", "ADMIN_VIEWER_PASSWORD",
                "POSTGRES_PASSWORD")) {
            assertThat(composeText).as("%s must fail fast when unset", secret).contains("${" + secret + ":?");
            assertThat(composeText).as("%s has no built-in default", secret).doesNotContain("${" + secret + ":-");
        }
    }

    @Test
    void appIsWiredToBrokerAndInflux() {
        JsonNode env = services().get("app").path("environment");
        assertThat(env.path("MQTT_BROKER_URL").asText()).isEqualTo("tcp://mosquitto:1883");
        assertThat(env.path("INFLUX_URL").asText()).isEqualTo("http://influxdb:8086");
        assertThat(env.path("INFLUX_TOKEN").asText()).startsWith("${INFLUXDB_TOKEN");
        assertThat(env.path("QUARANTINE_JDBC_URL").asText()).startsWith("jdbc:postgresql://postgres:5432/");
        assertThat(env.path("QUARANTINE_PASSWORD").asText()).isEqualTo("${POSTGRES_PASSWORD:?set POSTGRES_PASSWORD in .env}");
        JsonNode influx = services().get("influxdb").path("environment");
        assertThat(influx.path("DOCKER_INFLUXDB_INIT_MODE").asText()).isEqualTo("setup");
        assertThat(influx.path("DOCKER_INFLUXDB_INIT_ADMIN_TOKEN").asText())
                .as("one token shared by influx, the app and grafana").isEqualTo(env.path("INFLUX_TOKEN").asText());
        for (String key : List.of("USERNAME", "PASSWORD", "ORG", "BUCKET")) {
            assertThat(influx.has("DOCKER_INFLUXDB_INIT_" + key)).as(key).isTrue();
        }
    }

    @Test
    void dockerfileBuildsANonRootImageWithHealthcheck() throws IOException {
        String dockerfile = Files.readString(ROOT.resolve("Dockerfile"));
        List<String> froms = dockerfile.lines().filter(l -> l.startsWith("FROM ")).toList();
        assertThat(froms).hasSize(2);
        assertThat(froms.get(0)).startsWith("FROM maven:3.9-eclipse-temurin-17");
        assertThat(froms.get(1)).startsWith("FROM eclipse-temurin:17-jre");
        assertThat(dockerfile).contains("mvn -B -DskipTests package", "WORKDIR /app",
                "routes/", "schemas/", "web/", "application.properties", "contract-gateway.jar",
                // the probe talks to the health endpoint on 8000 (see the comment in the Dockerfile)
                "/dev/tcp/127.0.0.1/8000", "GET /observe/health", "JAVA_OPTS");
        assertThat(dockerfile).containsPattern("(?m)^EXPOSE 8000 1883 9010$");
        assertThat(dockerfile).containsPattern("(?m)^HEALTHCHECK ");
        String user = dockerfile.lines().filter(l -> l.startsWith("USER ")).reduce((a, b) -> b).orElse("USER root");
        assertThat(user).as("runtime user").isNotIn("USER root", "USER 0");
    }

    /**
     * The folders the gateway writes under its working folder /app by default (application.properties) exist in the
     * image and belong to its unprivileged user (WORKDIR makes /app root's), and compose's volumes sit on the folders
     * the defaults name.
     */
    @Test
    void imageHasWritableDataFoldersAndComposeMountsTheOnesTheGatewayUses() throws IOException {
        java.util.Properties defaults = new java.util.Properties();
        try (var in = Files.newInputStream(ROOT.resolve("application.properties"))) {
            defaults.load(in);
        }
        String dockerfile = Files.readString(ROOT.resolve("Dockerfile"));
        for (String key : List.of("admin.config-dir", "mqtt.embedded.data-dir", "quarantine.data-dir")) {
            String top = Path.of(defaults.getProperty(key)).getName(0).toString();
            assertThat(dockerfile).as("%s=%s: /app/%s made and given to the gateway user", key, defaults.getProperty(key), top)
                    .containsPattern("(?m)^RUN mkdir -p [^\\n]*/app/" + top + "\\b[^\\n]*&& chown gateway:gateway [^\\n]*/app/" + top + "\\b");
        }
        Set<String> mounted = new HashSet<>();
        services().get("app").path("volumes").forEach(v -> mounted.add(v.asText().split(":")[1]));
        String routes = defaults.getProperty("camel.main.routes-include-pattern").replaceFirst("^file:", "");
        assertThat(mounted).as("mappings, contracts and admin config survive a restart").contains(
                "/app/" + Path.of(routes).getParent(), "/app/" + defaults.getProperty("contracts.dir"),
                "/app/" + defaults.getProperty("admin.config-dir"));
    }

    /** A gateway gets as long to stop as in Kubernetes (30 s), not compose's 10 s, which SIGKILLs it mid-shutdown. */
    @Test
    void gatewaysGetThirtySecondsToStop() {
        for (String name : List.of("app", "gateway-2", "gateway-3")) {
            assertThat(services().get(name).path("stop_grace_period").asText()).as(name).isEqualTo("30s");
        }
    }

    /** Every image compose pulls has an exact version (a moving tag changes the stack under you), as docs/stack.md lists it. */
    @Test
    void pulledImagesArePinnedToAPatchVersionAndListedInTheStackPage() throws IOException {
        String stackPage = Files.readString(ROOT.resolve("docs/stack.md"));
        services().forEach((name, service) -> {
            if (service.has("build") || service.has("profiles")) {
                return; // the gateway's own image, built here
            }
            String image = service.path("image").asText();
            if (image.equals(services().get("app").path("image").asText())) {
                return;
            }
            // PostgreSQL's versions have had two numbers since 10 (17.2 is a release, like 2.0.20 of the others)
            assertThat(image).as("%s image", name).matches("[a-z0-9./-]+:v?\\d+\\.\\d+\\.\\d+|postgres:\\d+\\.\\d+");
            assertThat(stackPage).as("docs/stack.md lists %s's image", name).contains("`" + image + "`");
        });
    }

    /** README: the Dockerfile and compose run the JVM with scripts/gateway.sh's defaults (the measured ones). */
    @Test
    void imageAndComposeUseTheScriptsJvmSettings() throws IOException {
        Matcher script = Pattern.compile("\\$\\{JAVA_OPTS:-([^}]+)}").matcher(Files.readString(ROOT.resolve("scripts/gateway.sh")));
        assertThat(script.find()).as("scripts/gateway.sh defaults JAVA_OPTS").isTrue();
        String javaOpts = script.group(1);
        String dockerfile = Files.readString(ROOT.resolve("Dockerfile"));
        assertThat(dockerfile).contains("ENV JAVA_OPTS=\"" + javaOpts + "\" MALLOC_ARENA_MAX=2");
        for (String name : List.of("app", "gateway-2", "gateway-3")) {
            JsonNode env = services().get(name).path("environment");
            assertThat(env.path("JAVA_OPTS").asText()).as(name).isEqualTo("${JAVA_OPTS:-" + javaOpts + "}");
            assertThat(env.path("MALLOC_ARENA_MAX").asText()).as(name).isEqualTo("2");
        }
        assertThat(Files.readString(ROOT.resolve("scripts/gateway.sh"))).contains("MALLOC_ARENA_MAX:-2");
    }

    // --------------------------------------------------------------- prometheus

    @Test
    void prometheusScrapesTheGatewayEvery5s() {
        JsonNode prom = yaml(ROOT.resolve("prometheus.yml"));
        JsonNode job = null;
        for (JsonNode j : prom.path("scrape_configs")) {
            if (j.path("job_name").asText().equals("contract-gateway")) {
                job = j;
            }
        }
        assertThat(job).as("scrape job contract-gateway").isNotNull();
        assertThat(job.path("scrape_interval").asText()).isEqualTo("5s");
        assertThat(job.path("metrics_path").asText()).isEqualTo("/metrics");
        List<String> targets = new ArrayList<>();
        job.path("static_configs").forEach(sc -> sc.path("targets").forEach(t -> targets.add(t.asText())));
        assertThat(targets).containsExactly("app:8000");
    }

    @Test
    void prometheusRuleFilesResolveInRepoAndContainer() {
        JsonNode prom = yaml(ROOT.resolve("prometheus.yml"));
        List<String> ruleFiles = new ArrayList<>();
        prom.path("rule_files").forEach(r -> ruleFiles.add(r.asText()));
        assertThat(ruleFiles).isNotEmpty();
        List<String> mounts = new ArrayList<>();
        services().get("prometheus").path("volumes").forEach(v -> mounts.add(v.asText()));
        for (String rf : ruleFiles) {
            assertThat(rf).as("relative, so promtool resolves it in the repo like Prometheus does in the container").doesNotStartWith("/");
            String dir = rf.substring(0, rf.lastIndexOf('/'));
            assertThat(ROOT.resolve(dir)).isDirectory();
            assertThat(PromqlExpressions.files(ROOT.resolve(dir), ".yml")).isNotEmpty();
            assertThat(mounts).contains("./" + dir + ":/etc/prometheus/" + dir + ":ro");
        }
        assertThat(mounts).contains("./prometheus.yml:/etc/prometheus/prometheus.yml:ro");
    }

    // ------------------------------------------------------------------ grafana

    @Test
    void everyProvisioningYamlAndDashboardParses() {
        List<Path> yamls = PromqlExpressions.files(ROOT.resolve("grafana/provisioning"), ".yml", ".yaml");
        assertThat(yamls).extracting(p -> ROOT.resolve("grafana/provisioning").relativize(p).toString().replace('\\', '/'))
                .contains("datasources/datasources.yml", "dashboards/dashboards.yml", "alerting/alerts.yml",
                        "alerting/contact-points.yml");
        for (Path p : yamls) {
            assertThat(yaml(p).path("apiVersion").asInt()).as("%s apiVersion", p).isEqualTo(1);
        }
        List<Path> dashboards = dashboards();
        assertThat(dashboards).extracting(p -> p.getFileName().toString())
                .containsExactlyInAnyOrder("pipeline-health.json", "sensor-data.json");
        Set<String> uids = new HashSet<>();
        for (Path p : dashboards) {
            JsonNode d = json(p);
            assertThat(d.path("uid").asText()).as("%s uid", p).isNotBlank();
            assertThat(uids.add(d.path("uid").asText())).as("dashboard uids are unique").isTrue();
            assertThat(d.path("title").asText()).isNotBlank();
            assertThat(PromqlExpressions.panels(d)).as("%s has panels", p).isNotEmpty();
            Set<Integer> ids = new HashSet<>();
            for (JsonNode panel : PromqlExpressions.panels(d)) {
                assertThat(ids.add(panel.path("id").asInt())).as("%s panel ids unique", p).isTrue();
                assertThat(panel.path("gridPos").path("w").asInt()).isBetween(1, 24);
            }
        }
    }

    @Test
    void dashboardProviderPointsAtTheMountedDashboards() {
        JsonNode provider = yaml(ROOT.resolve("grafana/provisioning/dashboards/dashboards.yml")).path("providers").get(0);
        String path = provider.path("options").path("path").asText();
        List<String> mounts = new ArrayList<>();
        services().get("grafana").path("volumes").forEach(v -> mounts.add(v.asText()));
        assertThat(mounts).contains("./grafana/dashboards:" + path + ":ro", "./grafana/provisioning:/etc/grafana/provisioning:ro");
    }

    /** uid -> type of every provisioned datasource. */
    private static Map<String, String> datasources() {
        Map<String, String> out = new HashMap<>();
        for (JsonNode ds : yaml(ROOT.resolve("grafana/provisioning/datasources/datasources.yml")).path("datasources")) {
            out.put(ds.path("uid").asText(), ds.path("type").asText());
        }
        return out;
    }

    @Test
    void datasourcesAreProvisionedWithFixedUids() {
        Map<String, String> ds = datasources();
        assertThat(ds).containsEntry("prometheus", "prometheus").containsEntry("influxdb", "influxdb");
        JsonNode influx = null;
        for (JsonNode d : yaml(ROOT.resolve("grafana/provisioning/datasources/datasources.yml")).path("datasources")) {
            if (d.path("uid").asText().equals("influxdb")) {
                influx = d;
            }
        }
        assertThat(influx.path("jsonData").path("version").asText()).isEqualTo("Flux");
        // The $VARs Grafana expands must be in its container environment.
        JsonNode grafanaEnv = services().get("grafana").path("environment");
        for (String ref : List.of(influx.path("jsonData").path("organization").asText(),
                influx.path("jsonData").path("defaultBucket").asText(),
                influx.path("secureJsonData").path("token").asText())) {
            Matcher m = Pattern.compile("\\$\\{?(\\w+)}?").matcher(ref);
            assertThat(m.find()).as("%s comes from the environment", ref).isTrue();
            assertThat(grafanaEnv.has(m.group(1))).as("grafana env has %s", m.group(1)).isTrue();
        }
    }

    @Test
    void everyPanelTargetAndVariableUsesAProvisionedDatasource() {
        Map<String, String> ds = datasources();
        int targets = 0;
        for (Path p : dashboards()) {
            JsonNode d = json(p);
            List<JsonNode> refs = new ArrayList<>();
            d.path("templating").path("list").forEach(v -> refs.add(v.path("datasource")));
            for (JsonNode panel : PromqlExpressions.panels(d)) {
                refs.add(panel.path("datasource"));
                assertThat(panel.path("targets").size()).as("%s panel %s has targets", p, panel.path("title")).isPositive();
                for (JsonNode t : panel.path("targets")) {
                    refs.add(t.path("datasource"));
                    targets++;
                }
            }
            for (JsonNode ref : refs) {
                assertThat(ref.isObject()).as("%s: datasource must be {type, uid}, got %s", p, ref).isTrue();
                String uid = ref.path("uid").asText();
                assertThat(ds).as("%s: datasource uid %s is provisioned", p, uid).containsKey(uid);
                assertThat(ref.path("type").asText()).as("%s: type of %s", p, uid).isEqualTo(ds.get(uid));
            }
        }
        assertThat(targets).isGreaterThan(20);
    }

    @Test
    void alertRulesAreWellFormedAndUseProvisionedDatasources() {
        Map<String, String> ds = datasources();
        JsonNode alerts = yaml(ROOT.resolve("grafana/provisioning/alerting/alerts.yml"));
        Set<String> titles = new HashSet<>();
        Set<String> uids = new HashSet<>();
        for (JsonNode group : alerts.path("groups")) {
            assertThat(group.path("folder").asText()).isNotBlank();
            assertThat(group.path("interval").asText()).matches("\\d+[smh]");
            for (JsonNode rule : group.path("rules")) {
                String uid = rule.path("uid").asText();
                assertThat(uids.add(uid)).as("rule uid %s unique", uid).isTrue();
                assertThat(uid.length()).as("Grafana caps rule uids at 40 chars").isBetween(1, 40);
                titles.add(rule.path("title").asText());
                Set<String> refIds = new HashSet<>();
                boolean hasPrometheusQuery = false;
                boolean hasThresholdOrMath = false;
                for (JsonNode q : rule.path("data")) {
                    refIds.add(q.path("refId").asText());
                    String dsUid = q.path("datasourceUid").asText();
                    assertThat(dsUid.equals("__expr__") || ds.containsKey(dsUid))
                            .as("rule %s ref %s datasource %s", uid, q.path("refId"), dsUid).isTrue();
                    assertThat(q.path("model").path("refId").asText()).isEqualTo(q.path("refId").asText());
                    if (dsUid.equals("prometheus")) {
                        assertThat(q.path("model").path("expr").asText()).as("rule %s PromQL", uid).isNotBlank();
                        assertThat(q.path("relativeTimeRange").path("from").asInt()).isPositive();
                        hasPrometheusQuery = true;
                    } else {
                        String type = q.path("model").path("type").asText();
                        assertThat(type).isIn("reduce", "math", "threshold", "classic_conditions", "resample");
                        hasThresholdOrMath |= type.equals("threshold") || type.equals("math");
                    }
                }
                // Expressions may only reference refIds of the same rule.
                for (JsonNode q : rule.path("data")) {
                    String expression = q.path("model").path("expression").asText("");
                    if (q.path("model").path("type").asText().matches("reduce|threshold|resample")) {
                        assertThat(refIds).as("rule %s: %s refers to %s", uid, q.path("refId"), expression).contains(expression);
                    }
                }
                assertThat(hasPrometheusQuery).as("rule %s queries Prometheus", uid).isTrue();
                assertThat(hasThresholdOrMath).as("rule %s has a threshold/math condition", uid).isTrue();
                assertThat(refIds).as("rule %s condition", uid).contains(rule.path("condition").asText());
                assertThat(rule.path("for").asText()).matches("\\d+[smh]");
                assertThat(rule.path("noDataState").asText()).isIn("OK", "NoData", "Alerting");
                assertThat(rule.path("execErrState").asText()).isIn("OK", "Error", "Alerting");
                assertThat(rule.path("annotations").path("summary").asText()).isNotBlank();
            }
        }
        assertThat(uids).as("failure ratio, silent mapping, broker, influx writes").hasSizeGreaterThanOrEqualTo(4);
        assertThat(String.join("|", titles).toLowerCase())
                .contains("failure ratio", "no messages", "broker", "influxdb writes");
    }

    // -------------------------------------------------------------------- promql

    @Test
    void everyPromqlExpressionUsesOnlyKnownMetrics() {
        List<PromqlExpressions.Expression> all = PromqlExpressions.all(ROOT);
        assertThat(all).hasSizeGreaterThan(25);
        assertThat(all).anyMatch(e -> e.source().contains("alerts.yml"));
        assertThat(all).anyMatch(e -> e.source().contains("rules.yml"));
        assertThat(all).anyMatch(e -> e.source().contains("pipeline-health.json"));
        Map<String, List<String>> unknown = new LinkedHashMap<>();
        Set<String> seen = new HashSet<>();
        for (PromqlExpressions.Expression e : all) {
            assertThat(e.executable()).as("%s: unresolved Grafana variable", e).doesNotContain("$");
            Set<String> names = PromqlExpressions.metricNames(e.executable());
            assertThat(names).as("%s selects some metric", e).isNotEmpty();
            seen.addAll(names);
            List<String> bad = names.stream().filter(n -> !isKnownMetric(n)).toList();
            if (!bad.isEmpty()) {
                unknown.put(e.toString(), bad);
            }
        }
        assertThat(unknown).as("expressions using metrics the app does not expose").isEmpty();
        // The dashboards should cover what the app exposes, not a corner of it.
        assertThat(seen).contains("mqtt_messages_total", "mqtt_messages_processed_total", "mqtt_sensor_id_folded_total",
                "mqtt_contract_violations_total", "contract_info",
                "contract_validation_seconds_bucket", "mqtt_handling_seconds_bucket", "contract_config_reloads_total",
                "mqtt_broker_connected", "influx_points_written_total", "influx_points_failed_total",
                "influx_points_dropped_total", "influx_write_retries_total", "influx_points_buffered",
                "quarantine_rows", "quarantine_rows_dropped_total", "quarantine_redriven_total");
    }

    @Test
    void histogramQuantilesUseBucketsAndKeepLe() {
        for (PromqlExpressions.Expression e : PromqlExpressions.all(ROOT)) {
            if (e.raw().contains("histogram_quantile")) {
                assertThat(e.raw()).as(e.toString()).contains("_bucket").containsPattern("by \\((le|[^)]*\\ble\\b)");
            }
        }
    }

    @Test
    void variableQueriesUseKnownMetrics() {
        Pattern labelValues = Pattern.compile("label_values\\(\\s*([a-zA-Z_:][\\w:]*)\\s*,\\s*(\\w+)\\s*\\)");
        int checked = 0;
        for (Path p : dashboards()) {
            for (JsonNode v : json(p).path("templating").path("list")) {
                if (!v.path("datasource").path("uid").asText().equals("prometheus")) {
                    continue;
                }
                String q = v.path("query").isObject() ? v.path("query").path("query").asText() : v.path("query").asText();
                Matcher m = labelValues.matcher(q);
                assertThat(m.matches()).as("%s variable %s", p, v.path("name")).isTrue();
                assertThat(isKnownMetric(m.group(1))).as("%s variable metric %s", p, m.group(1)).isTrue();
                checked++;
            }
        }
        assertThat(checked).isPositive();
    }

    /** The checker itself must be able to say no, or the test above proves nothing. */
    @Test
    void metricExtractorFindsMetricsAndIgnoresEverythingElse() {
        assertThat(PromqlExpressions.metricNames(
                "histogram_quantile(0.95, sum by (le, mapping) (rate(contract_validation_seconds_bucket{mapping=~\".*\"}[1m])))"))
                .containsExactly("contract_validation_seconds_bucket");
        assertThat(PromqlExpressions.metricNames(
                "(sum by (mapping) (rate(a_total{status=\"failed\"}[5m])) or vector(0)) / on(mapping) group_left clamp_min(b_total offset 5m, 1e-9) > bool 0.5"))
                .containsExactlyInAnyOrder("a_total", "b_total");
        assertThat(PromqlExpressions.metricNames("topk(10, sum without (instance) (increase(mqtt_messages_totl[1h]))) > 0"))
                .containsExactly("mqtt_messages_totl")
                .allMatch(n -> !isKnownMetric(n));
        assertThat(isKnownMetric("camel_exchanges_total")).isTrue();
        assertThat(isKnownMetric("mqtt_messages")).isFalse();
        assertThat(PromqlExpressions.toExecutable("rate(x{m=~\"$mapping\", n=~\"${node:regex}\"}[$__rate_interval]) $other", Set.of("mapping", "node")))
                .isEqualTo("rate(x{m=~\".*\", n=~\".*\"}[1m]) $other");
    }

    /** The label check PrometheusIT runs against a real scrape must be able to say no too. */
    @Test
    void labelCheckFindsRenamedLabelsAndMissingMetrics() {
        String scrape = """
                # HELP mqtt_messages_total Messages
                # TYPE mqtt_messages_total counter
                mqtt_messages_total{mapping="sensor1",status="failed"} 3.0
                mqtt_messages_total{mapping="sen}s\\"or2",status="validated"} 4.0
                mqtt_broker_connected 1.0
                """;
        Map<String, Set<String>> scraped = PromqlExpressions.labelsByMetric(scrape);
        assertThat(scraped).containsOnlyKeys("mqtt_messages_total", "mqtt_broker_connected")
                .containsEntry("mqtt_messages_total", Set.of("mapping", "status"))
                .containsEntry("mqtt_broker_connected", Set.of());
        assertThat(PromqlExpressions.labelNames(
                "(sum by (mapping) (rate(x_total{status=\"fa=iled\", mapping=~\"$m\"}[5m])) or vector(0)) / on(instance) group_left y"))
                .containsExactlyInAnyOrder("status", "mapping", "instance");
        Set<String> target = Set.of("job", "instance");
        assertThat(PromqlExpressions.missingFrom(
                "sum by (mapping, job) (rate(mqtt_messages_total{status=\"failed\"}[5m])) or vector(0)", scraped, target))
                .isEmpty();
        assertThat(PromqlExpressions.missingFrom(
                "(sum by (route) (rate(mqtt_messages_total{result=\"failed\"}[5m])) or vector(0)) * min(mqtt_connected)",
                scraped, target))
                .containsExactlyInAnyOrder("metric mqtt_connected", "label route", "label result");
    }

    /**
     * The real PromQL parser, when promtool is installed (Debian package "prometheus"):
     * every executable expression becomes a recording rule and `promtool check rules`
     * parses it. Fails, naming the install step, where promtool is missing.
     */
    @Test
    void everyPromqlExpressionParsesWithPromtool(@TempDir Path tmp) throws Exception {
        assertThat(onPath("promtool")).as("promtool is not installed: run scripts/install-test-deps.sh (apt-get install -y prometheus)").isTrue();
        StringBuilder rules = new StringBuilder("groups:\n  - name: stack-files-test\n    rules:\n");
        List<PromqlExpressions.Expression> all = PromqlExpressions.all(ROOT);
        for (int i = 0; i < all.size(); i++) {
            rules.append("      - record: stack_files_test:expr_").append(i).append('\n')
                    .append("        expr: ").append(JSON.writeValueAsString(all.get(i).executable())).append('\n');
        }
        Path file = tmp.resolve("exprs.yml");
        Files.writeString(file, rules, StandardCharsets.UTF_8);
        Process p = new ProcessBuilder("promtool", "check", "rules", file.toString()).redirectErrorStream(true).start();
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.exitValue()).as("promtool check rules:\n%s", out).isZero();
        assertThat(out).contains("SUCCESS: " + all.size() + " rules found");
    }

    /** promtool's own config check and the rule unit tests in prometheus/tests/, when promtool is installed. */
    @Test
    void promtoolAcceptsConfigAndRuleTestsPass() throws Exception {
        assertThat(onPath("promtool")).as("promtool is not installed: run scripts/install-test-deps.sh (apt-get install -y prometheus)").isTrue();
        for (List<String> cmd : List.of(
                List.of("promtool", "check", "config", "prometheus.yml"),
                List.of("promtool", "test", "rules", "prometheus/tests/rules_test.yml"))) {
            Process p = new ProcessBuilder(cmd).directory(ROOT.toFile()).redirectErrorStream(true).start();
            assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(p.exitValue()).as("%s:%n%s", String.join(" ", cmd), out).isZero();
            assertThat(out).contains("SUCCESS").doesNotContain("FAILED");
        }
    }

    // ---------------------------------------------------------------------- flux

    @Test
    void fluxQueriesReadMqttMessagesWithKnownColumns() {
        Pattern column = Pattern.compile("\\br\\.(\\w+)");
        Pattern fieldEq = Pattern.compile("r\\._field == \"([^\"]+)\"");
        int queries = 0;
        for (Path p : dashboards()) {
            JsonNode d = json(p);
            List<String> fluxQueries = new ArrayList<>();
            for (JsonNode panel : PromqlExpressions.panels(d)) {
                for (JsonNode t : panel.path("targets")) {
                    if (t.path("datasource").path("uid").asText().equals("influxdb")) {
                        assertThat(t.path("query").asText()).as("%s panel %s Flux", p, panel.path("title")).isNotBlank();
                        fluxQueries.add(t.path("query").asText());
                    }
                }
            }
            for (JsonNode v : d.path("templating").path("list")) {
                if (v.path("datasource").path("uid").asText().equals("influxdb")) {
                    fluxQueries.add(v.path("query").asText());
                }
            }
            for (String q : fluxQueries) {
                queries++;
                assertThat(q).as("reads the gateway's measurement").contains("r._measurement == \"mqtt_messages\"");
                assertThat(q).as("bucket comes from the datasource, not hard-coded").contains("bucket: v.defaultBucket");
                Matcher m = column.matcher(q);
                while (m.find()) {
                    assertThat(INFLUX_COLUMNS).as("column r.%s in %s", m.group(1), q).contains(m.group(1));
                }
                Matcher f = fieldEq.matcher(q);
                while (f.find()) {
                    assertThat(f.group(1).equals("${field}") || FAILED_FIELDS.contains(f.group(1)))
                            .as("field %s in %s", f.group(1), q).isTrue();
                }
            }
        }
        assertThat(queries).isGreaterThanOrEqualTo(8);
    }

    /**
     * InfluxData's Flux parser (npm @influxdata/flux-lsp-node, see scripts/check-flux.mjs),
     * when node and `npm --prefix scripts install` are there. Fails, naming the install step, otherwise.
     */
    @Test
    void fluxQueriesParseWithInfluxParser() throws Exception {
        assertThat(onPath("node")).as("node is not installed: run scripts/install-test-deps.sh").isTrue();
        assertThat(ROOT.resolve("scripts/node_modules/@influxdata/flux-lsp-node"))
                .as("the Flux parser is not installed: run scripts/install-test-deps.sh (npm --prefix scripts install)")
                .isDirectory();
        Process p = new ProcessBuilder("node", "scripts/check-flux.mjs").directory(ROOT.toFile())
                .redirectErrorStream(true).start();
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.exitValue()).as("scripts/check-flux.mjs:%n%s", out).isZero();
        assertThat(out).containsPattern("(?m)^\\d+ passed, 0 failed$");
    }

    // ------------------------------------------------------------------ helpers

    static boolean isKnownMetric(String name) {
        return APP_METRICS.contains(name) || PROMETHEUS_SYNTHETIC.contains(name) || name.startsWith("camel_");
    }

    private static List<Path> dashboards() {
        return PromqlExpressions.files(ROOT.resolve("grafana/dashboards"), ".json");
    }

    private static Map<String, String> envExample() throws IOException {
        return Files.readAllLines(ROOT.resolve(".env.example")).stream()
                .map(String::strip)
                .filter(l -> !l.isEmpty() && !l.startsWith("#"))
                .map(l -> l.split("=", 2))
                .collect(Collectors.toMap(a -> a[0], a -> a.length > 1 ? a[1] : "", (a, b) -> b, LinkedHashMap::new));
    }

    private static boolean onPath(String tool) {
        return Stream.of(System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator))
                .anyMatch(dir -> Files.isExecutable(Path.of(dir, tool)));
    }

    private static JsonNode yaml(Path p) {
        return PromqlExpressions.read(YAML, p);
    }

    private static JsonNode json(Path p) {
        return PromqlExpressions.read(JSON, p);
    }

    private static <T> Iterable<T> iterable(java.util.Iterator<T> it) {
        return () -> it;
    }
}
