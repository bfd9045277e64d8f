package io.contractgate.mqtt;

import org.junit.jupiter.api.Test;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

class InputWindowTest {

    private static final int BIG = 256 * 1024;

    @Test
    void shouldMakeAnInputWaitWhileTheWindowHoldsItsBytesAndLetItOnOnceOneIsDone() throws Exception {
        InputWindow w = new InputWindow(4 * BIG); // by count alone, 1,000 of these would be 256 MB
        for (int i = 0; i < 4; i++) {
            assertThat(w.take(w.cost(BIG), () -> false)).isTrue();
        }
        CountDownLatch taken = new CountDownLatch(1);
        Thread fifth = new Thread(() -> {
            if (w.take(w.cost(BIG), () -> false)) {
                taken.countDown();
            }
        });
        fifth.start();
        await().until(() -> fifth.getState() == Thread.State.TIMED_WAITING);
        assertThat(taken.getCount()).isEqualTo(1);
        assertThat(w.used()).isEqualTo(4L * BIG);
        w.give(w.cost(BIG));
        await().until(() -> taken.getCount() == 0);
        assertThat(w.used()).isEqualTo(4L * BIG);
    }

    @Test
    void shouldGiveUpWaitingWhenTheInputStops() {
        InputWindow w = new InputWindow(BIG);
        assertThat(w.take(w.cost(BIG), () -> false)).isTrue();
        AtomicBoolean stopping = new AtomicBoolean(true);
        assertThat(w.take(w.cost(1), stopping::get)).isFalse();
        assertThat(w.used()).isEqualTo(BIG);
    }

    @Test
    void shouldLetAPayloadLargerThanTheWindowPassAlone() {
        InputWindow w = new InputWindow(BIG);
        int cost = w.cost(4 * BIG);
        assertThat(cost).isEqualTo(BIG);
        assertThat(w.take(cost, () -> false)).isTrue();
        w.give(cost);
        assertThat(w.used()).isZero();
    }

    @Test
    void shouldRefuseAnEmptyWindow() {
        assertThatThrownBy(() -> new InputWindow(0)).hasMessageContaining("at least 1 byte");
    }
}
