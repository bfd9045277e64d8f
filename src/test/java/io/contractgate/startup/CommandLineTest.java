package io.contractgate.startup;

import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The gateway's arguments: the two forms it knows, and a one-line answer to anything else. */
class CommandLineTest {

    @Test
    void shouldTurnSimulateAndSettingsIntoOverridesTheLastOneWinning() {
        CommandLine line = CommandLine.parse("--simulate", "--camel.server.port=8001", "--mqtt.broker.url=tcp://h:1883",
                "--camel.server.port=8002");

        assertThat(line.problem()).isNull();
        assertThat(line.help()).isFalse();
        assertThat(line.overrides()).containsExactly(Map.entry("simulator.enabled", "true"),
                Map.entry("mqtt.broker.url", "tcp://h:1883"), Map.entry("camel.server.port", "8002"));
    }

    @Test
    void shouldNameAMistypedFlagInsteadOfStarting() {
        assertThat(CommandLine.parse("--simulat").problem()).isEqualTo(
                "unknown argument '--simulat' (a setting is --key=value, with '=')");
        assertThat(CommandLine.parse("--simulate", "sensors").problem()).isEqualTo("unknown argument 'sensors'");
        assertThat(CommandLine.parse("--=x").problem()).startsWith("unknown argument '--=x'");
    }

    @Test
    void shouldAnswerHelpWithTheUsage() {
        assertThat(CommandLine.parse("--help").help()).isTrue();
        assertThat(CommandLine.parse("-h").help()).isTrue();
        assertThat(CommandLine.USAGE).contains("--simulate", "--<setting>=<value>", "publish");
        // every option of publish that the README names (--user-property was missing here)
        assertThat(CommandLine.USAGE).contains("--broker URL", "--qos 0|1|2", "--user-property KEY=VALUE", "--wait SECONDS", "@FILE");
    }
}
