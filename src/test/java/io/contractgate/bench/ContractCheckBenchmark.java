package io.contractgate.bench;

import io.contractgate.contract.ContractValidationProcessor;
import io.contractgate.contract.GatewayServices;
import io.contractgate.contract.PayloadValidator;
import io.contractgate.report.FailureReport;
import org.apache.camel.Exchange;
import org.apache.camel.Producer;
import org.apache.camel.ValidationException;
import org.apache.camel.builder.RouteBuilder;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import java.util.concurrent.TimeUnit;

/**
 * The contract check as a route step, per message of the shared mix, in a real CamelContext: the gateway's
 * {@link ContractValidationProcessor} (verdict header, full failure report) against camel-json-validator's
 * {@code json-validator:} endpoint (an invalid message surfaces as a ValidationException, handled by onException).
 * Run with {@code bench/jmh.sh ContractCheck -prof gc -prof io.contractgate.bench.ProcessCpuProfiler}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(3)
public class ContractCheckBenchmark {

    static final String CONTRACT_HEADER = "contractId";

    private RouteBench bench;
    private Producer[] gateway;
    private Producer[] validateOnly;
    private Producer[] jsonValidator;
    private Producer[] jsonValidatorDynamic;

    @Setup
    public void setUp() throws Exception {
        GatewayServices services = new GatewayServices(RouteBench.CONTRACTS, new PayloadValidator(),
                new FailureReport());
        bench = new RouteBench(new RouteBuilder() {
            @Override
            public void configure() {
                for (String id : new String[] {"sensor1", "sensor2"}) {
                    // today: routes/contract-pipeline.camel.yaml (the check, then a choice on its verdict header)
                    ContractValidationProcessor check = new ContractValidationProcessor();
                    check.setMappingId(id);
                    check.setContractId(id);
                    check.setServices(services);
                    from("direct:gateway-" + id).routeId("gateway-" + id)
                            .process(check)
                            .choice()
                                .when(header(ContractValidationProcessor.VERDICT_HEADER).isEqualTo("validated"))
                                    .to("direct:validated")
                                .otherwise()
                                    .to("direct:failed");
                    // the same engine without the report, to split the check from the report in the numbers
                    from("direct:validate-only-" + id).routeId("validate-only-" + id)
                            .process(e -> e.getMessage().setHeader(ContractValidationProcessor.VERDICT_HEADER,
                                    services.validator().validate(e.getMessage().getBody(byte[].class),
                                            services.contracts().get(id), "sensor_id").valid() ? "validated" : "failed"))
                            .choice()
                                .when(header(ContractValidationProcessor.VERDICT_HEADER).isEqualTo("validated"))
                                    .to("direct:validated")
                                .otherwise()
                                    .to("direct:failed");
                }
            }
        }, new RouteBuilder() {
            @Override
            public void configure() {
                // the component: a fixed endpoint per mapping; an invalid message is an exception, handled here
                onException(ValidationException.class).handled(true)
                        .setHeader(ContractValidationProcessor.VERDICT_HEADER, constant("failed"))
                        .to("direct:failed");
                for (String id : new String[] {"sensor1", "sensor2"}) {
                    from("direct:json-validator-" + id).routeId("json-validator-" + id)
                            .to("json-validator:file:schemas/" + id + ".schema.json")
                            .setHeader(ContractValidationProcessor.VERDICT_HEADER, constant("validated"))
                            .to("direct:validated");
                }
                // a live contract change with the component: the endpoint chosen per message (toD, cached per uri)
                from("direct:json-validator-dynamic").routeId("json-validator-dynamic")
                        .toD("json-validator:file:schemas/${header." + CONTRACT_HEADER + "}.schema.json")
                        .setHeader(ContractValidationProcessor.VERDICT_HEADER, constant("validated"))
                        .to("direct:validated");
            }
        }).start();
        gateway = producers("direct:gateway-");
        validateOnly = producers("direct:validate-only-");
        jsonValidator = producers("direct:json-validator-");
        Producer dynamic = bench.producer("direct:json-validator-dynamic");
        jsonValidatorDynamic = new Producer[] {dynamic, dynamic};
    }

    private Producer[] producers(String prefix) throws Exception {
        return new Producer[] {bench.producer(prefix + "sensor1"), bench.producer(prefix + "sensor2")};
    }

    @TearDown
    public void tearDown() {
        System.out.printf("%n[sinks] validated=%d failed=%d (expected about 80 %% / 20 %%)%n",
                bench.validated.get(), bench.failed.get());
        bench.close();
    }

    @Benchmark
    public Exchange gatewayProcessor() throws Exception {
        return send(gateway);
    }

    @Benchmark
    public Exchange gatewayValidateOnly() throws Exception {
        return send(validateOnly);
    }

    @Benchmark
    public Exchange jsonValidatorEndpoint() throws Exception {
        return send(jsonValidator);
    }

    @Benchmark
    public Exchange jsonValidatorToD() throws Exception {
        return send(jsonValidatorDynamic);
    }

    /** The next message of the mix, into the route of its sensor. */
    private Exchange send(Producer[] bySensor) throws Exception {
        int i = bench.nextIndex();
        Exchange e = bench.arrived(i);
        e.getMessage().setHeader(CONTRACT_HEADER, RouteBench.mapping(bench.workload.sensor[i]));
        return RouteBench.send(bySensor[bench.workload.sensor[i]], e);
    }
}
