package io.contractgate.mqtt;

/**
 * An output MQTT cannot carry whatever the broker does, e.g. a topic longer than MQTT allows (an input topic near the
 * limit plus the mapping's suffix). Its input is acknowledged, not left to the broker's redelivery: every
 * redelivery would fail the same way, for ever, and each would hold a slot of the mapping's receive window.
 */
public final class UndeliverableOutputException extends Exception {

    public UndeliverableOutputException(String message) {
        super(message);
    }
}
