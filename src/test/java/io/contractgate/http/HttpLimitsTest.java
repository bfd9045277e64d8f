package io.contractgate.http;

import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The HTTP idle timeout: default, off, and values refused naming the key. */
class HttpLimitsTest {

    @Test
    void shouldDefaultToTwoMinutesAndTurnOffWithZero() {
        assertThat(HttpLimits.from(key -> null)).isEqualTo(new HttpLimits(120));
        assertThat(HttpLimits.from(Map.of(HttpLimits.IDLE_KEY, "0")::get)).isEqualTo(new HttpLimits(0));
        assertThat(HttpLimits.from(Map.of(HttpLimits.IDLE_KEY, "20")::get)).isEqualTo(new HttpLimits(20));
    }

    @Test
    void shouldRefuseAnIdleTimeoutTheEventStreamsWouldNotOutliveNamingTheKey() {
        assertThatThrownBy(() -> HttpLimits.from(Map.of(HttpLimits.IDLE_KEY, "10")::get))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining(HttpLimits.IDLE_KEY)
                .hasMessageContaining("at least 20");
        assertThatThrownBy(() -> HttpLimits.from(Map.of(HttpLimits.IDLE_KEY, "-1")::get))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining(HttpLimits.IDLE_KEY);
        assertThatThrownBy(() -> HttpLimits.from(Map.of(HttpLimits.IDLE_KEY, "soon")::get))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining(HttpLimits.IDLE_KEY);
    }
}
