package io.contractgate.bench;

import org.openjdk.jmh.infra.BenchmarkParams;
import org.openjdk.jmh.infra.IterationParams;
import org.openjdk.jmh.profile.InternalProfiler;
import org.openjdk.jmh.results.AggregationPolicy;
import org.openjdk.jmh.results.IterationResult;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.ScalarResult;

import java.lang.management.ManagementFactory;
import java.util.Collection;
import java.util.List;

/**
 * JMH profiler ({@code -prof io.contractgate.bench.ProcessCpuProfiler}): CPU time of the whole benchmark JVM per
 * operation, so work a route hands to other threads (wireTap's pool, an aggregator's timeout checker) is counted
 * too, not only the benchmark thread's wall time. Includes GC and JIT threads, the same for every variant.
 */
public class ProcessCpuProfiler implements InternalProfiler {

    private static final com.sun.management.OperatingSystemMXBean OS =
            (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
    private long cpuBefore;

    @Override
    public String getDescription() {
        return "process CPU time per operation (all threads)";
    }

    @Override
    public void beforeIteration(BenchmarkParams benchmarkParams, IterationParams iterationParams) {
        cpuBefore = OS.getProcessCpuTime();
    }

    @Override
    public Collection<? extends Result> afterIteration(BenchmarkParams benchmarkParams, IterationParams iterationParams,
                                                       IterationResult result) {
        long ops = result.getMetadata().getAllOps();
        double nsPerOp = ops == 0 ? Double.NaN : (OS.getProcessCpuTime() - cpuBefore) / (double) ops;
        return List.of(new ScalarResult("cpu.process.norm", nsPerOp / 1000.0, "us/op", AggregationPolicy.AVG));
    }
}
