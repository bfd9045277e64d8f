package io.contractgate.fleet;

import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class StateSettingsTest {

    private static StateSettings read(Map<String, String> values) {
        return StateSettings.from(values::get, "host:8080");
    }

    @Test
    void shouldMeanNoSharedStateWithoutAUrl() {
        assertThat(read(Map.of())).isNull();
        assertThat(read(Map.of("state.jdbc-url", " "))).isNull();
    }

    @Test
    void shouldReadTheDefaults() {
        StateSettings s = read(Map.of("state.jdbc-url", "jdbc:postgresql://db:5432/gw"));
        assertThat(s.instanceId()).isEqualTo("host:8080");
        assertThat(s.heartbeatSeconds()).isEqualTo(5);
        assertThat(s.checkSeconds()).isEqualTo(5);
        assertThat(s.user()).isEmpty();
        assertThat(s.password()).isEmpty();
    }

    @Test
    void shouldRefuseADatabaseWithoutNotificationsNamingTheKey() {
        assertThatThrownBy(() -> read(Map.of("state.jdbc-url", "jdbc:h2:mem:x")))
                .hasMessageStartingWith("state.jdbc-url must be a jdbc:postgresql:// URL");
    }

    @Test
    void shouldRefuseBadNumbersAndIdsNamingTheKey() {
        Map<String, String> m = new HashMap<>(Map.of("state.jdbc-url", "jdbc:postgresql://db/gw"));
        m.put("state.heartbeat-seconds", "0");
        assertThatThrownBy(() -> read(m)).hasMessageStartingWith("state.heartbeat-seconds must be from 1 to 300");
        m.remove("state.heartbeat-seconds");
        m.put("state.instance-id", "a/b");
        assertThatThrownBy(() -> read(m)).hasMessageStartingWith("state.instance-id must be");
        m.remove("state.instance-id");
        m.put("state.pool-size", "1");
        assertThatThrownBy(() -> read(m)).hasMessageStartingWith("state.pool-size must be from 2 to 64");
    }

    @Test
    void shouldNeverPrintThePassword() {
        StateSettings s = read(Map.of("state.jdbc-url", "jdbc:postgresql://db/gw?user=u&password=hunter2",
                "state.password", "s3cret"));
        assertThat(s.toString()).doesNotContain("s3cret").doesNotContain("hunter2").contains("password=***");
        assertThat(s.password()).isEqualTo("s3cret");
        assertThatThrownBy(() -> read(Map.of("state.jdbc-url", "jdbc:mysql://db/gw?password=hunter2")))
                .hasMessageNotContaining("hunter2");
    }
}
