package io.contractgate.infer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.contractgate.contract.Contract;
import io.contractgate.contract.ContractCompiler;
import io.contractgate.contract.PayloadValidator;
import io.contractgate.contract.Verdict;
import io.contractgate.simulator.SensorReadings;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

/** Drafts drawn from samples: what they say, and that each draft accepts every sample it was drawn from. */
class ContractInferrerTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private final ContractInferrer inferrer = new ContractInferrer();

    private static List<String> lines(String... json) {
        return List.of(json);
    }

    /** Compiles the draft like a saved contract and checks every sample with the pipeline's validator. */
    private static void assertAcceptsEverySample(ContractInferrer.Draft draft, List<String> samples) {
        Contract c = new ContractCompiler().compile("draft", draft.schema().toString());
        PayloadValidator validator = new PayloadValidator();
        for (String s : samples) {
            Verdict v = validator.validate(s.getBytes(StandardCharsets.UTF_8), c, "sensor_id");
            assertThat(v.valid()).as(s + " against " + draft.schema().toPrettyString() + ": " + v.violations()).isTrue();
        }
    }

    private ContractInferrer.Draft infer(List<String> samples) throws Exception {
        List<JsonNode> parsed = new ArrayList<>();
        for (String s : samples) {
            parsed.add(JSON.readTree(s));
        }
        return inferrer.infer(parsed, "draft");
    }

    @Test
    void shouldDraftTheSampleMappingsFromTheirValidFixturesAndAcceptEachOfThem() throws Exception {
        for (String id : List.of("sensor1", "sensor2")) {
            List<String> samples = new ArrayList<>();
            try (Stream<Path> files = Files.list(Path.of("src/test/resources/contracts", id))) {
                for (Path f : files.filter(p -> p.getFileName().toString().startsWith("valid-")).sorted().toList()) {
                    samples.add(Files.readString(f));
                }
            }
            assertThat(samples).isNotEmpty();
            assertAcceptsEverySample(infer(samples), samples);
        }
    }

    @Test
    void shouldDraftFromSimulatedTrafficIncludingItsInvalidMessagesAndAcceptEachOfThem() throws Exception {
        List<String> samples = new ArrayList<>();
        SensorReadings readings = new SensorReadings(42);
        for (int i = 0; i < 200; i++) {
            String s = i % 2 == 0 ? readings.sensor1(i % 7, readings.nextKind(0.3), Instant.now())
                    : readings.sensor2(i % 5, readings.nextKind(0.3));
            try {
                JSON.readTree(s);
                samples.add(s);
            } catch (Exception notJson) {
                // the simulator also sends broken JSON: a draft is drawn from the messages that parse
            }
        }
        assertAcceptsEverySample(infer(samples), samples);
    }

    @Test
    void shouldReportTypesRequiredBoundsFormatsEnumsAndShares() throws Exception {
        List<String> samples = lines(
                "{\"device_id\":\"0b7c1b9e-6f35-4bb8-9a4e-0c1f2f6b9d11\",\"at\":\"2026-01-01T00:00:00Z\",\"t\":20,\"mode\":\"auto\",\"tags\":[\"a\"],\"owner\":\"ops@example.com\"}",
                "{\"device_id\":\"6a3d0e35-31a9-4d8e-8ad0-47c3ab0ac1f0\",\"at\":\"2026-01-01T00:00:01.5+01:00\",\"t\":21.5,\"mode\":\"manual\",\"tags\":[]}",
                "{\"device_id\":\"f3c0f1a2-55aa-4c1b-9d3e-9e8a7b6c5d4e\",\"at\":\"2026-01-02T10:00:00Z\",\"t\":-3,\"mode\":\"auto\",\"battery\":null}",
                "{\"device_id\":\"11111111-2222-3333-4444-555555555555\",\"at\":\"2026-01-03T10:00:00Z\",\"t\":7,\"mode\":\"auto\",\"pos\":{\"lat\":1.5,\"lon\":2}}",
                "{\"device_id\":\"aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee\",\"at\":\"2026-01-04T10:00:00Z\",\"t\":9,\"mode\":\"manual\",\"battery\":80}");
        ContractInferrer.Draft d = infer(samples);
        JsonNode s = d.schema();
        assertThat(d.sampleCount()).isEqualTo(5);
        assertThat(s.get("type").asText()).isEqualTo("object");
        assertThat(s.get("required")).extracting(JsonNode::asText).containsExactly("device_id", "at", "t", "mode");
        assertThat(s.at("/properties/device_id/format").asText()).isEqualTo("uuid");
        assertThat(s.at("/properties/at/format").asText()).isEqualTo("date-time");
        assertThat(s.at("/properties/owner/format").asText()).isEqualTo("email");
        assertThat(s.at("/properties/t/type").asText()).isEqualTo("number");
        assertThat(s.at("/properties/t/minimum").asInt()).isEqualTo(-3);
        assertThat(s.at("/properties/t/maximum").asDouble()).isEqualTo(21.5);
        assertThat(s.at("/properties/mode/enum")).extracting(JsonNode::asText).containsExactly("auto", "manual");
        assertThat(s.at("/properties/battery/type")).extracting(JsonNode::asText).containsExactlyInAnyOrder("integer", "null");
        assertThat(s.at("/properties/pos/properties/lon/type").asText()).isEqualTo("integer");
        assertThat(s.at("/properties/tags/items/type").asText()).isEqualTo("string");
        assertThat(s.get("additionalProperties").asBoolean(true)).isFalse();
        assertThat(d.fields()).anySatisfy(f -> {
            assertThat(f.pointer()).isEqualTo("/battery");
            assertThat(f.seen()).isEqualTo(2);
            assertThat(f.of()).isEqualTo(5);
            assertThat(f.share()).isEqualTo(0.4);
        });
        assertThat(s.at("/properties/battery/description").asText()).isEqualTo("seen in 2 of 5 (40 %)");
        assertAcceptsEverySample(d, samples);
    }

    @Test
    void shouldNotBoundInfiniteNumbersNorMakeEnumsFromFewSamples() throws Exception {
        List<String> samples = lines("{\"v\":1e400,\"s\":\"x\"}", "{\"v\":2,\"s\":\"x\"}");
        JsonNode s = infer(samples).schema();
        assertThat(s.at("/properties/v").has("maximum")).isFalse();
        assertThat(s.at("/properties/s").has("enum")).isFalse();
        assertThatThrownBy(() -> inferrer.infer(List.of(), "x")).hasMessageContaining("no samples");
    }
    @Test
    void shouldCheckTheEmailFormatOfALongStringInLinearTime() throws Exception {
        // "a@" then dots then "@": the email pattern backtracked over every dot, 11 s for 40,000 characters, minutes
        // for a 64 KiB sample; a sensor could stall "Draft from traffic" that way
        String hostile = "{\"e\":\"a@" + ".".repeat(200_000) + "@\"}";
        ContractInferrer.Draft d = assertTimeoutPreemptively(Duration.ofSeconds(5), () -> infer(lines(hostile)));
        assertThat(d.schema().at("/properties/e").has("format")).isFalse();
        assertThat(infer(lines("{\"e\":\"a.b@c.de\"}")).schema().at("/properties/e/format").asText()).isEqualTo("email");
        for (String notEmail : List.of("@c.de", "a@.de", "a@cde.", "a@b@c.de", "a b@c.de", "a@c.de\\n", "a@cde")) {
            assertThat(infer(lines("{\"e\":\"" + notEmail + "\"}")).schema().at("/properties/e").has("format"))
                    .as(notEmail).isFalse();
        }
    }

    @Test
    void shouldDescribeAtMostTheFieldLimitAndStillAcceptTheFieldsLeftOut() throws Exception {
        // 100,000 distinct keys in one pasted example ran a 128 MB gateway out of memory (the simulator and the
        // embedded broker's threads died with it); 40 records of 125 fields each are 5,000 fields too
        StringBuilder b = new StringBuilder("{\"known\":1,\"many\":{");
        for (int o = 0; o < 40; o++) {
            b.append(o > 0 ? "," : "").append("\"o").append(o).append("\":{");
            for (int i = 0; i < 125; i++) {
                b.append(i > 0 ? "," : "").append("\"k").append(i).append("\":").append(i);
            }
            b.append("}");
        }
        List<String> samples = lines(b.append("}}").toString(), "{\"known\":2,\"many\":{}}");
        ContractInferrer.Draft d = infer(samples);
        assertThat(d.fields()).hasSize(ContractInferrer.MAX_FIELDS);
        // counted as met: the 10 last keys of o7, then o8..o39 (whose own keys are never walked)
        assertThat(d.fieldsLeftOut()).isEqualTo(42);
        assertThat(d.toJson().get("fieldsLeftOut").asInt()).isEqualTo(42);
        assertThat(d.schema().at("/properties/known/type").asText()).isEqualTo("integer");
        assertThat(d.schema().at("/additionalProperties").asBoolean()).isFalse();
        assertThat(d.schema().at("/properties/many/properties/o39").has("additionalProperties")).isFalse();
        assertAcceptsEverySample(d, samples);
    }

    @Test
    void shouldDraftAnObjectKeyedByIdsAsAMapThatAcceptsTheNextId() throws Exception {
        // readings keyed by sensor ids became 150 optional properties with additionalProperties:false: the next
        // message, from a sensor not among the samples, failed the draft; and one example with 5,000 ids used up the
        // whole field budget, so fields after it went undescribed
        List<String> samples = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            samples.add("{\"site\":\"s" + i % 3 + "\",\"readings\":{\"sensor-" + (1000 + 3 * i) + "\":" + i + ".5,\"sensor-"
                    + (1001 + 3 * i) + "\":" + i + ",\"sensor-" + (1002 + 3 * i) + "\":null}}");
        }
        StringBuilder big = new StringBuilder("{\"site\":\"s1\",\"readings\":{");
        for (int i = 0; i < 5000; i++) {
            big.append(i > 0 ? "," : "").append("\"id-").append(i).append("\":").append(i);
        }
        samples.add(big.append("},\"after\":{\"v\":true}}").toString());
        ContractInferrer.Draft d = infer(samples);
        JsonNode readings = d.schema().at("/properties/readings");
        assertThat(readings.has("properties")).as(readings.toString()).isFalse();
        assertThat(readings.at("/additionalProperties/type").toString()).isEqualTo("[\"null\",\"number\"]");
        assertThat(readings.at("/additionalProperties/maximum").asDouble()).isEqualTo(4999);
        assertThat(readings.path("description").asText()).contains("keyed by ids").contains("5150 keys");
        assertThat(d.fieldsLeftOut()).isZero();
        assertThat(d.fields()).extracting(ContractInferrer.FieldStats::pointer).contains("/readings/*", "/after/v");
        assertThat(d.schema().at("/properties/after/properties/v/type").asText()).isEqualTo("boolean");
        List<String> next = new ArrayList<>(samples);
        next.add("{\"site\":\"s2\",\"readings\":{\"sensor-99999\":3.25}}");
        assertAcceptsEverySample(d, next);
        Contract c = new ContractCompiler().compile("draft", d.schema().toString());
        assertThat(new PayloadValidator().validate("{\"site\":\"s2\",\"readings\":{\"sensor-x\":\"text\"}}"
                .getBytes(StandardCharsets.UTF_8), c, "sensor_id").valid()).isFalse();
        // an object whose keys repeat stays a record
        assertThat(d.schema().at("/additionalProperties").asBoolean(true)).isFalse();
        assertThat(d.schema().at("/properties/site/enum")).hasSize(3);
    }

    @Test
    void shouldDraftDeeperSamplesThanAContractMayNestAsAnyValueBelowTheLimit() throws Exception {
        // 500 levels made a schema Jackson would not write: the API answered 200 with an empty body; 64 levels (the
        // deepest payload contracts.max-depth lets through) made one deeper than a contract may be
        for (int depth : List.of(64, 500)) {
            List<String> samples = lines("{\"a\":".repeat(depth) + "1" + "}".repeat(depth),
                    "[".repeat(depth) + "]".repeat(depth));
            ContractInferrer.Draft d = infer(samples);
            assertThat(JSON.writeValueAsString(d.toJson())).isNotEmpty();
            if (depth == 64) {
                assertAcceptsEverySample(d, samples);
            } else { // deeper than the validator reads a payload: the draft must still compile
                new ContractCompiler().compile("draft", d.schema().toString());
            }
        }
    }
}
