package io.contractgate.fleet;

import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class DefaultInstanceIdTest {

    @Test
    void shouldKeepTheEndOfALongPodNameWhereReplicasDiffer() {
        String base = "contract-gateway-production-eu-west-1-sensors-fleet-";
        String a = FleetConfiguration.shortHost(base + "7d9f8b6c5d-x2k4p");
        String b = FleetConfiguration.shortHost(base + "7d9f8b6c5d-q8m1z");
        assertThat(a).isNotEqualTo(b).endsWith("-x2k4p").hasSizeLessThanOrEqualTo(50);
        assertThat(FleetConfiguration.shortHost(base + base + "0"))
                .isNotEqualTo(FleetConfiguration.shortHost(base + base + "1"));
    }

    @Test
    void shouldMakeAnIdTheSettingsAccept() {
        for (String host : new String[]{"-weird host/name", "_x", "///", "a".repeat(49) + "-.-b", "gw1.example.com"}) {
            String id = FleetConfiguration.shortHost(host) + ":8000";
            StateSettings s = StateSettings.from(Map.of("state.jdbc-url", "jdbc:postgresql://db/gw")::get, id);
            assertThat(s.instanceId()).isEqualTo(id);
        }
    }
}
