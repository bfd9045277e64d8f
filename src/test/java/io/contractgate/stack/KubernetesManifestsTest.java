package io.contractgate.stack;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.contractgate.settings.SecretFiles;
import io.contractgate.mqtt.BrokerSettings;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Kubernetes manifests, checked offline with the real kubectl (Debian package {@code kubectl}, installed by
 * scripts/install-test-deps.sh), both variants: deploy/kubernetes (the default, a StatefulSet with persistent
 * sessions) and deploy/kubernetes/deployment (a Deployment with clean sessions, built from the same base by a
 * kustomize overlay). {@code kubectl kustomize} builds each whole set (every file parses, every resource and patch
 * the kustomizations name applies), and {@code kubectl set env --local} decodes every object into kubectl's own typed
 * API objects (an unknown kind or apiVersion, or a value of the wrong type, fails; unknown field names are not
 * caught: that needs a cluster's OpenAPI schema). Then what the gateway needs, by name: the probes on the health
 * paths the app serves, the shared group, client ids and sessions as each variant promises, secrets as files the app
 * reads, and a PodDisruptionBudget and HorizontalPodAutoscaler that select and target the fleet.
 */
class KubernetesManifestsTest {

    private static final Path DIR = Path.of(System.getProperty("user.dir")).toAbsolutePath().resolve("deploy/kubernetes");
    private static final YAMLMapper YAML = new YAMLMapper();
    private static final String NOT_A_POD = "the object is not a pod or does not have a pod template";
    private static final Map<Variant, List<JsonNode>> BUILT = new java.util.EnumMap<>(Variant.class);

    /** The two ways to run the fleet: the folder kustomize builds and the kind of workload it holds. */
    enum Variant {
        STATEFUL_SET(".", "StatefulSet"), DEPLOYMENT("deployment", "Deployment");

        final String folder;
        final String workload;

        Variant(String folder, String workload) {
            this.folder = folder;
            this.workload = workload;
        }
    }

    @TempDir
    Path tmp;

    @BeforeAll
    static void build() throws Exception {
        for (Variant v : Variant.values()) {
            Path dir = DIR.resolve(v.folder).normalize();
            Result r = kubectl(DIR.getParent(), "kustomize", dir.toString());
            assertThat(r.code()).as("kubectl kustomize " + dir + ":\n" + r.err()).isZero();
            List<JsonNode> objects = new ArrayList<>();
            try (MappingIterator<JsonNode> it = YAML.readerFor(JsonNode.class).readValues(r.out())) {
                while (it.hasNext()) {
                    JsonNode n = it.next();
                    if (n != null && !n.isEmpty()) {
                        objects.add(n);
                    }
                }
            }
            BUILT.put(v, objects);
        }
    }

    private static JsonNode one(Variant v, String kind) {
        List<JsonNode> found = BUILT.get(v).stream().filter(o -> o.path("kind").asText().equals(kind)).toList();
        assertThat(found).as("one %s in %s", kind, v).hasSize(1);
        return found.get(0);
    }

    @Test
    void kustomizeBuildsEveryKindTheFleetNeeds() {
        assertThat(kinds(Variant.STATEFUL_SET)).containsExactlyInAnyOrder("ConfigMap", "Secret", "Service", "Service",
                "StatefulSet", "PodDisruptionBudget", "HorizontalPodAutoscaler");
        // no headless Service: a Deployment's pods have no stable names to give
        assertThat(kinds(Variant.DEPLOYMENT)).containsExactlyInAnyOrder("ConfigMap", "Secret", "Service",
                "Deployment", "PodDisruptionBudget", "HorizontalPodAutoscaler");
    }

    private static List<String> kinds(Variant v) {
        return BUILT.get(v).stream().map(o -> o.path("kind").asText()).toList();
    }

    @ParameterizedTest
    @EnumSource(Variant.class)
    void kubectlDecodesEveryObjectIntoItsTypedApiObject(Variant v) throws Exception {
        for (JsonNode o : BUILT.get(v)) {
            Path file = tmp.resolve(o.path("kind").asText() + "-" + o.path("metadata").path("name").asText() + ".yaml");
            YAML.writeValue(file.toFile(), o);
            Result r = kubectl(tmp, "set", "env", "--local", "--dry-run=client", "-o", "name", "-f", file.toString(),
                    "CHECKED=true");
            String what = o.path("kind").asText() + " " + o.path("metadata").path("name").asText() + ": " + r.err();
            assertThat(r.err()).as(what).doesNotContain("unable to decode");
            if (o.path("kind").asText().equals(v.workload)) {
                assertThat(r.code()).as(what).isZero();
            } else {
                assertThat(r.err()).as("decoded, and refused only for having no pod template: " + what)
                        .contains(NOT_A_POD);
            }
        }
    }

    @Test
    void kubectlRefusesABrokenManifest() throws Exception {
        // the check above can fail: a wrong type and a misspelt kind are refused by the same call
        String sts = Files.readString(DIR.resolve("base/statefulset.yaml"), StandardCharsets.UTF_8);
        Files.writeString(tmp.resolve("wrong-type.yaml"), sts.replace("containerPort: 8000", "containerPort: http-port"));
        Files.writeString(tmp.resolve("wrong-kind.yaml"), sts.replace("kind: StatefulSet", "kind: StatefulSett"));
        for (String f : List.of("wrong-type.yaml", "wrong-kind.yaml")) {
            Result r = kubectl(tmp, "set", "env", "--local", "--dry-run=client", "-o", "name", "-f",
                    tmp.resolve(f).toString(), "CHECKED=true");
            assertThat(r.code()).as(f).isNotZero();
            assertThat(r.err()).as(f).contains("unable to decode");
        }
    }

    @ParameterizedTest
    @EnumSource(Variant.class)
    void probesUseTheHealthPathsTheGatewayServes(Variant v) {
        JsonNode c = container(v);
        assertThat(c.path("readinessProbe").path("httpGet").path("path").asText()).isEqualTo("/observe/health/ready");
        assertThat(c.path("livenessProbe").path("httpGet").path("path").asText()).isEqualTo("/observe/health/live");
        assertThat(c.path("startupProbe").path("httpGet").path("path").asText()).isEqualTo("/observe/health/live");
        for (String probe : List.of("readinessProbe", "livenessProbe", "startupProbe")) {
            assertThat(c.path(probe).path("httpGet").path("port").asText()).as(probe).isEqualTo("http");
        }
        assertThat(c.path("ports").get(0).path("name").asText()).isEqualTo("http");
        assertThat(c.path("ports").get(0).path("containerPort").asInt()).isEqualTo(8000);
        assertThat(env(v).get("CAMEL_SERVER_HOST")).as("probes and the Service reach the pod's address")
                .isEqualTo("0.0.0.0");
    }

    @Test
    void everyMemberJoinsTheSharedGroupWithItsPodNameAsClientId() {
        Variant v = Variant.STATEFUL_SET;
        assertThat(one(v, "StatefulSet").path("spec").path("serviceName").asText())
                .as("a StatefulSet with its headless Service: pod names survive restarts")
                .isEqualTo(headlessService(v).path("metadata").path("name").asText());
        // with a pod name the StatefulSet gives
        BrokerSettings s = memberSettings(v, one(v, "StatefulSet").path("metadata").path("name").asText() + "-2");
        assertThat(s.clientIdPrefix()).isEqualTo("contract-gateway-2");
        assertThat(s.cleanStart()).as("persistent sessions: a member that restarts finds what the broker kept")
                .isFalse();
        assertThat(s.sessionExpiry()).isEqualTo(86_400);
    }

    @Test
    void deploymentMembersJoinTheSharedGroupWithCleanSessions() {
        Variant v = Variant.DEPLOYMENT;
        JsonNode deployment = one(v, "Deployment");
        // with a pod name a Deployment gives (new at every restart)
        BrokerSettings s = memberSettings(v, "contract-gateway-7c9f8d6b5-x2k4q");
        assertThat(s.clientIdPrefix()).isEqualTo("contract-gateway-7c9f8d6b5-x2k4q");
        assertThat(s.cleanStart()).as("clean sessions: a pod's name never comes back, its session must not wait for it")
                .isTrue();
        assertThat(s.sessionExpiry()).isZero();
        assertThat(deployment.path("spec").has("serviceName")).isFalse();
        assertThat(deployment.path("spec").path("strategy").path("rollingUpdate").path("maxUnavailable").asInt())
                .as("an update starts a new member before it stops an old one").isZero();
        assertThat(deployment.path("spec").path("replicas").asInt()).isEqualTo(3);
        assertThat(container(v)).isEqualTo(container(Variant.STATEFUL_SET));
    }

    /**
     * The MQTT settings as the gateway reads them from its environment (mqtt.clean-start -> MQTT_CLEAN_START), with
     * {@code pod} as the pod's name; asserts the client id comes from the pod's name and the shared group is set.
     */
    private static BrokerSettings memberSettings(Variant v, String pod) {
        Map<String, String> env = env(v);
        String group = env.get("MQTT_SHARED_GROUP");
        assertThat(group).isNotBlank();
        boolean fromPodName = false;
        for (JsonNode e : container(v).path("env")) {
            if (e.path("name").asText().equals("MQTT_CLIENT_ID")) {
                fromPodName = e.path("valueFrom").path("fieldRef").path("fieldPath").asText().equals("metadata.name");
            }
        }
        assertThat(fromPodName).as("MQTT_CLIENT_ID from the pod's name").isTrue();
        BrokerSettings s = BrokerSettings.from(key -> key.equals("mqtt.client-id") ? pod
                : env.get(key.toUpperCase().replace('.', '_').replace('-', '_')), k -> null);
        assertThat(s.shared()).isTrue();
        assertThat(s.sharedGroup()).isEqualTo(group);
        return s;
    }

    @ParameterizedTest
    @EnumSource(Variant.class)
    void secretsAreFilesTheGatewayReads(Variant v) {
        JsonNode secret = one(v, "Secret");
        Set<String> keys = new HashSet<>();
        secret.path("stringData").fieldNames().forEachRemaining(keys::add);
        String secretName = secret.path("metadata").path("name").asText();
        String mountPath = null;
        for (JsonNode vol : one(v, v.workload).path("spec").path("template").path("spec").path("volumes")) {
            if (vol.path("secret").path("secretName").asText().equals(secretName)) {
                for (JsonNode m : container(v).path("volumeMounts")) {
                    if (m.path("name").asText().equals(vol.path("name").asText())) {
                        mountPath = m.path("mountPath").asText();
                        assertThat(m.path("readOnly").asBoolean()).isTrue();
                    }
                }
            }
        }
        assertThat(mountPath).as("the Secret is mounted").isNotNull();
        int files = 0;
        for (JsonNode e : container(v).path("env")) {
            String name = e.path("name").asText();
            if (name.endsWith("_FILE")) {
                assertThat(SecretFiles.KEYS).as("%s is a variable the gateway reads", name).containsKey(name);
                String path = e.path("value").asText();
                assertThat(path).as(name).startsWith(mountPath + "/");
                assertThat(keys).as("%s names a key of the Secret", name).contains(path.substring(mountPath.length() + 1));
                files++;
            }
            if (e.path("valueFrom").has("secretKeyRef")) {
                assertThat(keys).contains(e.path("valueFrom").path("secretKeyRef").path("key").asText());
            }
        }
        assertThat(files).isGreaterThanOrEqualTo(3);
        Set<String> configMapKeys = new HashSet<>();
        one(v, "ConfigMap").path("data").fieldNames().forEachRemaining(configMapKeys::add);
        assertThat(configMapKeys).as("no secret in the ConfigMap")
                .noneMatch(k -> k.contains("PASSWORD") || k.contains("TOKEN"));
    }

    @ParameterizedTest
    @EnumSource(Variant.class)
    void servicesDisruptionBudgetAndAutoscalerSelectTheFleet(Variant v) {
        JsonNode workload = one(v, v.workload);
        JsonNode labels = workload.path("spec").path("template").path("metadata").path("labels");
        assertThat(matches(workload.path("spec").path("selector").path("matchLabels"), labels)).isTrue();
        for (JsonNode svc : BUILT.get(v)) {
            if (svc.path("kind").asText().equals("Service")) {
                assertThat(matches(svc.path("spec").path("selector"), labels)).as("Service selects the pods").isTrue();
                assertThat(svc.path("spec").path("ports").get(0).path("targetPort").asText()).isEqualTo("http");
            }
        }
        JsonNode pdb = one(v, "PodDisruptionBudget");
        assertThat(matches(pdb.path("spec").path("selector").path("matchLabels"), labels)).isTrue();
        assertThat(pdb.path("spec").path("maxUnavailable").asInt()).isEqualTo(1);
        JsonNode hpa = one(v, "HorizontalPodAutoscaler");
        JsonNode target = hpa.path("spec").path("scaleTargetRef");
        assertThat(target.path("kind").asText()).isEqualTo(v.workload);
        assertThat(target.path("name").asText()).isEqualTo(workload.path("metadata").path("name").asText());
        assertThat(hpa.path("spec").path("minReplicas").asInt())
                .isEqualTo(workload.path("spec").path("replicas").asInt());
        assertThat(hpa.path("spec").path("metrics").get(0).path("resource").path("name").asText()).isEqualTo("cpu");
        JsonNode scaleDown = hpa.path("spec").path("behavior").path("scaleDown");
        if (v == Variant.STATEFUL_SET) {
            // a removed member's sessions keep getting a share on Mosquitto (docs/scaling.md): no automatic scale-down
            assertThat(scaleDown.path("selectPolicy").asText()).isEqualTo("Disabled");
        } else {
            // clean sessions leave nothing behind: scale down, one pod at a time
            assertThat(scaleDown.path("selectPolicy").asText("Max")).isNotEqualTo("Disabled");
            assertThat(scaleDown.path("policies").get(0).path("value").asInt()).isEqualTo(1);
        }
    }

    private static boolean matches(JsonNode selector, JsonNode labels) {
        if (!selector.isObject() || selector.isEmpty()) {
            return false;
        }
        var fields = selector.fields();
        while (fields.hasNext()) {
            var f = fields.next();
            if (!f.getValue().asText().equals(labels.path(f.getKey()).asText(null))) {
                return false;
            }
        }
        return true;
    }

    private static JsonNode headlessService(Variant v) {
        return BUILT.get(v).stream().filter(o -> o.path("kind").asText().equals("Service")
                && o.path("spec").path("clusterIP").asText().equals("None")).findFirst().orElseThrow();
    }

    private static JsonNode container(Variant v) {
        JsonNode containers = one(v, v.workload).path("spec").path("template").path("spec").path("containers");
        assertThat(containers).hasSize(1);
        return containers.get(0);
    }

    /** The gateway's environment from the ConfigMap and the plain {@code value:} entries. */
    private static Map<String, String> env(Variant v) {
        Map<String, String> env = new HashMap<>();
        one(v, "ConfigMap").path("data").fields().forEachRemaining(e -> env.put(e.getKey(), e.getValue().asText()));
        for (JsonNode e : container(v).path("env")) {
            if (e.has("value")) {
                env.put(e.path("name").asText(), e.path("value").asText());
            }
        }
        return env;
    }

    record Result(int code, String out, String err) {
    }

    static Result kubectl(Path dir, String... args) throws Exception {
        Path bin = Path.of("/usr/bin/kubectl");
        assertThat(bin).as("kubectl is installed (scripts/install-test-deps.sh)").isExecutable();
        List<String> cmd = new ArrayList<>(List.of(bin.toString()));
        cmd.addAll(List.of(args));
        Path out = Files.createTempFile("kubectl", ".out");
        Path err = Files.createTempFile("kubectl", ".err");
        try {
            // no kubeconfig, no server: every command here must work offline
            ProcessBuilder pb = new ProcessBuilder(cmd).directory(dir.toFile())
                    .redirectOutput(out.toFile()).redirectError(err.toFile());
            pb.environment().put("KUBECONFIG", "/nonexistent/kubeconfig");
            Process p = pb.start();
            assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("kubectl " + String.join(" ", args)).isTrue();
            return new Result(p.exitValue(), Files.readString(out), Files.readString(err));
        } catch (IOException e) {
            throw new AssertionError("kubectl did not run: " + e, e);
        } finally {
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
        }
    }
}
