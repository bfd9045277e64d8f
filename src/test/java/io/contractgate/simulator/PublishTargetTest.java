package io.contractgate.simulator;

import io.contractgate.testing.GatewayRunner;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Which broker the publish command picks and which answer it waits for, from the gateway's own settings: nothing is
 * connected here (the network cases are in PublishOnceIT).
 */
class PublishTargetTest {

    @TempDir
    Path dir;

    private PublishTarget target(Map<String, String> env, String... args) {
        return PublishTarget.of(PublishArgs.parse(args), env, dir);
    }

    @Test
    void shouldUseTheEmbeddedDefaultWithoutSettings() {
        PublishTarget t = target(Map.of(), "sensors/sensor2", "{}");
        assertThat(t.url()).isEqualTo("tcp://127.0.0.1:1883");
        assertThat(t.embedded()).isTrue();
    }

    @Test
    void shouldFollowAMovedEmbeddedPortInApplicationPropertiesTheEnvironmentAndTheCommandLine() throws Exception {
        Files.writeString(dir.resolve("application.properties"), "mqtt.broker.url=\nmqtt.embedded.port=1884\n");
        assertThat(target(Map.of(), "t", "p").url()).isEqualTo("tcp://127.0.0.1:1884");
        // environment variables override the file, as in the gateway
        assertThat(target(Map.of("MQTT_EMBEDDED_PORT", "1885"), "t", "p").url()).isEqualTo("tcp://127.0.0.1:1885");
        // --key=value overrides both
        assertThat(target(Map.of("MQTT_EMBEDDED_PORT", "1885"), "--mqtt.embedded.port=1886", "t", "p").url())
                .isEqualTo("tcp://127.0.0.1:1886");
    }

    @Test
    void shouldFollowTheBrokerUrlAndTheSettingsSavedThroughTheAdminApi() throws Exception {
        Files.writeString(dir.resolve("application.properties"), "mqtt.broker.url=tcp://file-broker:1883\n");
        assertThat(target(Map.of(), "t", "p").url()).isEqualTo("tcp://file-broker:1883");
        assertThat(target(Map.of("MQTT_BROKER_URL", "tcp://env-broker:1883"), "t", "p").url())
                .isEqualTo("tcp://env-broker:1883");
        Files.createDirectories(dir.resolve("config"));
        Files.writeString(dir.resolve("config/broker.properties"), "mqtt.broker.url=tcp://saved-broker:1883\n");
        PublishTarget saved = target(Map.of("MQTT_BROKER_URL", "tcp://env-broker:1883"), "t", "p");
        assertThat(saved.url()).isEqualTo("tcp://saved-broker:1883");
        assertThat(saved.origin()).contains("broker.properties");
        // an explicit --broker wins over everything
        assertThat(target(Map.of(), "--broker", "tcp://other:1999", "t", "p").url()).isEqualTo("tcp://other:1999");
    }

    @Test
    void shouldFailFastNamingTheKeyOfABadSetting() throws Exception {
        Files.writeString(dir.resolve("application.properties"), "mqtt.embedded.port=eighteen\n");
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = PublishOnce.run(new String[] {"t", "p"}, Map.of(), dir, new PrintStream(new ByteArrayOutputStream()),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        assertThat(code).isEqualTo(1);
        assertThat(err.toString(StandardCharsets.UTF_8)).isEqualTo(
                "publish: mqtt.embedded.port must be a whole number, was 'eighteen'" + System.lineSeparator());
    }

    @Test
    void shouldWaitForTheOutputsOfEveryEnabledMappingThatConsumesTheTopic() throws Exception {
        GatewayRunner.copyTree(Path.of("routes"), dir.resolve("routes"));
        PublishTarget t = target(Map.of(), "sensors/sensor2", "{}");
        assertThat(t.outputs()).containsExactly(Map.entry("sensors/sensor2/validated", "validated"),
                Map.entry("sensors/sensor2/failed", "failed"));
        PublishTarget none = target(Map.of(), "elsewhere/x", "{}");
        assertThat(none.outputs()).isEmpty();
        assertThat(none.noOutputs()).contains("no enabled mapping").contains("elsewhere/x");
    }

    @Test
    void shouldRefuseABadArgumentWithExitCode2AndOneLine() {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = PublishOnce.run(new String[] {"--qos", "7", "t", "p"}, Map.of(), dir,
                new PrintStream(new ByteArrayOutputStream()), new PrintStream(err, true, StandardCharsets.UTF_8));
        assertThat(code).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8).lines()).hasSize(1).first(org.assertj.core.api.InstanceOfAssertFactories.STRING)
                .startsWith("publish: --qos must be");
    }
}
