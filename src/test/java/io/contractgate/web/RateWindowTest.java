package io.contractgate.web;

import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

/** Rates over a sliding window, from cumulative counters read at each batch. */
class RateWindowTest {

    private static final long MS = 1_000_000L;

    private static Map<String, LiveFeed.Counts> counts(long validated, long failed) {
        return Map.of("a", new LiveFeed.Counts(validated, failed));
    }

    @Test
    void shouldMeasureSinceStartWhileTheGatewayIsYoungerThanTheWindow() {
        RateWindow w = new RateWindow(10_000, 0);
        RateWindow.Result r = w.add(4_000 * MS, counts(8, 2));
        assertThat(r.seconds()).isEqualTo(4.0);
        assertThat(r.rates().get("a")).isEqualTo(new RateWindow.Rates(2.0, 0.5));
    }

    @Test
    void shouldMeasureOverTheLastWindowOnly() {
        RateWindow w = new RateWindow(10_000, 0);
        long total = 0;
        RateWindow.Result r = null;
        // 100 messages in the first second, then 1 a second: after 10 quiet seconds the burst is out of the window
        for (int ms = 500; ms <= 20_000; ms += 500) {
            total = ms <= 1_000 ? 50L * (ms / 500) : 100 + (ms - 1_000) / 1_000;
            r = w.add(ms * MS, counts(total, 0));
        }
        assertThat(r.seconds()).isEqualTo(10.0);
        assertThat(r.rates().get("a").validated()).isCloseTo(1.0, within(0.11));
    }

    @Test
    void shouldCountAMappingFirstSeenLaterFromZero() {
        RateWindow w = new RateWindow(10_000, 0);
        w.add(1_000 * MS, counts(5, 0));
        RateWindow.Result r = w.add(2_000 * MS, Map.of("a", new LiveFeed.Counts(5, 0), "b", new LiveFeed.Counts(0, 6)));
        assertThat(r.rates().get("b")).isEqualTo(new RateWindow.Rates(0, 3.0));
    }

    @Test
    void shouldKeepABoundedNumberOfReadingsWhateverTheBatchRate() {
        RateWindow w = new RateWindow(60_000, 0);
        for (int i = 1; i <= 5_000; i++) {
            w.add(i * MS, counts(i, 0)); // a batch every millisecond: 60,000 would fit in the window
        }
        assertThat(w.readings()).isEqualTo(RateWindow.MAX_READINGS);
    }

    @Test
    void shouldRefuseAWindowThatIsNotPositive() {
        assertThatThrownBy(() -> new RateWindow(0, 0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("positive");
    }
}
