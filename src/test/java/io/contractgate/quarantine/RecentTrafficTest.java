package io.contractgate.quarantine;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RecentTrafficTest {

    @Test
    void shouldKeepTheLastMessagesOfAMappingNewestFirst() {
        RecentTraffic t = new RecentTraffic(3);
        for (int i = 0; i < 5; i++) {
            t.record("m", "t/" + i, new byte[]{(byte) i}, i);
        }
        assertThat(t.recent("m")).extracting(RecentTraffic.Recent::topic).containsExactly("t/4", "t/3", "t/2");
        assertThat(t.recent("other")).isEmpty();
    }

    @Test
    void shouldNeverHoldMoreThanTheByteBoundUnderAFloodOfLargePayloads() {
        int big = 256 * 1024;
        RecentTraffic t = new RecentTraffic(500, 1L << 20); // by count alone: 500 x 256 KiB = 128 MB
        for (int i = 0; i < 2000; i++) {
            t.record("m", "t", new byte[big], i);
            assertThat(t.bytes()).isLessThanOrEqualTo(1L << 20);
        }
        assertThat(t.recent("m")).isNotEmpty().hasSizeLessThanOrEqualTo(4);
    }

    @Test
    void shouldShareTheByteBoundBetweenMappingsSoOneFloodLeavesRoomForTheOthers() {
        RecentTraffic t = new RecentTraffic(500, 1L << 20);
        for (int i = 0; i < 1000; i++) {
            t.record("flooded", "t", new byte[64 * 1024], i);
        }
        for (int i = 0; i < 100; i++) {
            t.record("quiet", "q", new byte[100], i);
        }
        assertThat(t.recent("quiet")).hasSize(100);
        for (int i = 0; i < 1000; i++) {
            t.record("flooded", "t", new byte[64 * 1024], i);
        }
        assertThat(t.bytes()).isLessThanOrEqualTo((1L << 20) + 100 * 100);
        assertThat(t.recent("quiet")).hasSize(100);
    }

    @Test
    void shouldRefuseABoundBelowOneNamingTheKey() {
        assertThatThrownBy(() -> new RecentTraffic(10, 0)).hasMessageContaining("quarantine.preview-recent-bytes");
    }
}
