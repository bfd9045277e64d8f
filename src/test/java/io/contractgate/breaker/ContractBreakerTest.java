package io.contractgate.breaker;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ContractBreakerTest {

    private final List<ContractBreaker.Trip> trips = new ArrayList<>();
    private final ContractBreaker breaker = new ContractBreaker(new ContractBreaker.Settings(60, 100, 0.3, false), trips::add);
    private long v;
    private long f;
    private long now;

    /** Advances one second with the given traffic under the given contract version. */
    private void second(int valid, int failed, String version) {
        v += valid;
        f += failed;
        now += 1000;
        breaker.tick(now, Map.of("m", new ContractBreaker.Reading(v, f, "c", version)));
    }

    @Test
    void shouldCountNoTripsRatherThanNoneAtAllForAStartedMapping() {
        var registry = new io.micrometer.core.instrument.simple.SimpleMeterRegistry();

        new BreakerService(null, null, null, registry).mappingStarted("m1");

        assertThat(registry.get("contract_breaker_trips_total").tag("mapping", "m1").counter().count()).isZero();
    }

    @Test
    void shouldTripWhenAChangeMakesTheFailureRatioJump() {
        for (int i = 0; i < 30; i++) {
            second(95, 5, "sha256:old");
        }
        second(10, 90, "sha256:new");
        second(10, 90, "sha256:new");
        assertThat(trips).hasSize(1);
        ContractBreaker.Trip t = trips.get(0);
        assertThat(t.mapping()).isEqualTo("m");
        assertThat(t.fromVersion()).isEqualTo("sha256:old");
        assertThat(t.toVersion()).isEqualTo("sha256:new");
        assertThat(t.ratioBefore()).isBetween(0.04, 0.06);
        assertThat(t.ratioAfter()).isBetween(0.85, 0.95);
        assertThat(breaker.open()).hasSize(1);
        assertThat(breaker.close("m")).isPresent();
        assertThat(breaker.open()).isEmpty();
    }

    @Test
    void shouldNotTripOnAHarmlessChangeOrWithoutAChange() {
        for (int i = 0; i < 30; i++) {
            second(50, 50, "sha256:old"); // a high but steady failure ratio
        }
        second(45, 55, "sha256:new");
        second(45, 55, "sha256:new");
        second(45, 55, "sha256:new");
        assertThat(trips).isEmpty();
    }

    @Test
    void shouldWaitForTheMinimumCountWithinTheWindow() {
        for (int i = 0; i < 10; i++) {
            second(10, 0, "sha256:old");
        }
        second(0, 5, "sha256:new"); // only 5 messages: too few to judge
        for (int i = 0; i < 70; i++) {
            second(0, 1, "sha256:new"); // 75 after the change, window over before 100
        }
        assertThat(trips).isEmpty();
    }

    @Test
    void shouldTripWhenTheJumpShowsOnlyAfterMessagesValidatedUnderTheOldVersion() {
        for (int i = 0; i < 10; i++) {
            second(10, 0, "sha256:old");
        }
        second(100, 0, "sha256:new"); // still in the pipeline at the change: validated under the old version
        assertThat(trips).isEmpty();
        second(0, 20, "sha256:new");
        assertThat(trips).as("20 of 120 failed: 17 percent is no jump of 30 points yet").isEmpty();
        second(0, 80, "sha256:new");
        assertThat(trips).hasSize(1);
        assertThat(trips.get(0).ratioAfter()).isEqualTo(0.5);
        second(0, 200, "sha256:new");
        assertThat(trips).as("one trip per change").hasSize(1);
    }

    @Test
    void shouldNameTheSettingAtFault() {
        assertThatThrownBy(() -> BreakerSettings.from(Map.of("contracts.breaker.ratio-jump", "2")::get))
                .hasMessageContaining("contracts.breaker.ratio-jump");
        assertThatThrownBy(() -> BreakerSettings.from(Map.of("contracts.auto-rollback", "yes")::get))
                .hasMessageContaining("contracts.auto-rollback");
        assertThat(BreakerSettings.from(Map.<String, String>of()::get).autoRollback()).isFalse();
    }
}
