package io.contractgate.quarantine;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

class QuarantineMetricsTest {

    @Test
    void queueLengthGaugeStillReadsTheQueueAfterAGarbageCollection() {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        AtomicInteger waiting = new AtomicInteger(3);
        // a method reference made here and held by nobody else, as QuarantineConfiguration passes writer::waiting
        new QuarantineMetrics(registry, waiting::get);
        System.gc(); // a weakly held supplier is collected here and the gauge reads NaN (it did on a running gateway)
        assertThat(registry.get("quarantine_queue_length").gauge().value()).isEqualTo(3);
        waiting.set(0);
        assertThat(registry.get("quarantine_queue_length").gauge().value()).isZero();
    }
}
