package io.contractgate.bench;

import io.contractgate.contract.ContractValidationProcessor;
import io.contractgate.metrics.GatewayMetrics;
import io.contractgate.metrics.RecordMetricsProcessor;
import io.contractgate.metrics.SnakeCaseLabels;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.apache.camel.Exchange;
import org.apache.camel.Producer;
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
 * Counting a message, per message of the shared mix: the {@code recordMetrics} processor (meters cached per mapping
 * and sensor) against {@code micrometer:} endpoint steps producing the same series: {@code mqtt_messages_total},
 * {@code mqtt_messages_processed_total} (one per error), {@code mqtt_contract_violations_total} (a split over the
 * violations) and the {@code mqtt_handling} timer (start and stop steps). Both write to one Prometheus registry.
 * Run with {@code bench/jmh.sh MetricsStep -prof gc -prof io.contractgate.bench.ProcessCpuProfiler}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(3)
public class MetricsStepBenchmark {

    /** The exchange property holding the verdict, in the simple language's bracket form (its name has dots). */
    static final String VERDICT = "${exchangeProperty[" + ContractValidationProcessor.VERDICT_PROPERTY + "]";
    static final String MAPPING = "${exchangeProperty[" + ContractValidationProcessor.MAPPING_PROPERTY + "]}";

    private RouteBench bench;
    private PrometheusMeterRegistry registry;
    private Producer recordMetrics;
    private Producer micrometerSteps;
    private Producer micrometerCounters;

    @Setup
    public void setUp() throws Exception {
        registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        registry.config().meterFilter(new SnakeCaseLabels());
        GatewayMetrics metrics = new GatewayMetrics(registry, GatewayMetrics.DEFAULT_MAX_SENSOR_IDS);
        metrics.setContractOfMapping(m -> m);
        bench = new RouteBench(new RouteBuilder() {
            @Override
            public void configure() {
                // today: the count-validated / count-failed step of routes/publish-*.camel.yaml
                from("direct:record-metrics").routeId("record-metrics")
                        .process(new RecordMetricsProcessor(metrics));
                // the same series from micrometer: steps (the timer's start would sit in the pipeline, before the check)
                from("direct:micrometer-steps").routeId("micrometer-steps")
                        .to("micrometer:timer:mqtt.handling?action=start")
                        .to("direct:micrometer-counters")
                        .to("micrometer:timer:mqtt.handling?action=stop&tags=mapping=" + MAPPING);
                // the counters alone (the timer steps cost most: see the results file)
                from("direct:micrometer-counters").routeId("micrometer-counters")
                        // no sensor id (unparseable payload, missing field) counts as sensor_id="_none"
                        .choice()
                            .when(simple(VERDICT + ".sensorId} == null"))
                                .setProperty("sensorLabel", constant(GatewayMetrics.NO_SENSOR))
                            .otherwise()
                                .setProperty("sensorLabel", simple(VERDICT + ".sensorId}"))
                        .end()
                        .to("micrometer:counter:mqtt.messages?tags=mapping=" + MAPPING
                                + ",status=${header." + ContractValidationProcessor.VERDICT_HEADER + "}")
                        .choice()
                            .when(header(ContractValidationProcessor.VERDICT_HEADER).isEqualTo("validated"))
                                .to("micrometer:counter:mqtt.messages.processed?tags=status=validated,mapping="
                                        + MAPPING + ",sensor_id=${exchangeProperty.sensorLabel},error_type=none")
                            .otherwise()
                                .split(simple(VERDICT + ".violations}"))
                                    .to("micrometer:counter:mqtt.messages.processed?tags=status=failed,mapping="
                                            + MAPPING + ",sensor_id=${exchangeProperty.sensorLabel},error_type=${body.type.wireName}")
                                    .to("micrometer:counter:mqtt.contract.violations?tags=mapping=" + MAPPING
                                            + ",contract=" + MAPPING + ",field=${body.pointer},error_type=${body.type.wireName}")
                                .end()
                        .end();
            }
        }) {
            @Override
            void beforeStart() {
                context.getRegistry().bind("metricsRegistry", registry);
            }
        }.start();
        recordMetrics = bench.producer("direct:record-metrics");
        micrometerSteps = bench.producer("direct:micrometer-steps");
        micrometerCounters = bench.producer("direct:micrometer-counters");
    }

    @TearDown
    public void tearDown() {
        // the series each variant produced, for the results file
        registry.scrape().lines()
                .filter(l -> l.startsWith("mqtt_messages_total") || l.startsWith("mqtt_messages_processed_total{")
                        && l.contains("s1-0040") || l.startsWith("mqtt_contract_violations_total{") && l.contains("sensor1")
                        || l.startsWith("mqtt_handling_seconds_count"))
                .limit(40)
                .forEach(l -> System.out.println("[series] " + l));
        bench.close();
    }

    @Benchmark
    public Exchange recordMetricsProcessor() throws Exception {
        return RouteBench.send(recordMetrics, bench.checked());
    }

    @Benchmark
    public Exchange micrometerEndpointSteps() throws Exception {
        return RouteBench.send(micrometerSteps, bench.checked());
    }

    @Benchmark
    public Exchange micrometerCounterStepsOnly() throws Exception {
        return RouteBench.send(micrometerCounters, bench.checked());
    }
}
