package io.contractgate.testing;

import org.eclipse.paho.mqttv5.client.MqttClientException;
import org.eclipse.paho.mqttv5.common.MqttException;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * Paho may report its in-flight window full ("Too many publishes in progress", 32202) for a moment even for a
 * publisher that waits for every PUBACK: it releases the slot after it completes the token. That is back-pressure,
 * not a failure: the test client sends the same message again, for at most 30 s.
 */
public final class BackPressure {

    /** One publish (or anything else that may meet a full window). */
    @FunctionalInterface
    public interface Send {
        void run() throws MqttException;
    }

    private BackPressure() {
    }

    public static void retry(Send send) throws MqttException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (true) {
            try {
                send.run();
                return;
            } catch (MqttException e) {
                if (e.getReasonCode() != MqttClientException.REASON_CODE_MAX_INFLIGHT || System.nanoTime() > deadline) {
                    throw e;
                }
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(1));
            }
        }
    }
}
