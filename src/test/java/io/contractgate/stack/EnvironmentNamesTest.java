package io.contractgate.stack;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.contractgate.settings.GatewayProperties;
import io.contractgate.settings.SecretFiles;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every environment variable that docker-compose.yml hands the gateway, and every one the operator docs name, is one
 * something actually reads: the gateway (the environment form of a setting it reads, or a {@code *_FILE} secret), its
 * start scripts, compose itself ({@code .env.example}), another service of the stack, or a script of this repo. The
 * docs once told operators to set {@code VIEWER_PASSWORD} while the gateway reads {@code ADMIN_VIEWER_PASSWORD}.
 */
class EnvironmentNamesTest {

    private static final Path ROOT = Path.of(System.getProperty("user.dir")).toAbsolutePath();
    private static final YAMLMapper YAML = new YAMLMapper();
    /** The docs an operator follows to run and configure the gateway and the stack. */
    static final List<String> DOCS = List.of("README.md", "docs/stack.md", "docs/monitoring.md", "docs/security.md");
    /** Upper-case words in the docs that are placeholders, not variables. */
    static final Set<String> NOT_VARIABLES = Set.of(
            "OLD_DIR", // README: the CompatibilityCli's --old argument
            "X_FILE", // docs/security.md: "setting both X and X_FILE"
            "MQTT_BROKERURL", "STATE_DIRECTORY", "MQTT_SERVICE_HOST"); // README: names the gateway does not read
    private static final Pattern NAME = Pattern.compile("(?<![\\w.-])[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+(?![\\w-])");
    /** The first argument of the settings readers: {@code settings.text("mqtt.qos", ...)}, {@code resolveProperty("...")}. */
    private static final Pattern KEY_READ = Pattern.compile(
            "\\.(?:text|integer|bool|decimal|optional|atLeast|longInteger|resolveProperty)\\(\\s*\"([a-z][a-z0-9-]*(?:\\.[a-zA-Z0-9-]+)+)\"");

    /** The settings the gateway reads: application.properties and every key the code reads by name. */
    static Set<String> gatewayKeys() {
        Set<String> keys = new TreeSet<>(GatewayProperties.keys(ROOT.resolve("application.properties")));
        try (Stream<Path> files = Files.walk(ROOT.resolve("src/main/java"))) {
            for (Path f : files.filter(p -> p.toString().endsWith(".java")).toList()) {
                Matcher m = KEY_READ.matcher(Files.readString(f));
                while (m.find()) {
                    keys.add(m.group(1));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return keys;
    }

    /** Variables the gateway's start scripts read ($JAVA_OPTS in the Dockerfile's ENTRYPOINT, scripts/gateway.sh). */
    static Set<String> startScriptVariables() {
        Set<String> out = new TreeSet<>();
        String entrypoint = read(ROOT.resolve("Dockerfile")).lines().filter(l -> l.startsWith("ENTRYPOINT"))
                .findFirst().orElse("");
        out.addAll(shellVariables(entrypoint));
        out.addAll(shellVariables(read(ROOT.resolve("scripts/gateway.sh"))));
        return out;
    }

    private static Set<String> readByGateway;

    /** Whether the gateway (or its start script) reads an environment variable of this name. */
    static synchronized boolean gatewayReads(String variable) {
        if (readByGateway == null) {
            readByGateway = new TreeSet<>(SecretFiles.KEYS.keySet());
            readByGateway.addAll(startScriptVariables());
            gatewayKeys().forEach(k -> readByGateway.add(GatewayProperties.envName(k)));
        }
        return readByGateway.contains(variable);
    }

    @Test
    void appEnvironmentHasOnlyVariablesTheGatewayReads() {
        JsonNode env = compose().path("services").path("app").path("environment");
        assertThat(env.isObject()).as("the app's environment is a map").isTrue();
        List<String> unread = new java.util.ArrayList<>();
        env.fieldNames().forEachRemaining(name -> {
            if (!gatewayReads(name)) {
                unread.add(name);
            }
        });
        assertThat(unread).as("variables docker-compose.yml sets on the app that the gateway never reads").isEmpty();
        assertThat(env.has("ADMIN_VIEWER_PASSWORD")).as("the viewer account is configured in compose").isTrue();
    }

    @Test
    void docsNameOnlyVariablesSomethingReads() {
        Set<String> envExample = envExample().keySet();
        Set<String> otherServices = new TreeSet<>();
        compose().path("services").fields().forEachRemaining(s -> {
            if (!s.getKey().equals("app")) {
                s.getValue().path("environment").fieldNames().forEachRemaining(otherServices::add);
            }
        });
        Set<String> scripts = new TreeSet<>();
        for (String dir : List.of("scripts", "bench")) {
            try (Stream<Path> files = Files.list(ROOT.resolve(dir))) {
                files.filter(p -> p.toString().endsWith(".sh")).forEach(p -> scripts.addAll(shellVariables(read(p))));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        Map<String, String> unknown = new LinkedHashMap<>();
        int checked = 0;
        for (String doc : DOCS) {
            for (String name : namesIn(read(ROOT.resolve(doc)))) {
                checked++;
                boolean known = NOT_VARIABLES.contains(name) || gatewayReads(name) || envExample.contains(name)
                        || otherServices.contains(name) || scripts.contains(name);
                if (!known) {
                    unknown.merge(name, doc, (a, b) -> a.contains(b) ? a : a + ", " + b);
                }
            }
        }
        assertThat(checked).as("the docs name some variables").isGreaterThan(20);
        assertThat(unknown).as("variables the docs name that nothing reads (name -> doc)").isEmpty();
    }

    /** The checks above must be able to say no, or they prove nothing. */
    @Test
    void theCheckerTellsReadVariablesFromUnreadOnes() {
        assertThat(gatewayReads("ADMIN_VIEWER_PASSWORD")).isTrue();
        assertThat(gatewayReads("VIEWER_PASSWORD")).as("the name the docs once used").isFalse();
        assertThat(gatewayReads("MQTT_EMBEDDED_PORT")).isTrue();
        assertThat(gatewayReads("CAMEL_SERVER_HOST")).isTrue();
        assertThat(gatewayReads("MQTT_PASSWORD_FILE")).isTrue();
        assertThat(gatewayReads("JAVA_OPTS")).isTrue();
        assertThat(gatewayReads("MQTT_BROKER_URI")).isFalse();
        assertThat(namesIn("set `ADMIN_PASSWORD` or --admin.password; MQTT 5, MQTT_5 and QoS_1, X-Requested-By, a_b"))
                .containsExactly("ADMIN_PASSWORD", "MQTT_5");
    }

    static Set<String> namesIn(String text) {
        Set<String> out = new TreeSet<>();
        Matcher m = NAME.matcher(text);
        while (m.find()) {
            out.add(m.group());
        }
        return out;
    }

    private static Set<String> shellVariables(String text) {
        Set<String> out = new TreeSet<>();
        Matcher m = Pattern.compile("\\$\\{?([A-Z][A-Z0-9_]*)").matcher(text);
        while (m.find()) {
            out.add(m.group(1));
        }
        return out;
    }

    private static JsonNode compose() {
        return PromqlExpressions.read(YAML, ROOT.resolve("docker-compose.yml"));
    }

    private static Map<String, String> envExample() {
        Map<String, String> out = new LinkedHashMap<>();
        read(ROOT.resolve(".env.example")).lines().map(String::strip).filter(l -> !l.isEmpty() && !l.startsWith("#"))
                .forEach(l -> out.put(l.split("=", 2)[0], l.contains("=") ? l.split("=", 2)[1] : ""));
        return out;
    }

    private static String read(Path p) {
        try {
            return Files.readString(p);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
