package io.contractgate.bench;

import org.apache.camel.CamelContext;
import org.apache.camel.Endpoint;
import org.apache.camel.Exchange;
import org.apache.camel.Producer;
import org.apache.camel.RoutesBuilder;
import org.apache.camel.impl.DefaultCamelContext;

import java.util.concurrent.atomic.AtomicLong;

/**
 * A real CamelContext for the component benchmarks: routes under test are entered through {@code direct:} (no broker)
 * and end in no-op sinks that only count what reaches them, so each variant pays exactly its own steps.
 */
class RouteBench implements AutoCloseable {

    /** The shared benchmark's first 1000 messages (seed 42, fixed ids): the mix every variant walks through. */
    static final int MESSAGES = 1000;

    final CamelContext context = new DefaultCamelContext();
    final AtomicLong validated = new AtomicLong();
    final AtomicLong failed = new AtomicLong();

    RouteBench(RoutesBuilder... routes) throws Exception {
        // as the gateway runs (application.properties): JMX on with route-level statistics, simple uuids
        context.build();
        if (context.getManagementStrategy().getManagementAgent() != null) {
            context.getManagementStrategy().getManagementAgent()
                    .setStatisticsLevel(org.apache.camel.ManagementStatisticsLevel.RoutesOnly);
        }
        context.setUuidGenerator(new org.apache.camel.support.SimpleUuidGenerator());
        context.addRoutes(new org.apache.camel.builder.RouteBuilder() {
            @Override
            public void configure() {
                from("direct:validated").routeId("sink-validated").process(e -> validated.incrementAndGet());
                from("direct:failed").routeId("sink-failed").process(e -> failed.incrementAndGet());
            }
        });
        for (RoutesBuilder r : routes) {
            context.addRoutes(r);
        }
    }

    /** Services and beans the routes need, bound before {@link #start()}. */
    void beforeStart() throws Exception {
    }

    /** Starts the context; the benchmarks call it once they have set it up. */
    RouteBench start() throws Exception {
        beforeStart();
        context.start();
        return this;
    }

    static Workload workload() {
        return new Workload(42, MESSAGES, false);
    }

    /** A started producer into {@code uri}, to send exchanges the way the MQTT consumer hands them to the route. */
    Producer producer(String uri) throws Exception {
        Endpoint endpoint = context.getEndpoint(uri);
        Producer p = endpoint.createProducer();
        p.start();
        return p;
    }

    Exchange exchange() {
        return new org.apache.camel.support.DefaultExchange(context);
    }

    @Override
    public void close() {
        context.stop();
    }
}
