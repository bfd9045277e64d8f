package io.contractgate.metrics;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

class ThrottledLogTest {

    private final AtomicLong now = new AtomicLong(1_000);
    private final ThrottledLog log = new ThrottledLog(3, 10, TimeUnit.SECONDS, "mqtt_publish_failures_total", now::get);

    private List<String> occur(int times) {
        List<String> all = new ArrayList<>();
        for (int i = 1; i <= times; i++) {
            all.addAll(log.lines("failure " + i));
        }
        return all;
    }

    @Test
    void aFloodLogsTheFirstFewAndSaysTheRestAreCounted() {
        List<String> lines = occur(2000);

        assertThat(lines).hasSize(3);
        assertThat(lines.get(0)).isEqualTo("failure 1");
        assertThat(lines.get(2)).startsWith("failure 3 (further ones in the next 10 s are counted in mqtt_publish_failures_total");
    }

    @Test
    void theNextWindowSaysHowManyWereLeftOut() {
        occur(10);
        now.addAndGet(TimeUnit.SECONDS.toNanos(10));

        List<String> lines = log.lines("later");

        assertThat(lines).containsExactly(
                "7 more like it were not logged in the previous 10 s (all are counted in mqtt_publish_failures_total)",
                "later");
    }

    @Test
    void occasionalFailuresAreAllLogged() {
        for (int i = 0; i < 5; i++) {
            assertThat(log.lines("rare " + i)).containsExactly("rare " + i);
            now.addAndGet(TimeUnit.SECONDS.toNanos(11));
        }
    }
}
