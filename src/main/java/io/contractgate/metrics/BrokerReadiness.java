package io.contractgate.metrics;

import org.apache.camel.health.HealthCheckResultBuilder;
import org.apache.camel.impl.health.AbstractHealthCheck;

import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Readiness check "mqtt-broker": UP only while the output client and every running mapping input are connected to the
 * broker (a disabled mapping does not count); DOWN names the clients that are not. Liveness is unaffected: a broker
 * outage is something to wait out, not a reason to restart the gateway.
 */
public final class BrokerReadiness extends AbstractHealthCheck {

    private final Supplier<List<String>> disconnected;

    /** @param disconnected the clients not connected now (empty when all are) */
    public BrokerReadiness(Supplier<List<String>> disconnected) {
        super("contract-gateway", "mqtt-broker");
        this.disconnected = disconnected;
    }

    @Override
    public boolean isLiveness() {
        return false;
    }

    @Override
    protected void doCall(HealthCheckResultBuilder builder, Map<String, Object> options) {
        List<String> down = disconnected.get();
        if (down.isEmpty()) {
            builder.up();
        } else {
            builder.message("not connected to the MQTT broker: " + String.join(", ", down)).down();
        }
    }
}
