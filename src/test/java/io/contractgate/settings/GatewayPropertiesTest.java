package io.contractgate.settings;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.function.Function;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The gateway's settings layers for tools beside it: overrides, secret files, environment, file, placeholders. */
class GatewayPropertiesTest {

    @TempDir
    Path dir;

    @Test
    void shouldNameEnvironmentVariablesAsCamelReadsThem() {
        assertThat(GatewayProperties.envName("mqtt.embedded.port")).isEqualTo("MQTT_EMBEDDED_PORT");
        assertThat(GatewayProperties.envName("admin.viewer-password")).isEqualTo("ADMIN_VIEWER_PASSWORD");
        assertThat(GatewayProperties.envName("camel.server.host")).isEqualTo("CAMEL_SERVER_HOST");
    }

    @Test
    void shouldLayerOverridesOverSecretsOverEnvironmentOverTheFile() throws Exception {
        Files.writeString(dir.resolve("application.properties"),
                "a.key=file\nb.key=file\nc.key=file\nmqtt.password=file\n");
        Path secret = Files.writeString(dir.resolve("mqtt-password"), "from-secret\n");
        Function<String, String> p = GatewayProperties.of(Map.of("a.key", "override"),
                Map.of("B_KEY", "env", "A_KEY", "env", "MQTT_PASSWORD_FILE", secret.toString()), dir);
        assertThat(p.apply("a.key")).isEqualTo("override");
        assertThat(p.apply("b.key")).isEqualTo("env");
        assertThat(p.apply("c.key")).isEqualTo("file");
        assertThat(p.apply("mqtt.password")).isEqualTo("from-secret");
        assertThat(p.apply("d.key")).isNull();
    }

    @Test
    void shouldResolvePlaceholdersWithDefaultsAndRefuseUndefinedOnes() throws Exception {
        Files.writeString(dir.resolve("application.properties"),
                "camel.server.port=8000\ncamel.management.port={{camel.server.port}}\n"
                        + "tls={{camel.ssl.enabled:false}}\nbroken={{nowhere}}\n");
        Function<String, String> p = GatewayProperties.of(Map.of("camel.server.port", "8001"), Map.of(), dir);
        assertThat(p.apply("camel.management.port")).isEqualTo("8001");
        assertThat(p.apply("tls")).isEqualTo("false");
        assertThatThrownBy(() -> p.apply("broken")).hasMessageContaining("{{nowhere}} is not defined");
    }

    @Test
    void shouldLetAKeyOfTheFirstMapWinEvenWhenBlank() {
        Function<String, String> p = GatewayProperties.over(Map.of("k", ""), key -> "base");
        assertThat(p.apply("k")).isEmpty();
        assertThat(p.apply("other")).isEqualTo("base");
    }
}
