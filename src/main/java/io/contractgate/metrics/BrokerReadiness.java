package io.contractgate.metrics;

import org.apache.camel.health.HealthCheckResultBuilder;
import org.apache.camel.impl.health.AbstractHealthCheck;

import java.util.Map;
import java.util.function.BooleanSupplier;

/**
 * Readiness check "mqtt-broker": UP only while the output client and every running mapping input are connected to the
 * broker (a disabled mapping does not count). Liveness is unaffected: a broker outage is something to wait out, not a
 * reason to restart the gateway.
 */
public final class BrokerReadiness extends AbstractHealthCheck {

    private final BooleanSupplier connected;

    public BrokerReadiness(BooleanSupplier connected) {
        super("contract-gateway", "mqtt-broker");
        this.connected = connected;
    }

    @Override
    public boolean isLiveness() {
        return false;
    }

    @Override
    protected void doCall(HealthCheckResultBuilder builder, Map<String, Object> options) {
        if (connected.getAsBoolean()) {
            builder.up();
        } else {
            builder.message("not connected to the MQTT broker (output client or a running mapping input)").down();
        }
    }
}
