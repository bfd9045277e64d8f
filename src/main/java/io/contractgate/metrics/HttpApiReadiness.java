package io.contractgate.metrics;

import org.apache.camel.CamelContext;
import org.apache.camel.Route;
import org.apache.camel.health.HealthCheckResultBuilder;
import org.apache.camel.impl.health.AbstractHealthCheck;

import java.util.Map;
import java.util.TreeMap;

/**
 * Readiness check "http-api": UP when every REST route is started and the API's port answers ({@link HttpApiProbe}).
 * Not a liveness check: a slow or restarting API is a reason to take the gateway out of a load balancer, not to kill it.
 */
public final class HttpApiReadiness extends AbstractHealthCheck {

    private final CamelContext context;
    private final HttpApiProbe probe;

    public HttpApiReadiness(CamelContext context, HttpApiProbe probe) {
        super("contract-gateway", "http-api");
        this.context = context;
        this.probe = probe;
    }

    @Override
    public boolean isLiveness() {
        return false;
    }

    @Override
    protected void doCall(HealthCheckResultBuilder builder, Map<String, Object> options) {
        Map<String, Boolean> rest = new TreeMap<>();
        for (Route r : context.getRoutes()) {
            if (r.isCreatedByRestDsl()) {
                var status = context.getRouteController().getRouteStatus(r.getRouteId());
                rest.put(r.getRouteId(), status != null && status.isStarted());
            }
        }
        String problem = probe.problem(rest);
        if (problem == null) {
            builder.up();
        } else {
            builder.message(problem).down();
        }
    }
}
