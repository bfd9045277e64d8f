package io.contractgate.fleet;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

class FleetMemberTest {

    private static final Instant NOW = Instant.parse("2026-11-30T04:00:00Z");
    private static final Duration BEAT = Duration.ofSeconds(5);

    private static FleetMember member(Instant lastSeen, long applied) {
        return new FleetMember("gw-1", "1.0", "host", NOW.minusSeconds(600), lastSeen, 2, applied, null);
    }

    @Test
    void shouldBeCurrentWhenItReportedRecentlyAndAppliedTheVersionInForce() {
        assertThat(member(NOW.minusSeconds(4), 7).state(7, NOW, BEAT, 3)).isEqualTo(FleetMember.CURRENT);
    }

    @Test
    void shouldBeBehindWhenItAppliedAnOlderVersion() {
        assertThat(member(NOW.minusSeconds(1), 6).state(7, NOW, BEAT, 3)).isEqualTo(FleetMember.BEHIND);
    }

    @Test
    void shouldBeSilentAfterThreeMissedHeartbeatsWhateverItApplied() {
        assertThat(member(NOW.minusSeconds(15), 7).state(7, NOW, BEAT, 3)).isEqualTo(FleetMember.CURRENT);
        assertThat(member(NOW.minusSeconds(16), 7).state(7, NOW, BEAT, 3)).isEqualTo(FleetMember.SILENT);
        assertThat(member(NOW.minusSeconds(60), 3).state(7, NOW, BEAT, 3)).isEqualTo(FleetMember.SILENT);
        assertThat(member(null, 7).state(7, NOW, BEAT, 3)).isEqualTo(FleetMember.SILENT);
    }

    @Test
    void shouldCompareVersionsAsNumbers() {
        assertThat(FleetMember.behind(9, 10)).isTrue();
        assertThat(FleetMember.behind(10, 10)).isFalse();
        assertThat(FleetMember.behind(11, 10)).isFalse(); // a version read before the newest commit was seen
        assertThat(FleetMember.behind(99, 100)).isTrue();
    }
}
