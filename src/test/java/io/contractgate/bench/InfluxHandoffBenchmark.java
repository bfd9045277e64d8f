package io.contractgate.bench;

import com.influxdb.client.write.Point;
import io.contractgate.contract.ContractValidationProcessor;
import io.contractgate.contract.Verdict;
import io.contractgate.influx.InfluxWriteStats;
import io.contractgate.influx.PointMapper;
import io.contractgate.influx.StoreInfluxProcessor;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.apache.camel.Producer;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.component.influxdb2.data.Points;
import org.apache.camel.processor.aggregate.GroupedBodyAggregationStrategy;
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

import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Handing a checked message to the Influx writer, per message of the shared mix: today's {@link StoreInfluxProcessor}
 * (a point queued in a group of 100 / 50 ms, the group sent to the influxdb2 producer) against the route form
 * {@code wireTap -> aggregate (completionSize 100, completionTimeout 50 ms) -> influxdb2:} and an {@code aggregate}
 * as the route's last step. Every variant maps the same point and ends in the same no-op sink standing in for
 * {@code influxdb2:} (which takes the group as one {@link Points} body either way).
 * Run with {@code bench/jmh.sh InfluxHandoff -prof gc -prof io.contractgate.bench.ProcessCpuProfiler}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(3)
public class InfluxHandoffBenchmark {

    /** StoreInfluxProcessor.HANDOFF_POINTS and HANDOFF_MILLIS. */
    static final int GROUP = 100;
    static final long GROUP_MILLIS = 50;

    private RouteBench bench;
    private final AtomicLong points = new AtomicLong();
    private Producer processor;
    private Producer wireTapAggregate;
    private Producer aggregateLast;

    @Setup
    public void setUp() throws Exception {
        PointMapper mapper = new PointMapper("mqtt_messages", "timestamp", 1024);
        Processor toPoint = e -> e.getMessage().setBody(mapper.toPoint(
                e.getProperty(ContractValidationProcessor.MAPPING_PROPERTY, String.class),
                e.getProperty(ContractValidationProcessor.SOURCE_TOPIC_PROPERTY, String.class),
                e.getProperty(ContractValidationProcessor.VERDICT_PROPERTY, Verdict.class),
                e.getProperty(ContractValidationProcessor.PAYLOAD_PROPERTY, byte[].class), epochNanos()));
        bench = new RouteBench(new RouteBuilder() {
            @Override
            public void configure() {
                // stands in for influxdb2:influxClient (WriteApi.writePoints of the group, which returns at once)
                from("direct:influx").routeId("influx-sink")
                        .process(e -> points.addAndGet(e.getMessage().getBody(Points.class).getInfluxPoints().size()));
                from("direct:store-processor").routeId("store-processor").process("storeInflux");
                from("direct:store-wiretap").routeId("store-wiretap").wireTap("direct:store-aggregate");
                from("direct:store-aggregate").routeId("store-aggregate")
                        .process(toPoint)
                        .aggregate(constant(true), new GroupedBodyAggregationStrategy())
                            .completionSize(GROUP).completionTimeout(GROUP_MILLIS)
                            .completionTimeoutCheckerInterval(GROUP_MILLIS)
                            .process(e -> e.getMessage().setBody(Points.create(e.getMessage().getBody(List.class))))
                            .to("direct:influx");
            }
        }) {
            @Override
            void beforeStart() throws Exception {
                StoreInfluxProcessor store = new StoreInfluxProcessor(context, "direct:influx", mapper,
                        new InfluxWriteStats(new SimpleMeterRegistry()), null, null);
                context.getRegistry().bind("storeInflux", store);
                context.addService(store, true, true);
            }
        }.start();
        processor = bench.producer("direct:store-processor");
        wireTapAggregate = bench.producer("direct:store-wiretap");
        aggregateLast = bench.producer("direct:store-aggregate");
    }

    @TearDown
    public void tearDown() {
        bench.close(); // stopping hands over what is pending
        System.out.printf("%n[sink] points=%d of %d messages sent%n", points.get(), bench.sent);
    }

    private static long epochNanos() {
        java.time.Instant now = java.time.Instant.now();
        return now.getEpochSecond() * 1_000_000_000L + now.getNano();
    }

    @Benchmark
    public Exchange storeInfluxProcessor() throws Exception {
        return RouteBench.send(processor, bench.checked());
    }

    @Benchmark
    public Exchange wireTapThenAggregate() throws Exception {
        return RouteBench.send(wireTapAggregate, bench.checked());
    }

    @Benchmark
    public Exchange aggregateAsLastStep() throws Exception {
        return RouteBench.send(aggregateLast, bench.checked());
    }
}
