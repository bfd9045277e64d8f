package io.contractgate.bench;

import io.contractgate.contract.ContractStore;
import io.contractgate.contract.ContractValidationProcessor;
import io.contractgate.contract.PayloadValidator;
import io.contractgate.contract.Verdict;
import org.apache.camel.CamelContext;
import org.apache.camel.component.paho.mqtt5.PahoMqtt5Constants;
import org.apache.camel.Endpoint;
import org.apache.camel.Exchange;
import org.apache.camel.Producer;
import org.apache.camel.RoutesBuilder;
import org.apache.camel.impl.DefaultCamelContext;

import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A real CamelContext for the component benchmarks: routes under test are entered through {@code direct:} (no broker)
 * and end in no-op sinks that only count what reaches them, so each variant pays exactly its own steps.
 */
class RouteBench implements AutoCloseable {

    /** The shared benchmark's first 1000 messages (seed 42, fixed ids): the mix every variant walks through. */
    static final int MESSAGES = 1000;

    /** The contracts of the mix, read from schemas/ as the gateway reads them. */
    static final ContractStore CONTRACTS = new ContractStore(Path.of("schemas"));

    final CamelContext context = new DefaultCamelContext();
    final Workload workload = new Workload(42, MESSAGES, false);
    private Verdict[] verdicts;
    private int next;
    /** Messages handed to the routes so far. */
    long sent;
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

    static String mapping(int sensor) {
        return sensor == 0 ? "sensor1" : "sensor2";
    }

    /** The index of the next message of the mix (it wraps around). */
    int nextIndex() {
        int i = next;
        next = i + 1 == MESSAGES ? 0 : i + 1;
        sent++;
        return i;
    }

    /** Message i as the MQTT input hands it to the pipeline: the payload and its topic. */
    Exchange arrived(int i) {
        Exchange e = exchange();
        e.getMessage().setBody(workload.payload[i]);
        e.getMessage().setHeader(PahoMqtt5Constants.MQTT_TOPIC, Workload.TOPICS[workload.sensor[i]]);
        return e;
    }

    /**
     * The next message as the publish routes see it after the check: what {@link ContractValidationProcessor} sets
     * (the verdicts are computed once, so only the step under test is measured).
     */
    Exchange checked() {
        if (verdicts == null) {
            PayloadValidator validator = new PayloadValidator();
            verdicts = new Verdict[MESSAGES];
            for (int i = 0; i < MESSAGES; i++) {
                verdicts[i] = validator.validate(workload.payload[i], CONTRACTS.get(mapping(workload.sensor[i])),
                        "sensor_id");
            }
        }
        int i = nextIndex();
        Exchange e = arrived(i);
        e.getMessage().setHeader(ContractValidationProcessor.VERDICT_HEADER,
                verdicts[i].valid() ? ContractValidationProcessor.VALIDATED : ContractValidationProcessor.FAILED);
        e.setProperty(ContractValidationProcessor.VERDICT_PROPERTY, verdicts[i]);
        e.setProperty(ContractValidationProcessor.MAPPING_PROPERTY, mapping(workload.sensor[i]));
        e.setProperty(ContractValidationProcessor.PAYLOAD_PROPERTY, workload.payload[i]);
        e.setProperty(ContractValidationProcessor.SOURCE_TOPIC_PROPERTY, Workload.TOPICS[workload.sensor[i]]);
        e.setProperty(ContractValidationProcessor.STARTED_PROPERTY, System.nanoTime());
        return e;
    }

    /** Sends the exchange through the route behind {@code producer} and returns it (for JMH's blackhole). */
    static Exchange send(Producer producer, Exchange e) throws Exception {
        producer.process(e);
        return e;
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
