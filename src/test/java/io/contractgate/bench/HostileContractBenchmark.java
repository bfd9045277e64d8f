package io.contractgate.bench;

import io.contractgate.contract.Contract;
import io.contractgate.contract.ContractCompiler;
import io.contractgate.contract.PayloadValidator;
import io.contractgate.contract.Verdict;
import io.contractgate.report.FailureReport;
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
import java.time.Instant;
import java.util.concurrent.TimeUnit;

/**
 * Worst cases of the contract check: hostile contract + payload pairs with payloads just under
 * contracts.max-payload-bytes (256 KiB). Each case checks one payload and builds its report (what the route does for
 * a failed message). Results: bench/results/2026-11-30-session11-hostile-contracts.txt and docs/performance.md ("Worst-case contracts").
 * Run: {@code bench/jmh.sh HostileContractBenchmark -f 1 -wi 2 -i 3 -w 2 -r 2}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 2)
@Fork(1)
public class HostileContractBenchmark {

    @Param({"anyOfItems", "nestedAnyOf", "oneOfItems", "uniqueObjects", "patternProperties", "bigEnum", "refChain",
            "dependentSchemas", "ifThenElse"})
    public String kind;

    private PayloadValidator validator;
    private FailureReport reports;
    private Contract contract;
    private byte[] payload;

    @Setup
    public void setUp() {
        validator = new PayloadValidator();
        reports = new FailureReport();
        Case c = hostile(kind, PayloadValidator.DEFAULT_MAX_PAYLOAD_BYTES);
        contract = new ContractCompiler().compile("hostile-" + kind, c.contract());
        payload = c.payload().getBytes(StandardCharsets.UTF_8);
    }

    /** One hostile contract and a payload of at most {@code maxBytes} that fails it as widely as it can. */
    public record Case(String contract, String payload) {
    }

    public static Case hostile(String kind, int maxBytes) {
        return switch (kind) {
            // 30,000 small items, each failing every branch of an anyOf
            case "anyOfItems" -> new Case("{\"type\":\"array\",\"items\":{\"anyOf\":[{\"type\":\"string\"},"
                    + "{\"type\":\"object\"},{\"type\":\"boolean\"},{\"minimum\":100}]}}", array(maxBytes, "1"));
            case "nestedAnyOf" -> new Case("{\"type\":\"array\",\"items\":{\"anyOf\":[{\"anyOf\":[{\"type\":\"string\"},"
                    + "{\"minimum\":100}]},{\"oneOf\":[{\"type\":\"object\"},{\"maximum\":0}]},{\"anyOf\":[{\"type\":\"null\"},"
                    + "{\"multipleOf\":7}]}]}}", array(maxBytes, "1"));
            case "oneOfItems" -> new Case("{\"type\":\"array\",\"items\":{\"oneOf\":[{\"type\":\"number\"},{\"minimum\":0},"
                    + "{\"maximum\":10}]}}", array(maxBytes, "1"));
            // distinct objects but one duplicate at the very end: the check compares objects pairwise or hashes them
            case "uniqueObjects" -> {
                StringBuilder b = new StringBuilder("[");
                int i = 0;
                while (b.length() < maxBytes - 64) {
                    b.append("{\"a\":").append(i++).append(",\"b\":[1,2]},");
                }
                b.append("{\"a\":0,\"b\":[1,2]}]");
                yield new Case("{\"type\":\"array\",\"uniqueItems\":true}", b.toString());
            }
            // many keys, each tested against many patterns, each failing
            case "patternProperties" -> {
                StringBuilder s = new StringBuilder("{\"type\":\"object\",\"patternProperties\":{");
                for (int p = 0; p < 50; p++) {
                    s.append(p == 0 ? "" : ",").append("\"^k.*").append(p).append("$\":{\"type\":\"string\"}");
                }
                s.append("}}");
                StringBuilder b = new StringBuilder("{");
                int i = 0;
                while (b.length() < maxBytes - 32) {
                    b.append(i == 0 ? "" : ",").append("\"k").append(i++).append("\":1");
                }
                yield new Case(s.append("").toString(), b.append('}').toString());
            }
            // a 20,000-value enum and an array of values not in it
            case "bigEnum" -> {
                StringBuilder s = new StringBuilder("{\"type\":\"array\",\"items\":{\"enum\":[");
                for (int v = 0; v < 20_000; v++) {
                    s.append(v == 0 ? "" : ",").append("\"sensor-").append(v).append('"');
                }
                yield new Case(s.append("]}}").toString(), array(maxBytes, "\"x\""));
            }
            // a chain of 200 $defs, each referring to the next, applied to every item
            case "refChain" -> {
                StringBuilder s = new StringBuilder("{\"type\":\"array\",\"items\":{\"$ref\":\"#/$defs/d0\"},\"$defs\":{");
                for (int d = 0; d < 200; d++) {
                    s.append(d == 0 ? "" : ",").append("\"d").append(d).append("\":")
                            .append(d == 199 ? "{\"type\":\"string\"}" : "{\"$ref\":\"#/$defs/d" + (d + 1) + "\"}");
                }
                yield new Case(s.append("}}").toString(), array(maxBytes, "1"));
            }
            case "dependentSchemas" -> new Case("{\"type\":\"array\",\"items\":{\"dependentSchemas\":{\"a\":{\"required\":"
                    + "[\"b\",\"c\"]},\"x\":{\"properties\":{\"a\":{\"type\":\"string\"}}}}}}", array(maxBytes, "{\"a\":1,\"x\":1}"));
            case "ifThenElse" -> new Case("{\"type\":\"array\",\"items\":{\"if\":{\"type\":\"number\"},\"then\":{\"if\":"
                    + "{\"minimum\":0},\"then\":{\"multipleOf\":2,\"maximum\":-1},\"else\":{\"type\":\"string\"}},"
                    + "\"else\":{\"type\":\"string\"}}}", array(maxBytes, "1"));
            default -> throw new IllegalArgumentException(kind);
        };
    }

    private static String array(int maxBytes, String item) {
        StringBuilder b = new StringBuilder(maxBytes).append('[');
        while (b.length() + item.length() + 2 < maxBytes) {
            b.append(b.length() == 1 ? "" : ",").append(item);
        }
        return b.append(']').toString();
    }

    @Benchmark
    public byte[] checkAndReport() {
        Verdict v = validator.validate(payload, contract, "sensor_id");
        return v.valid() ? payload : reports.build("m", "t", contract, contract.id(), Instant.EPOCH, v, payload);
    }
}
