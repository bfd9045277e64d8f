package io.contractgate.settings;

import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SettingsTest {

    private static Settings of(Map<String, String> values) {
        return Settings.of(values::get);
    }

    @Test
    void shouldUseTheDefaultForUnsetAndBlankKeys() {
        Settings s = of(Map.of("blank", "  "));
        assertThat(s.text("blank", "d")).isEqualTo("d");
        assertThat(s.integer("missing", 7)).isEqualTo(7);
        assertThat(s.bool("blank", true)).isTrue();
        assertThat(s.decimal("missing", 0.5)).isEqualTo(0.5);
        assertThat(s.optional("blank")).isNull();
    }

    @Test
    void shouldTrimAndParseValues() {
        Settings s = of(Map.of("n", " 42 ", "b", "false", "d", "2.5", "t", " x ", "l", "9000000000"));
        assertThat(s.integer("n", 0)).isEqualTo(42);
        assertThat(s.bool("b", true)).isFalse();
        assertThat(s.decimal("d", 0)).isEqualTo(2.5);
        assertThat(s.text("t", null)).isEqualTo("x");
        assertThat(s.optional("t")).isEqualTo(" x ");
        assertThat(s.longInteger("l", 0, 0, Long.MAX_VALUE)).isEqualTo(9_000_000_000L);
    }

    @Test
    void shouldRefuseAValueThatDoesNotParseNamingTheKey() {
        Settings s = of(Map.of("n", "ten", "b", "yes", "d", "1,5"));
        assertThatThrownBy(() -> s.integer("n", 0)).hasMessage("n must be a whole number, was 'ten'");
        assertThatThrownBy(() -> s.bool("b", false)).hasMessage("b must be true or false, was 'yes'");
        assertThatThrownBy(() -> s.decimal("d", 0)).hasMessage("d must be a number, was '1,5'");
    }

    @Test
    void shouldRefuseAValueOutOfRangeNamingTheKey() {
        Settings s = of(Map.of("n", "0", "big", "99999999999"));
        assertThatThrownBy(() -> s.atLeast("n", 1, 1)).hasMessage("n must be at least 1, was 0");
        assertThatThrownBy(() -> s.integer("n", 1, 50, 60_000)).hasMessage("n must be from 50 to 60000, was 0");
        assertThatThrownBy(() -> s.integer("big", 1)).hasMessageStartingWith("big must be at most");
    }

    @Test
    void shouldRefuseADecimalOutOfRangeOrNotANumber() {
        Settings s = of(Map.of("jump", "2", "nan", "NaN", "ok", "0.3"));
        assertThatThrownBy(() -> s.decimal("jump", 0.3, 0.01, 1)).hasMessage("jump must be from 0.01 to 1.0, was 2");
        assertThatThrownBy(() -> s.decimal("nan", 0.3, 0.01, 1)).hasMessageStartingWith("nan must be from");
        assertThat(s.decimal("ok", 0.5, 0.01, 1)).isEqualTo(0.3);
        assertThat(s.decimal("missing", 0.5, 0.01, 1)).isEqualTo(0.5);
    }
}
