package io.contractgate.quarantine;

import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class QuarantineSettingsTest {

    @Test
    void shouldDefaultToAnH2FileUnderTheDataFolder() {
        QuarantineSettings s = QuarantineSettings.from(Map.<String, String>of()::get);
        assertThat(s.enabled()).isTrue();
        assertThat(s.jdbcUrl()).startsWith("jdbc:h2:file:").endsWith("data/quarantine/quarantine;CACHE_SIZE=8192;DB_CLOSE_ON_EXIT=FALSE");
        assertThat(s.required()).isFalse();
        assertThat(s.postgres()).isFalse();
        assertThat(s.maxAgeHours()).isEqualTo(168);
        assertThat(s.maxRows()).isEqualTo(1_000_000);
    }

    @Test
    void shouldNeverPrintThePassword() {
        QuarantineSettings s = QuarantineSettings.from(Map.of("quarantine.jdbc-url",
                "jdbc:postgresql://db:5432/q?user=u&password=hunter2", "quarantine.password", "secret-pw")::get);
        assertThat(s.postgres()).isTrue();
        assertThat(s.toString()).doesNotContain("secret-pw", "hunter2");
    }

    @Test
    void shouldNotEchoCredentialsOfAUrlItRefuses() {
        // a libpq-style URL (no jdbc: prefix) with the password in it: the start-up error showed it whole
        assertThatThrownBy(() -> QuarantineSettings.from(Map.of("quarantine.jdbc-url",
                "postgresql://gw:url-secret@db:5432/q")::get))
                .hasMessageContaining("quarantine.jdbc-url").hasMessageNotContaining("url-secret");
    }

    @Test
    void shouldNameTheKeyAtFault() {
        assertThatThrownBy(() -> QuarantineSettings.from(Map.of("quarantine.max-rows", "lots")::get))
                .hasMessageContaining("quarantine.max-rows");
        assertThatThrownBy(() -> QuarantineSettings.from(Map.of("quarantine.required", "yes")::get))
                .hasMessageContaining("quarantine.required");
        assertThatThrownBy(() -> QuarantineSettings.from(Map.of("quarantine.jdbc-url", "jdbc:mysql://x/y")::get))
                .hasMessageContaining("quarantine.jdbc-url");
        assertThatThrownBy(() -> QuarantineSettings.from(Map.of("quarantine.redrive-rate", "0")::get))
                .hasMessageContaining("quarantine.redrive-rate");
    }

    @Test
    void shouldRefuseAnUnreachableDatabaseNamingTheSetting() {
        assertThatThrownBy(() -> QuarantineDatabase.open(QuarantineSettings.from(Map.of("quarantine.jdbc-url",
                "jdbc:postgresql://127.0.0.1:1/none", "quarantine.password", "pw-not-shown")::get)))
                .hasMessageContaining("quarantine.jdbc-url").hasMessageNotContaining("pw-not-shown");
    }
}
