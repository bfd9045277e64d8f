package io.contractgate.metrics;

import org.apache.camel.CamelContext;
import org.apache.camel.Route;
import org.apache.camel.health.HealthCheckResultBuilder;
import org.apache.camel.impl.health.AbstractHealthCheck;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Supplier;

/**
 * A readiness check of the gateway (group "contract-gateway"): DOWN with a message naming what is wrong, UP when
 * nothing is. Never a liveness check: a broker outage or a slow API is a reason to take the gateway out of a load
 * balancer and wait, not to restart it.
 */
public final class ReadinessCheck extends AbstractHealthCheck {

    private final Supplier<String> problem;

    /** @param problem what is wrong now, or null when ready */
    public ReadinessCheck(String id, Supplier<String> problem) {
        super("contract-gateway", id);
        this.problem = problem;
    }

    /**
     * "mqtt-broker": UP only while the output client and every running mapping input are connected to the broker (a
     * disabled mapping does not count); DOWN names the clients that are not.
     *
     * @param disconnected the clients not connected now (empty when all are)
     */
    public static ReadinessCheck broker(Supplier<List<String>> disconnected) {
        return new ReadinessCheck("mqtt-broker", () -> {
            List<String> down = disconnected.get();
            return down.isEmpty() ? null : "not connected to the MQTT broker: " + String.join(", ", down);
        });
    }

    /** "http-api": UP when every REST route is started and the API's port answers ({@link HttpApiProbe}). */
    public static ReadinessCheck httpApi(CamelContext context, HttpApiProbe probe) {
        return new ReadinessCheck("http-api", () -> {
            Map<String, Boolean> rest = new TreeMap<>();
            for (Route r : context.getRoutes()) {
                if (r.isCreatedByRestDsl()) {
                    var status = context.getRouteController().getRouteStatus(r.getRouteId());
                    rest.put(r.getRouteId(), status != null && status.isStarted());
                }
            }
            return probe.problem(rest);
        });
    }

    @Override
    public boolean isLiveness() {
        return false;
    }

    @Override
    protected void doCall(HealthCheckResultBuilder builder, Map<String, Object> options) {
        String now = problem.get();
        if (now == null) {
            builder.up();
        } else {
            builder.message(now).down();
        }
    }
}
