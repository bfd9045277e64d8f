package io.contractgate.mqtt;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.HashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** mqtt.shared-group: the filter each mapping subscribes with, the group's rules, and each member's own client ids. */
class SharedSubscriptionTest {

    private static BrokerSettings of(Map<String, String> settings, Map<String, String> env) {
        return BrokerSettings.from(settings::get, env::get);
    }

    @Test
    void shouldSubscribeThePlainFilterWithoutAGroup() {
        BrokerSettings s = of(Map.of("mqtt.broker.url", "tcp://b:1883"), Map.of("HOSTNAME", "pod-1"));
        assertThat(s.shared()).isFalse();
        assertThat(SharedSubscription.filter(s.sharedGroup(), "sensors/+")).isEqualTo("sensors/+");
        assertThat(s.clientIdPrefix()).as("no fleet: the id stays what it always was").isEqualTo("contract-gateway");
    }

    @Test
    void shouldSubscribeSharedFiltersInTheGroup() {
        BrokerSettings s = of(Map.of("mqtt.shared-group", " gateways "), Map.of("HOSTNAME", "gw-0"));
        assertThat(s.sharedGroup()).isEqualTo("gateways");
        assertThat(SharedSubscription.filter(s.sharedGroup(), "sensors/#")).isEqualTo("$share/gateways/sensors/#");
        assertThat(s.describe()).contains("shared-group=gateways");
    }

    @ParameterizedTest
    @ValueSource(strings = {"a/b", "a+", "#", "two words", "old:style", "tab\there"})
    void shouldRefuseAGroupNameMqttForbidsNamingTheKey(String group) {
        assertThatThrownBy(() -> of(Map.of("mqtt.shared-group", group), Map.of("HOSTNAME", "h")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("mqtt.shared-group must be");
    }

    @Test
    void shouldRefuseAGroupNameLongerThan64Characters() {
        assertThatThrownBy(() -> of(Map.of("mqtt.shared-group", "g".repeat(65)), Map.of("HOSTNAME", "h")))
                .hasMessageStartingWith("mqtt.shared-group");
        assertThat(of(Map.of("mqtt.shared-group", "g".repeat(64)), Map.of("HOSTNAME", "h")).sharedGroup())
                .hasSize(64);
    }

    @Test
    void shouldDeriveEachMembersClientIdsFromItsHostName() {
        BrokerSettings a = of(Map.of("mqtt.shared-group", "g"), Map.of("HOSTNAME", "contract-gateway-0"));
        BrokerSettings b = of(Map.of("mqtt.shared-group", "g"), Map.of("HOSTNAME", "contract-gateway-1"));
        assertThat(a.clientIdPrefix()).isEqualTo("contract-gateway-contract-gateway-0");
        assertThat(b.clientIdPrefix()).isNotEqualTo(a.clientIdPrefix());
        // the same pod name again (a StatefulSet pod restarted) finds the same sessions
        assertThat(of(Map.of("mqtt.shared-group", "g"), Map.of("HOSTNAME", "contract-gateway-0")).clientIdPrefix())
                .isEqualTo(a.clientIdPrefix());
    }

    @Test
    void shouldKeepTheUniqueEndOfALongPodNameWithinTheClientIdRule() {
        String pod = "contract-gateway-fleet-7d9f8b6c5d-x2k9q";
        BrokerSettings s = of(Map.of("mqtt.shared-group", "g"), Map.of("HOSTNAME", pod));
        assertThat(s.clientIdPrefix()).hasSizeLessThanOrEqualTo(40).matches("[A-Za-z0-9_.-]+").endsWith("-x2k9q");
        BrokerSettings other = of(Map.of("mqtt.shared-group", "g"), Map.of("HOSTNAME", pod.replace("x2k9q", "p4m1z")));
        assertThat(other.clientIdPrefix()).isNotEqualTo(s.clientIdPrefix());
    }

    @Test
    void shouldReplaceCharactersAClientIdMayNotHold() {
        BrokerSettings s = of(Map.of("mqtt.shared-group", "g"), Map.of("HOSTNAME", "host name:1"));
        assertThat(s.clientIdPrefix()).isEqualTo("contract-gateway-host-name-1");
    }

    @Test
    void shouldUseAnExplicitClientIdAsTheInstanceId() {
        BrokerSettings s = of(Map.of("mqtt.shared-group", "g", "mqtt.client-id", "gw-east-2"),
                Map.of("HOSTNAME", "ignored"));
        assertThat(s.clientIdPrefix()).isEqualTo("gw-east-2");
    }

    @Test
    void shouldStopNamingTheKeyWhenAFleetMemberHasNoIdOfItsOwn() {
        Map<String, String> noHost = new HashMap<>();
        assertThatThrownBy(() -> of(Map.of("mqtt.shared-group", "g"), noHost))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("mqtt.client-id must be set per instance when mqtt.shared-group is set");
        noHost.put("HOSTNAME", "  ");
        assertThatThrownBy(() -> of(Map.of("mqtt.shared-group", "g"), noHost))
                .hasMessageStartingWith("mqtt.client-id");
    }

    @Test
    void shouldGiveASharedSubscriptionASessionOfItsOwn() {
        // the session that held the plain subscription must never get the shared one too (every message twice)
        String plain = Sessions.clientId("gw-sensor1", "sensors/sensor1", "");
        String shared = Sessions.clientId("gw-sensor1", "sensors/sensor1", "g");
        assertThat(plain).isEqualTo(Sessions.clientId("gw-sensor1", "sensors/sensor1"));
        assertThat(shared).startsWith("gw-sensor1-").isNotEqualTo(plain);
        assertThat(Sessions.clientId("gw-sensor1", "sensors/sensor1", "g")).isEqualTo(shared);
    }
}
