package io.contractgate.simulator;

import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The publish command's arguments: options in both spellings, repeatable user properties, and one-line refusals. */
class PublishArgsTest {

    @Test
    void shouldTakeTopicAndPayloadWithDefaults() {
        PublishArgs a = PublishArgs.parse("sensors/sensor2", "{\"a\":1}");
        assertThat(a.topic()).isEqualTo("sensors/sensor2");
        assertThat(a.payload()).isEqualTo("{\"a\":1}");
        assertThat(a.broker()).isNull();
        assertThat(a.qos()).isEqualTo(1);
        assertThat(a.waitSeconds()).isEqualTo(PublishArgs.DEFAULT_WAIT_SECONDS);
        assertThat(a.userProperties()).isEmpty();
        assertThat(a.overrides()).isEmpty();
    }

    @Test
    void shouldReadOptionsWithSpaceOrEqualsAndKeepRepeatedUserPropertiesInOrder() {
        PublishArgs a = PublishArgs.parse("--broker", "tcp://broker:1884", "--qos=2", "--user-property", "site=north",
                "--user-property=site=south", "--user-property", "empty=", "--wait", "0", "t/1", "@msg.json");
        assertThat(a.broker()).isEqualTo("tcp://broker:1884");
        assertThat(a.qos()).isEqualTo(2);
        assertThat(a.waitSeconds()).isZero();
        assertThat(a.userProperties()).containsExactly(Map.entry("site", "north"), Map.entry("site", "south"),
                Map.entry("empty", ""));
        assertThat(a.payload()).isEqualTo("@msg.json");
    }

    @Test
    void shouldTakeGatewaySettingsAsTheGatewayDoes() {
        PublishArgs a = PublishArgs.parse("--mqtt.embedded.port=1884", "--camel.server.port=8001", "t", "p");
        assertThat(a.overrides()).containsExactly(Map.entry("mqtt.embedded.port", "1884"),
                Map.entry("camel.server.port", "8001"));
    }

    @Test
    void shouldStillAcceptTheOldThirdArgumentAsTheBroker() {
        assertThat(PublishArgs.parse("t", "p", "tcp://127.0.0.1:1885").broker()).isEqualTo("tcp://127.0.0.1:1885");
    }

    @Test
    void shouldTreatEverythingAfterDoubleDashAsPositional() {
        PublishArgs a = PublishArgs.parse("--", "t", "--qos");
        assertThat(a.payload()).isEqualTo("--qos");
        assertThat(a.qos()).isEqualTo(1);
    }

    @Test
    void shouldRefuseMistakesWithOneLineNamingTheArgument() {
        assertRefused(new String[] {"t"}, "TOPIC and PAYLOAD are required");
        assertRefused(new String[] {"t", "p", "tcp://h:1", "extra"}, "too many arguments: tcp://h:1 extra");
        assertRefused(new String[] {"--qos", "3", "t", "p"}, "--qos must be a whole number from 0 to 2, was '3'");
        assertRefused(new String[] {"--qos", "one", "t", "p"}, "--qos must be a whole number");
        assertRefused(new String[] {"--wait", "-1", "t", "p"}, "--wait must be a whole number from 0 to 3600");
        assertRefused(new String[] {"--user-property", "novalue", "t", "p"}, "--user-property must be KEY=VALUE");
        assertRefused(new String[] {"--user-property", "=v", "t", "p"}, "non-empty key");
        assertRefused(new String[] {"--broker", "localhost:1883", "t", "p"}, "--broker must look like tcp://host:1883");
        assertRefused(new String[] {"t", "p", "--broker"}, "--broker needs a value");
        assertRefused(new String[] {"--verbose", "t", "p"}, "unknown option --verbose");
        assertRefused(new String[] {"--port=1884", "t", "p"}, "unknown option --port=1884");
        assertRefused(new String[] {"sensors/+", "p"}, "TOPIC must be a concrete topic");
    }

    @Test
    void shouldAnswerHelp() {
        assertThat(PublishArgs.parse("--help").help()).isTrue();
        assertThat(PublishArgs.parse("t", "p").help()).isFalse();
    }

    private static void assertRefused(String[] args, String message) {
        assertThatThrownBy(() -> PublishArgs.parse(args)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(message).message().doesNotContain("\n");
    }
}
