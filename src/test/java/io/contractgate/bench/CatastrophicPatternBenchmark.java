package io.contractgate.bench;

import io.contractgate.contract.Contract;
import io.contractgate.contract.ContractCompiler;
import io.contractgate.contract.PayloadValidator;
import io.contractgate.contract.Verdict;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

/**
 * Issue #13, finding 3: a contract {@code "pattern": "^(a+)+$"} and one string of {@code length} 'a's plus a '!'
 * (the worst case for a backtracking engine: 72 s at 120 KB on the JDK engine). On the linear-time engine the whole
 * message check takes milliseconds. Run: {@code bench/jmh.sh CatastrophicPattern}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 2)
@Fork(1)
public class CatastrophicPatternBenchmark {

    @Param({"10240", "40960", "122880"})
    public int length;

    private PayloadValidator validator;
    private Contract contract;
    private byte[] payload;

    @Setup
    public void setUp() {
        contract = new ContractCompiler().compile("evil",
                "{\"type\":\"object\",\"properties\":{\"s\":{\"type\":\"string\",\"pattern\":\"^(a+)+$\"}}}");
        validator = new PayloadValidator();
        payload = ("{\"s\":\"" + "a".repeat(length) + "!\"}").getBytes(StandardCharsets.UTF_8);
    }

    @Benchmark
    public Verdict validateCatastrophicPattern() {
        return validator.validate(payload, contract, null);
    }
}
