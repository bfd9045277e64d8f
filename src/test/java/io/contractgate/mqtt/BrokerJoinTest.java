package io.contractgate.mqtt;

import org.junit.jupiter.api.Test;

import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The step every MQTT client of the gateway waits for before its first connection (the embedded broker started in the
 * background, the output client connected): it runs once, and its failure is every later caller's failure.
 */
class BrokerJoinTest {

    @Test
    void shouldRunTheStepOnceWhoeverAsksFirst() {
        GatewayPahoComponent paho = new GatewayPahoComponent();
        paho.awaitBroker(); // nothing to wait for
        AtomicInteger runs = new AtomicInteger();
        paho.beforeFirstConnection(runs::incrementAndGet);
        paho.awaitBroker();
        paho.awaitBroker();
        assertThat(runs).hasValue(1);
    }

    @Test
    void shouldGiveEveryLaterCallerTheSameFailureWithoutRunningTheStepAgain() {
        GatewayPahoComponent paho = new GatewayPahoComponent();
        AtomicInteger runs = new AtomicInteger();
        paho.beforeFirstConnection(() -> {
            runs.incrementAndGet();
            throw new IllegalStateException("cannot connect to the MQTT broker at tcp://127.0.0.1:1 (mqtt.broker.url)");
        });
        assertThatThrownBy(paho::awaitBroker).hasMessageContaining("mqtt.broker.url");
        assertThatThrownBy(paho::awaitBroker).hasMessageContaining("mqtt.broker.url");
        assertThat(runs).hasValue(1);
        // a broker change through the admin API sets a new step, which runs
        paho.beforeFirstConnection(runs::incrementAndGet);
        paho.awaitBroker();
        assertThat(runs).hasValue(2);
    }
}
