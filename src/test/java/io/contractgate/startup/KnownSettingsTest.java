package io.contractgate.startup;

import io.contractgate.settings.GatewayProperties;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** A misspelt setting of the gateway's own stops the start naming it and the key it was likely meant to be. */
class KnownSettingsTest {

    private static final KnownSettings SHIPPED = KnownSettings.shipped();
    /** Flags of other programs the tests start that look like the gateway's. */
    private static final Set<String> OTHER_PROGRAMS = Set.of("web.listen-address"); // Prometheus (PrometheusIT)
    private static final Pattern README_KEY = Pattern.compile("`([a-z]+\\.[a-zA-Z0-9.-]+)`");

    @Test
    void shouldRefuseAMisspeltCommandLineSettingNamingTheLikelyKey() {
        assertThat(SHIPPED.problem(Map.of("mqtt.brokerurl", "tcp://x:1883"), Map.of(), List.of()))
                .isEqualTo("unknown setting mqtt.brokerurl; did you mean mqtt.broker.url?");
        assertThat(SHIPPED.problem(Map.of("influx.bucket-nam", "x"), Map.of(), List.of()))
                .isEqualTo("unknown setting influx.bucket-nam; did you mean influx.bucket?");
        assertThat(SHIPPED.problem(Map.of("quarantine.frobnicate", "x"), Map.of(), List.of()))
                .isEqualTo("unknown setting quarantine.frobnicate");
    }

    @Test
    void shouldAcceptKnownKeysAndLeaveCamelsAndOtherProgramsKeysAlone() {
        assertThat(SHIPPED.problem(Map.of("mqtt.broker.url", "tcp://x:1883", "simulator.enabled", "true",
                "camel.server.port", "8001", "camel.ssl.enabled", "true", "storage.tsdb.path", "x"),
                Map.of("MQTT_BROKER_URL", "tcp://x:1883", "ADMIN_PASSWORD_FILE", "/run/secrets/a",
                        "CAMEL_SERVER_HOST", "0.0.0.0", "STATE_DIRECTORY", "/var/lib/gw", "INFLUX_SERVER", "questdb",
                        "MQTT_SERVICE_HOST", "10.0.0.1", "MQTT_PORT_1883_TCP_ADDR", "10.0.0.1", "PATH", "/bin"),
                List.of("mqtt.qos", "camel.main.name"))).isNull();
    }

    @Test
    void shouldRefuseAMisspeltEnvironmentVariableOrFileKey() {
        assertThat(SHIPPED.problem(Map.of(), Map.of("MQTT_BROKERURL", "tcp://x:1883"), List.of()))
                .isEqualTo("unknown setting MQTT_BROKERURL (environment variable); did you mean MQTT_BROKER_URL?");
        assertThat(SHIPPED.problem(Map.of(), Map.of(), List.of("mqtt.qos", "admin.pasword")))
                .isEqualTo("unknown setting admin.pasword (application.properties); did you mean admin.password?");
    }

    @Test
    void shouldKnowEverySettingTheReadmeDocumentsAndDocumentEveryGatewaySetting() throws IOException {
        String readme = Files.readString(Path.of("README.md"));
        String table = readme.substring(readme.indexOf("## Configuration"), readme.indexOf("## Design"));
        Set<String> documented = new TreeSet<>();
        Matcher m = README_KEY.matcher(table);
        while (m.find()) {
            documented.add(m.group(1));
        }
        assertThat(documented).allSatisfy(k -> assertThat(SHIPPED.known(k)).as(k).isTrue());
        assertThat(GatewayProperties.keys(Path.of("application.properties")))
                .filteredOn(k -> !k.startsWith("camel."))
                .allSatisfy(k -> assertThat(documented).as("README configuration table").contains(k));
    }

    @Test
    void shouldKnowEverySettingTheTestsScriptsAndStackPass() throws IOException {
        Pattern flag = Pattern.compile("--([a-z]+\\.[a-zA-Z0-9.-]+)=");
        Set<String> unknown = new TreeSet<>();
        for (String root : List.of("src/test/java", "bench", "scripts", "deploy", "docker-compose.yml")) {
            try (Stream<Path> files = Files.walk(Path.of(root))) {
                for (Path f : files.filter(Files::isRegularFile)
                        .filter(p -> !p.toString().contains("node_modules")).toList()) {
                    Matcher m = flag.matcher(Files.readString(f));
                    while (m.find()) {
                        if (!SHIPPED.known(m.group(1)) && !OTHER_PROGRAMS.contains(m.group(1))) {
                            unknown.add(f + ": " + m.group(1));
                        }
                    }
                }
            }
        }
        assertThat(unknown).isEmpty();
    }
}
