package io.contractgate.contract;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Edge cases of payload checking that the fixtures cannot express: limits, drafts, and hostile input. */
class PayloadValidatorTest {

    private final ContractCompiler compiler = new ContractCompiler();
    private final Contract anyObject = compiler.compile("any", "{\"type\":\"object\"}");

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void shouldRejectPayloadOverTheSizeLimitWithoutParsingIt() {
        PayloadValidator v = new PayloadValidator(100, 64);
        byte[] big = utf8("{\"a\":\"" + "x".repeat(200) + "\"}");

        Verdict verdict = v.validate(big, anyObject, "sensor_id");

        assertThat(verdict.valid()).isFalse();
        assertThat(verdict.primaryError()).isEqualTo(ErrorType.LENGTH);
        assertThat(verdict.violations().get(0).message()).contains("more than the limit of 100");
        assertThat(verdict.root()).isNull();
    }

    @Test
    void shouldRejectTenThousandDeepNestingAsInvalidJson() {
        String deep = "[".repeat(10_000) + "]".repeat(10_000);
        Verdict verdict = new PayloadValidator().validate(utf8(deep), anyObject, "sensor_id");

        assertThat(verdict.primaryError()).isEqualTo(ErrorType.INVALID_JSON);
        assertThat(verdict.violations().get(0).message()).containsIgnoringCase("depth");
    }

    @Test
    void shouldAcceptNestingUpToTheConfiguredDepth() {
        String nested = "{\"a\":".repeat(10) + "1" + "}".repeat(10);
        assertThat(new PayloadValidator(1024, 10).validate(utf8(nested), anyObject, null).valid()).isTrue();
        assertThat(new PayloadValidator(1024, 9).validate(utf8(nested), anyObject, null).primaryError())
                .isEqualTo(ErrorType.INVALID_JSON);
    }

    @Test
    void shouldRejectInvalidUtf8InsideAString() {
        byte[] payload = {'{', '"', 'a', '"', ':', '"', (byte) 0xC3, (byte) 0x28, '"', '}'};
        assertThat(new PayloadValidator().validate(payload, anyObject, null).primaryError())
                .isEqualTo(ErrorType.INVALID_JSON);
    }

    @Test
    void shouldReadTheSensorIdFromTheConfiguredField() {
        Verdict verdict = new PayloadValidator().validate(utf8("{\"device\":\"d-9\",\"sensor_id\":\"no\"}"), anyObject, "device");
        assertThat(verdict.sensorId()).isEqualTo("d-9");
    }

    @Test
    void shouldHonourDraft4ExclusiveMaximumAsABoolean() {
        Contract draft4 = compiler.compile("d4", """
                {"$schema":"http://json-schema.org/draft-04/schema#","type":"object",
                 "properties":{"t":{"type":"number","maximum":10,"exclusiveMaximum":true}}}""");
        PayloadValidator v = new PayloadValidator();
        assertThat(v.validate(utf8("{\"t\":10}"), draft4, null).primaryError()).isEqualTo(ErrorType.OUT_OF_RANGE);
        assertThat(v.validate(utf8("{\"t\":9.9}"), draft4, null).valid()).isTrue();
    }

    @Test
    void shouldHonourDrafts6And7And201909() {
        for (String uri : new String[]{"http://json-schema.org/draft-06/schema#", "http://json-schema.org/draft-07/schema#",
                "https://json-schema.org/draft/2019-09/schema"}) {
            Contract c = compiler.compile("d", """
                    {"$schema":"%s","type":"object","properties":{"t":{"type":"number","exclusiveMaximum":10}}}"""
                    .formatted(uri));
            assertThat(new PayloadValidator().validate(utf8("{\"t\":10}"), c, null).primaryError()).as(uri)
                    .isEqualTo(ErrorType.OUT_OF_RANGE);
        }
    }

    @Test
    void shouldClassifyPatternLengthAndConstViolations() {
        Contract c = compiler.compile("c", """
                {"type":"object","properties":{
                  "code":{"type":"string","pattern":"^[A-Z]{3}$"},
                  "name":{"type":"string","maxLength":3},
                  "kind":{"const":"sensor"}}}""");
        Verdict verdict = new PayloadValidator().validate(utf8("{\"code\":\"abc\",\"name\":\"long name\",\"kind\":\"x\"}"), c, null);

        assertThat(verdict.violations()).extracting(Violation::type)
                .containsExactly(ErrorType.NOT_ALLOWED_VALUE, ErrorType.PATTERN_MISMATCH, ErrorType.LENGTH);
        assertThat(verdict.violations()).extracting(Violation::pointer).containsExactly("/kind", "/code", "/name");
    }

    @Test
    void shouldReportExpectedAndActualValues() {
        Contract c = compiler.compile("c", "{\"type\":\"object\",\"properties\":{\"t\":{\"type\":\"number\",\"maximum\":85}}}");
        Violation v = new PayloadValidator().validate(utf8("{\"t\":120.5}"), c, null).violations().get(0);

        assertThat(v.field()).isEqualTo("t");
        assertThat(v.keyword()).isEqualTo("maximum");
        assertThat(v.expected()).isEqualTo("<= 85");
        assertThat(v.actual().asDouble()).isEqualTo(120.5);
    }

    @Test
    void shouldPointAtNestedFieldsWithEscapedNames() {
        Contract c = compiler.compile("c", """
                {"type":"object","properties":{"a/b":{"type":"object","required":["x~y"]}}}""");
        Violation v = new PayloadValidator().validate(utf8("{\"a/b\":{}}"), c, null).violations().get(0);

        assertThat(v.pointer()).isEqualTo("/a~1b/x~0y");
        assertThat(v.field()).isEqualTo("x~y");
        assertThat(v.type()).isEqualTo(ErrorType.MISSING_FIELD);
    }

    @Test
    void shouldRefuseNonsenseLimits() {
        assertThatThrownBy(() -> new PayloadValidator(0, 10)).hasMessageContaining("contracts.max-payload-bytes");
        assertThatThrownBy(() -> new PayloadValidator(10, 0)).hasMessageContaining("contracts.max-depth");
    }

    @Test
    void shouldReportBytesThatAreNotUtf8EvenWhereTheParserLetsThemThrough() {
        Contract strings = compiler.compile("s", "{\"type\":\"object\",\"properties\":{\"id\":{\"type\":\"string\"}}}");
        int[][] notUtf8 = {
                {0xC0, 0xAF},             // overlong '/'
                {0xE0, 0x80, 0xAF},       // overlong, three bytes
                {0xED, 0xA0, 0x80},       // UTF-16 surrogate U+D800
                {0xF4, 0x90, 0x80, 0x80}, // beyond U+10FFFF
                {0xF8, 0x88, 0x80, 0x80, 0x80},
        };
        for (int[] bytes : notUtf8) {
            java.io.ByteArrayOutputStream p = new java.io.ByteArrayOutputStream();
            p.writeBytes(utf8("{\"id\":\"a"));
            for (int b : bytes) {
                p.write(b);
            }
            p.writeBytes(utf8("\"}"));

            Verdict v = new PayloadValidator().validate(p.toByteArray(), strings, "id");

            assertThat(v.valid()).as(java.util.Arrays.toString(bytes)).isFalse();
            assertThat(v.violations()).singleElement().satisfies(x -> {
                assertThat(x.type()).isEqualTo(ErrorType.INVALID_JSON);
                assertThat(x.message()).containsIgnoringCase("UTF-8"); // the parser's own words, or ours for what it let through
            });
        }
        assertThat(new PayloadValidator().validate(utf8("{\"id\":\"é€𝄞\uD7FF\uE000\uDBFF\uDFFF\"}"), strings, "id").valid())
                .isTrue();
    }

    @Test
    void shouldReportAUtf8ByteOrderMarkInsteadOfForwardingIt() {
        Contract c = new ContractCompiler().compile("c", "{\"type\":\"object\"}");
        byte[] json = "{\"a\":1}".getBytes(java.nio.charset.StandardCharsets.UTF_8);
        byte[] withBom = new byte[json.length + 3];
        withBom[0] = (byte) 0xEF;
        withBom[1] = (byte) 0xBB;
        withBom[2] = (byte) 0xBF;
        System.arraycopy(json, 0, withBom, 3, json.length);

        Verdict v = new PayloadValidator().validate(withBom, c, null);

        org.assertj.core.api.Assertions.assertThat(v.valid()).isFalse();
        org.assertj.core.api.Assertions.assertThat(v.violations()).singleElement().satisfies(x -> {
            org.assertj.core.api.Assertions.assertThat(x.type()).isEqualTo(ErrorType.INVALID_JSON);
            org.assertj.core.api.Assertions.assertThat(x.message()).contains("byte order mark");
        });
        org.assertj.core.api.Assertions.assertThat(new PayloadValidator().validate(json, c, null).valid()).isTrue();
    }

    @Test
    void shouldRefuseAContractWhoseReferencesLoopWithoutMovingIntoThePayload() {
        // before: saved with 201, and every message on its mapping overflowed the stack in the MQTT callback thread
        for (String loop : new String[] {"{\"$ref\":\"#\"}", "{\"allOf\":[{\"$ref\":\"#\"}]}",
                "{\"$defs\":{\"x\":{\"$ref\":\"#/$defs/y\"},\"y\":{\"$ref\":\"#/$defs/x\"}},\"$ref\":\"#/$defs/x\"}",
                "{\"$anchor\":\"a\",\"$ref\":\"#a\"}"}) {
            assertThatThrownBy(() -> compiler.compile("loop", loop))
                    .as(loop)
                    .isInstanceOf(InvalidContractException.class)
                    .hasMessageContaining("contract 'loop' refers to itself without end");
        }
        // a reference that moves into the payload is recursion with an end: still a contract
        Contract tree = compiler.compile("tree", "{\"type\":\"object\",\"properties\":{\"child\":{\"$ref\":\"#\"}}}");
        assertThat(new PayloadValidator().validate(utf8("{\"child\":{\"child\":{}}}"), tree, null).valid()).isTrue();
    }

    @Test
    void shouldReportAReferenceLoopOnlyThisPayloadReachesInsteadOfThrowing() {
        Contract contract = compiler.compile("loopy", "{\"properties\":{\"a\":{\"$ref\":\"#/properties/a\"}}}");

        Verdict verdict = new PayloadValidator().validate(utf8("{\"sensor_id\":\"s-1\",\"a\":1}"), contract, "sensor_id");

        assertThat(verdict.valid()).isFalse();
        assertThat(verdict.primaryError()).isEqualTo(ErrorType.OTHER);
        assertThat(verdict.sensorId()).isEqualTo("s-1");
        assertThat(verdict.violations().get(0).message()).contains("against contract 'loopy' ran out of stack");
        assertThat(new PayloadValidator().validate(utf8("{\"b\":1}"), contract, null).valid()).isTrue();
    }

    @Test
    void shouldReportAStringTheRegexFormatCheckRecursesOnInsteadOfThrowing() throws Exception {
        // before: StackOverflowError from the pattern check, a dead MQTT callback thread for every such message
        Contract contract = compiler.compile("f", "{\"type\":\"string\",\"format\":\"regex\"}");
        String nested = "\"" + "(".repeat(30_000) + ")".repeat(30_000) + "\"";

        // on half the 1 MB stack of the MQTT client's threads
        Object outcome = onStack(512 * 1024, () -> new PayloadValidator().validate(utf8(nested), contract, null));

        assertThat(outcome).isInstanceOf(Verdict.class);
        Verdict verdict = (Verdict) outcome;
        assertThat(verdict.valid()).isFalse();
        assertThat(verdict.violations().get(0).message()).contains("against contract 'f' ran out of stack");
    }

    @Test
    void shouldReportANumberBeyondTheDoubleRangeInsteadOfThrowing() {
        // before: NumberFormatException out of the engine's multipleOf, enum and const checks; the pipeline took it
        // for a failed output, left the input unacknowledged, and the broker delivered it again without end
        Contract contract = compiler.compile("n", "{\"properties\":{\"a\":{\"multipleOf\":2},\"b\":{\"enum\":[1,2]},"
                + "\"c\":{\"const\":1}}}");
        String huge = "9".repeat(400);

        for (String payload : List.of("{\"sensor_id\":\"s-1\",\"a\":1e400}", "{\"b\":-1e999999999}", "{\"c\":1e400}",
                "{\"a\":" + huge + "}")) {
            Verdict verdict = new PayloadValidator().validate(utf8(payload), contract, "sensor_id");

            assertThat(verdict.valid()).as(payload).isFalse();
            assertThat(verdict.violations()).as(payload).singleElement().satisfies(v -> {
                assertThat(v.type()).isEqualTo(ErrorType.OUT_OF_RANGE);
                assertThat(v.pointer()).isIn("/a", "/b", "/c");
                assertThat(v.message()).contains("beyond ±1.8e308");
            });
        }
        assertThat(new PayloadValidator().validate(utf8("{\"sensor_id\":\"s-1\",\"a\":1e400}"), contract, "sensor_id")
                .sensorId()).isEqualTo("s-1");
        assertThat(new PayloadValidator().validate(utf8("{\"a\":4,\"b\":2,\"c\":1}"), contract, null).valid()).isTrue();
    }

    @Test
    void shouldFormatOnlyTheViolationsAReportListsAndCountTheRest() {
        // before: every engine message was formatted: 0.5-2 s per message for a 256 KB array under items: {anyOf}
        Contract contract = compiler.compile("a", "{\"type\":\"array\",\"items\":{\"anyOf\":[{\"type\":\"string\"},"
                + "{\"type\":\"boolean\"}]}}");
        String items = String.join(",", java.util.Collections.nCopies(3000, "1"));

        Verdict verdict = new PayloadValidator().validate(utf8("[" + items + ",\"ok\"]"), contract, null);

        List<Violation> all = verdict.violations();
        assertThat(all).hasSize(6000); // every item fails both branches: all counted
        assertThat(all).filteredOn(v -> !Violation.NOT_FORMATTED.equals(v.message()))
                .hasSize(PayloadValidator.FORMATTED_VIOLATIONS)
                .containsExactlyElementsOf(all.subList(0, PayloadValidator.FORMATTED_VIOLATIONS))
                .allSatisfy(v -> {
                    assertThat(v.message()).contains("found");
                    assertThat(v.schemaLocation()).startsWith("#/items/anyOf/");
                });
        assertThat(all).allSatisfy(v -> {
            assertThat(v.type()).isEqualTo(ErrorType.WRONG_TYPE);
            assertThat(v.pointer()).matches("/\\d+");
        });
        assertThat(all.get(0).pointer()).isEqualTo("/0"); // still ordered by type, then pointer
        assertThat(all.subList(PayloadValidator.FORMATTED_VIOLATIONS, all.size()))
                .extracting(Violation::pointer).doesNotContain("/3000");
    }

    @Test
    void shouldRefuseAPayloadWhoseValuesTimesTheContractsFanOutExceedTheCheckBudget() {
        // before: 131,000 numbers under a 200-link $ref chain took 13-28 s per message on the mapping's thread
        Contract fanOut5 = compiler.compile("wide", "{\"type\":\"array\",\"items\":{\"anyOf\":[{\"type\":\"string\"},"
                + "{\"type\":\"object\"},{\"type\":\"boolean\"},{\"minimum\":100}]}}");
        assertThat(fanOut5.fanOut()).isEqualTo(5);
        long fits = PayloadValidator.DEFAULT_CHECK_BUDGET / 5 - 1; // the array itself is a value too
        String under = "[" + String.join(",", java.util.Collections.nCopies((int) fits, "\"s\"")) + "]";
        String over = "[" + String.join(",", java.util.Collections.nCopies((int) fits + 1, "\"s\"")) + "]";

        PayloadValidator validator = new PayloadValidator(1 << 20, 64); // 400 KB of "s"
        assertThat(validator.validate(utf8(under), fanOut5, null).valid()).isTrue();
        Verdict refused = validator.validate(utf8(over), fanOut5, null);

        assertThat(refused.valid()).isFalse();
        assertThat(refused.violations()).singleElement().satisfies(v -> {
            assertThat(v.type()).isEqualTo(ErrorType.OTHER);
            assertThat(v.keyword()).isEqualTo("checkBudget");
            assertThat(v.message()).startsWith("check_budget_exceeded: payload holds " + (fits + 2) + " values")
                    .contains("contract 'wide' checks each against up to 5 subschemas");
        });
    }

    @Test
    void shouldCheckAPayloadOverTheDefaultBudgetWhenContractsCheckBudgetIsRaised() {
        Contract fanOut5 = compiler.compile("wide", "{\"type\":\"array\",\"items\":{\"anyOf\":[{\"type\":\"string\"},"
                + "{\"type\":\"object\"},{\"type\":\"boolean\"},{\"minimum\":100}]}}");
        String over = "[" + String.join(",", java.util.Collections.nCopies(
                (int) (PayloadValidator.DEFAULT_CHECK_BUDGET / 5), "\"s\"")) + "]";
        String overAndBroken = over.substring(0, over.length() - 1) + ",7]";

        PayloadValidator raised = new PayloadValidator(1 << 20, 64, 2 * PayloadValidator.DEFAULT_CHECK_BUDGET);
        assertThat(raised.validate(utf8(over), fanOut5, null).valid()).isTrue();
        assertThat(raised.validate(utf8(overAndBroken), fanOut5, null).violations())
                .extracting(Violation::keyword).doesNotContain("checkBudget").isNotEmpty();
        assertThat(new PayloadValidator(1 << 20, 64).validate(utf8(over), fanOut5, null).violations())
                .extracting(Violation::keyword).containsExactly("checkBudget");
        assertThatThrownBy(() -> new PayloadValidator(1 << 20, 64, 0))
                .hasMessageStartingWith("contracts.check-budget must be >= 1");
    }

    @Test
    void shouldGiveTheRightVerdictForNumbersBeyondTheDoubleRangeUnderEachKeyword() {
        // before: 1e400 under type integer was "number found, integer expected" (it is an integer), and 1e400 and
        // 2e400 were duplicates under uniqueItems (both read as Infinity)
        String digits = "9".repeat(400);
        Object[][] cases = {
                // contract, payload, valid, error type of the first violation, its pointer
                {"{\"type\":\"integer\"}", "1e400", false, ErrorType.OUT_OF_RANGE, ""},
                {"{\"items\":{\"type\":[\"integer\",\"string\"]}}", "[1,1.5e400]", false, ErrorType.OUT_OF_RANGE, "/1"},
                {"{\"type\":\"integer\"}", digits, true, null, null},
                {"{\"type\":\"string\"}", "1e400", false, ErrorType.WRONG_TYPE, ""},
                {"{\"type\":\"number\"}", "-1e400", true, null, null},
                {"{\"uniqueItems\":true}", "[1e400,2e400]", false, ErrorType.OUT_OF_RANGE, "/0"},
                {"{\"uniqueItems\":true}", "[{\"a\":1},{\"a\":-1e400},{\"a\":-2e400}]", false, ErrorType.OUT_OF_RANGE, "/1/a"},
                {"{\"uniqueItems\":true}", "[" + digits + ",-" + digits + "]", true, null, null},
                {"{\"uniqueItems\":true}", "[" + digits + "," + digits + "]", false, ErrorType.LENGTH, ""},
                {"{\"maximum\":10}", digits, false, ErrorType.OUT_OF_RANGE, ""},
                {"{\"maximum\":10}", "-1e400", true, null, null},
                {"{\"minimum\":0}", "-" + digits, false, ErrorType.OUT_OF_RANGE, ""},
                {"{\"minimum\":0}", "1e400", true, null, null},
                {"{\"exclusiveMaximum\":1e308}", "2e308", false, ErrorType.OUT_OF_RANGE, ""},
                {"{\"multipleOf\":2}", "8".repeat(400), false, ErrorType.OUT_OF_RANGE, ""},
                {"{\"enum\":[1,2]}", digits, false, ErrorType.NOT_ALLOWED_VALUE, ""},
                {"{\"enum\":[\"a\"]}", "[1e400]", false, ErrorType.OUT_OF_RANGE, "/0"},
                {"{\"const\":[1]}", "[1e400]", false, null, ""},
        };
        for (Object[] c : cases) {
            Verdict verdict = new PayloadValidator().validate(utf8((String) c[1]),
                    compiler.compile("n", (String) c[0]), null);
            String as = c[0] + " on " + ((String) c[1]).substring(0, Math.min(30, ((String) c[1]).length()));

            assertThat(verdict.valid()).as(as).isEqualTo(c[2]);
            if (!verdict.valid()) {
                Violation first = verdict.violations().get(0);
                if (c[3] != null) {
                    assertThat(first.type()).as(as).isEqualTo(c[3]);
                }
                assertThat(first.pointer()).as(as).isEqualTo(c[4]);
                if (c[3] == ErrorType.OUT_OF_RANGE && "number".equals(first.keyword())) {
                    assertThat(first.message()).as(as).contains("beyond ±1.8e308");
                }
            }
        }
    }

    @Test
    void shouldRefuseAContractNumberBeyondTheDoubleRangeNamingWhereItIs() {
        // before: {"const": 1e400} was saved, then every message with a number threw; multipleOf 1e400 was refused
        // with nothing but "NumberFormatException: Character I is neither a decimal digit number ..."
        assertThatThrownBy(() -> compiler.compile("c", "{\"properties\":{\"t\":{\"const\":1e400}}}"))
                .isInstanceOf(InvalidContractException.class)
                .hasMessageContaining("/properties/t/const")
                .hasMessageContaining("beyond ±1.8e308");
        assertThatThrownBy(() -> compiler.compile("m", "{\"multipleOf\":1e400}"))
                .hasMessageContaining("/multipleOf");
    }

    @Test
    void shouldRefuseACountTheEngineWouldWrapAroundNamingWhereItIs() {
        // before: read as int, maxLength 4294967298 refused "abc" as longer than 2, minItems 4294967297 took [1]
        assertThatThrownBy(() -> compiler.compile("c", "{\"properties\":{\"code\":{\"maxLength\":4294967298}}}"))
                .isInstanceOf(InvalidContractException.class)
                .hasMessageContaining("/properties/code/maxLength is more than 2147483647");
        assertThatThrownBy(() -> compiler.compile("c", "{\"minItems\":4294967297}"))
                .hasMessageContaining("/minItems");
        assertThat(compiler.compile("c", "{\"maxLength\":2147483647,\"const\":{\"maxItems\":4294967296}}")).isNotNull();
    }

    @Test
    void shouldCheckALongJsonPointerInOnePass() throws Exception {
        // before: networknt's json-pointer pattern recursed per character and overflowed on this valid pointer
        Contract contract = compiler.compile("p", "{\"type\":\"string\",\"format\":\"json-pointer\"}");
        String pointer = "\"/" + "~0a~1".repeat(20_000) + "\"";

        Object outcome = onStack(512 * 1024, () -> new PayloadValidator().validate(utf8(pointer), contract, null));

        assertThat(outcome).isInstanceOf(Verdict.class);
        assertThat(((Verdict) outcome).valid()).isTrue();
        assertThat(new PayloadValidator().validate(utf8("\"/a~2\""), contract, null).valid()).isFalse();
        assertThat(new PayloadValidator().validate(utf8("\"a/b\""), contract, null).valid()).isFalse();
        assertThat(new PayloadValidator().validate(utf8("\"/a~\""), contract, null).valid()).isFalse();
        assertThat(new PayloadValidator().validate(utf8("\"\""), contract, null).valid()).isTrue();
    }

    @Test
    void shouldRefuseAContractNestedDeeperThanTheLimitAsInvalidNotAsAnError() {
        // before: 900 levels were a 500 (stack overflow), and 500 levels were saved but stopped the next start
        String deep = "{\"not\":".repeat(ContractCompiler.MAX_DEPTH) + "{}" + "}".repeat(ContractCompiler.MAX_DEPTH);
        assertThatThrownBy(() -> compiler.compile("deep", deep))
                .isInstanceOf(InvalidContractException.class)
                .hasMessageContaining("contract 'deep' nests too deeply: more than 128 levels");
    }

    @Test
    void shouldCompileAContractAtTheDepthLimitWithHalfTheDefaultStack() throws Exception {
        int levels = ContractCompiler.MAX_DEPTH - 1;
        String deepest = "{\"not\":".repeat(levels) + "{}" + "}".repeat(levels);
        assertThat(onStack(512 * 1024, () -> compiler.compile("deepest", deepest))).isInstanceOf(Contract.class);
    }

    /** What the call returns or throws, run on a thread with that much stack. */
    private static Object onStack(long bytes, java.util.function.Supplier<Object> call) throws InterruptedException {
        Object[] out = new Object[1];
        Thread t = new Thread(null, () -> {
            try {
                out[0] = call.get();
            } catch (Throwable e) {
                out[0] = e;
            }
        }, "stack-" + bytes, bytes);
        t.start();
        t.join();
        return out[0];
    }
}
