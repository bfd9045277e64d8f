package io.contractgate.bench;

import io.contractgate.contract.Contract;
import io.contractgate.contract.ContractStore;
import io.contractgate.contract.PayloadValidator;
import io.contractgate.contract.Verdict;
import io.contractgate.report.FailureReport;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.concurrent.TimeUnit;

/**
 * Microbenchmarks of the per-message work outside Camel and MQTT: checking a payload, and building a failure report.
 * Run with {@code bench/jmh.sh}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class ValidationBenchmark {

    private PayloadValidator validator;
    private FailureReport reports;
    private Contract sensor1;
    private byte[] valid;
    private byte[] outOfRange;
    private byte[] malformed;
    private byte[] manyErrors;
    private Verdict outOfRangeVerdict;

    @Setup
    public void setUp() {
        ContractStore store = new ContractStore(Path.of("schemas"));
        sensor1 = store.get("sensor1");
        validator = new PayloadValidator();
        reports = new FailureReport();
        valid = bytes("{\"sensor_id\":\"s1-0043\",\"timestamp\":\"2026-11-27T00:00:00Z\",\"temperature\":45.5,\"humidity\":34.7}");
        outOfRange = bytes("{\"sensor_id\":\"s1-0043\",\"timestamp\":\"2026-11-27T00:00:00Z\",\"temperature\":120.5,\"humidity\":34.7}");
        malformed = bytes("{\"sensor_id\":\"s1-0043\",\"timestamp\":\"2026-11-27T00:00:00Z\",\"temperature\":45.5,");
        manyErrors = bytes("{\"sensor_id\":\"s1-1\",\"temperature\":\"hot\",\"humidity\":140,\"battery\":1}");
        outOfRangeVerdict = validator.validate(outOfRange, sensor1, "sensor_id");
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Benchmark
    public Verdict validateValid() {
        return validator.validate(valid, sensor1, "sensor_id");
    }

    @Benchmark
    public Verdict validateOutOfRange() {
        return validator.validate(outOfRange, sensor1, "sensor_id");
    }

    @Benchmark
    public Verdict validateMalformed() {
        return validator.validate(malformed, sensor1, "sensor_id");
    }

    @Benchmark
    public Verdict validateFourErrors() {
        return validator.validate(manyErrors, sensor1, "sensor_id");
    }

    @Benchmark
    public byte[] buildReport() {
        return reports.build("sensor1", "sensors/sensor1", sensor1, "sensor1", Instant.EPOCH, outOfRangeVerdict, outOfRange);
    }

    @Benchmark
    public byte[] validateAndReportOutOfRange() {
        Verdict v = validator.validate(outOfRange, sensor1, "sensor_id");
        return reports.build("sensor1", "sensors/sensor1", sensor1, "sensor1", Instant.EPOCH, v, outOfRange);
    }
}
