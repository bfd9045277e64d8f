package io.contractgate.contract.compat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

/**
 * One case per rule, both directions: the change old → new checked BACKWARD (new accepts all old accepted) and
 * FORWARD (old accepts all new accepts). Expectations: "ok", "break <pointer> <text>" (a proven break at that pointer
 * whose message contains the text), or "unproven <pointer>" ("cannot prove compatible").
 */
class CompatibilityCheckerTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    static Stream<Arguments> rules() {
        return Stream.of(
                // rule, old, new, BACKWARD, FORWARD
                arguments("identical", "{'type':'number'}", "{'type':'number','description':'x'}", "ok", "ok"),
                arguments("type widened", "{'type':'integer'}", "{'type':'number'}", "ok", "break /type type number newly accepted"),
                arguments("type narrowed", "{'type':['string','null']}", "{'type':'string'}", "break /type type null no longer accepted", "ok"),
                arguments("type added", "{}", "{'type':'string'}", "break /type type string added", "ok"),
                arguments("enum value removed", "{'enum':['a','b']}", "{'enum':['a']}", "break /enum value \"b\" no longer accepted", "ok"),
                arguments("enum added to a string", "{'type':'string'}", "{'type':'string','enum':['a']}", "break /enum enum [\"a\"] added", "ok"),
                arguments("enum checked against bounds", "{'enum':[1,2]}", "{'type':'integer','maximum':1}", "break /enum value 2 no longer accepted", "break /enum enum [1,2] removed"),
                arguments("const changed", "{'const':'on'}", "{'const':'off'}", "break /const value \"on\" no longer accepted", "break /const value \"off\" newly accepted"),
                arguments("boolean domain is finite", "{'type':'boolean'}", "{'enum':[true,false]}", "ok", "ok"),
                arguments("maximum decreased", "{'type':'number','maximum':85}", "{'type':'number','maximum':60}", "break /maximum maximum decreased 85 → 60", "ok"),
                arguments("minimum increased", "{'type':'number','minimum':-40}", "{'type':'number','minimum':-20}", "break /minimum minimum increased -40 → -20", "ok"),
                arguments("maximum added", "{'type':'number'}", "{'type':'number','maximum':10}", "break /maximum maximum 10 added", "ok"),
                arguments("maximum made exclusive", "{'maximum':10}", "{'exclusiveMaximum':10}", "break /exclusiveMaximum bound changed maximum 10 → exclusiveMaximum 10", "ok"),
                arguments("exclusiveMinimum relaxed", "{'exclusiveMinimum':0}", "{'minimum':0}", "ok", "break /exclusiveMinimum"),
                arguments("draft-4 boolean exclusiveMaximum", "{'maximum':10}", "{'maximum':10,'exclusiveMaximum':true}", "break /maximum", "ok"),
                arguments("multipleOf coarser", "{'multipleOf':0.5}", "{'multipleOf':1}", "break /multipleOf multipleOf increased 0.5 → 1", "ok"),
                arguments("multipleOf 1 on integers", "{'type':'integer'}", "{'type':'integer','multipleOf':1}", "ok", "ok"),
                arguments("minLength increased", "{'type':'string','minLength':1}", "{'type':'string','minLength':3}", "break /minLength minLength increased 1 → 3", "ok"),
                arguments("maxLength decreased", "{'type':'string','maxLength':10}", "{'type':'string','maxLength':5}", "break /maxLength maxLength decreased 10 → 5", "ok"),
                arguments("pattern changed", "{'type':'string','pattern':'^a'}", "{'type':'string','pattern':'^[ab]'}", "unproven /pattern", "unproven /pattern"),
                arguments("pattern removed", "{'type':'string','pattern':'^a'}", "{'type':'string'}", "ok", "unproven /pattern"),
                arguments("format added", "{'type':'string'}", "{'type':'string','format':'date-time'}", "break /format format \"date-time\" added", "ok"),
                arguments("string bounds irrelevant to numbers", "{'type':'number'}", "{'type':'number','maxLength':3}", "ok", "ok"),
                arguments("required added", "{'type':'object','properties':{'battery':{'type':'number'}}}",
                        "{'type':'object','properties':{'battery':{'type':'number'}},'required':['battery']}",
                        "break /required required property battery added without default", "ok"),
                arguments("required added with default", "{'type':'object'}",
                        "{'type':'object','properties':{'battery':{'default':1}},'required':['battery']}",
                        "break /required not applied by validation", "ok"),
                arguments("required removed", "{'required':['a']}", "{}", "ok", "break /required property a no longer required"),
                arguments("closed model, property removed",
                        "{'properties':{'status':{'type':'string'}},'additionalProperties':false}",
                        "{'properties':{},'additionalProperties':false}",
                        "break /properties/status additionalProperties:false and property status removed", "ok"),
                arguments("open model, property removed", "{'properties':{'status':{'type':'string'}}}", "{'properties':{}}",
                        "ok", "break /properties/status property status removed"),
                arguments("open model, property added", "{'type':'object'}", "{'type':'object','properties':{'x':{'type':'string'}}}",
                        "break /properties/x property x added with constraints", "ok"),
                arguments("closed model, property added", "{'type':'object','additionalProperties':false}",
                        "{'type':'object','properties':{'x':{'type':'string'}},'additionalProperties':false}",
                        "ok", "break /properties/x property x added; the old schema has additionalProperties:false"),
                arguments("additionalProperties closed", "{'type':'object'}", "{'type':'object','additionalProperties':false}",
                        "break /additionalProperties additionalProperties:false added", "ok"),
                arguments("additionalProperties schema narrowed", "{'additionalProperties':{'type':'number'}}",
                        "{'additionalProperties':{'type':'integer'}}", "break /additionalProperties/type type number no longer accepted", "ok"),
                arguments("schema-valued additionalProperties meets a declared property",
                        "{'properties':{'a':{'type':'integer'}},'additionalProperties':false}",
                        "{'additionalProperties':{'type':'number'}}", "ok", "break /properties/a"),
                arguments("nested property bound", "{'properties':{'t':{'maximum':85}}}", "{'properties':{'t':{'maximum':60}}}",
                        "break /properties/t/maximum maximum decreased 85 → 60", "ok"),
                arguments("minProperties increased", "{'type':'object'}", "{'type':'object','minProperties':1}", "break /minProperties", "ok"),
                arguments("items narrowed", "{'type':'array','items':{'type':'number'}}", "{'type':'array','items':{'type':'integer'}}",
                        "break /items/type type number no longer accepted", "ok"),
                arguments("prefixItems narrowed", "{'prefixItems':[{'type':'string'}]}", "{'prefixItems':[{'type':'string','maxLength':2}]}",
                        "break /prefixItems/0/maxLength", "ok"),
                arguments("tuple closed", "{'prefixItems':[{'type':'string'}]}", "{'prefixItems':[{'type':'string'}],'items':false}",
                        "break /items", "ok"),
                arguments("draft-7 items array", "{'items':[{'type':'string'}],'additionalItems':false}", "{'items':[{'type':'string'}]}",
                        "ok", "break /additionalItems"),
                arguments("maxItems decreased", "{'type':'array','maxItems':10}", "{'type':'array','maxItems':5}", "break /maxItems maxItems decreased 10 → 5", "ok"),
                arguments("minItems increased", "{'type':'array'}", "{'type':'array','minItems':1}", "break /minItems minItems 1 added", "ok"),
                arguments("uniqueItems added", "{'type':'array'}", "{'type':'array','uniqueItems':true}", "break /uniqueItems", "ok"),
                arguments("anyOf branch added", "{'anyOf':[{'type':'string'},{'type':'number'}]}",
                        "{'anyOf':[{'type':'string'},{'type':'number'},{'type':'null'}]}", "ok", "unproven /anyOf"),
                arguments("anyOf into plain type", "{'anyOf':[{'type':'integer'},{'type':'number','maximum':1}]}", "{'type':'number'}", "ok", "unproven /anyOf"),
                arguments("allOf part narrowed", "{'allOf':[{'type':'number'},{'maximum':10}]}", "{'allOf':[{'type':'number'},{'maximum':5}]}",
                        "break /allOf/1/maximum maximum decreased 10 → 5", "ok"),
                arguments("oneOf changed", "{'oneOf':[{'type':'string'},{'type':'number'}]}", "{'oneOf':[{'type':'string'},{'type':'integer'}]}",
                        "unproven /oneOf", "ok"),
                arguments("oneOf unchanged around a narrowed base", "{'oneOf':[{'type':'string'},{'type':'number'}],'maxLength':9}",
                        "{'oneOf':[{'type':'string'},{'type':'number'}],'maxLength':4}", "break /maxLength", "ok"),
                arguments("not added", "{'type':'string'}", "{'type':'string','not':{'const':'x'}}", "unproven /not", "ok"),
                arguments("if/then/else changed", "{'if':{'type':'string'},'then':{'minLength':1}}", "{'if':{'type':'string'},'then':{'minLength':2}}",
                        "unproven /then", "unproven /then"),
                arguments("local $ref followed", "{'$defs':{'t':{'maximum':85}},'properties':{'t':{'$ref':'#/$defs/t'}}}",
                        "{'$defs':{'t':{'maximum':60}},'properties':{'t':{'$ref':'#/$defs/t'}}}", "break /properties/t/maximum maximum decreased 85 → 60", "ok"),
                arguments("nested $ref into a changed stash outside $defs", "{'x-t':{'n':{'type':'number'}},'properties':{'a':{'properties':{'x':{'$ref':'#/x-t/n'}}}}}",
                        "{'x-t':{'n':{'type':'string'}},'properties':{'a':{'properties':{'x':{'$ref':'#/x-t/n'}}}}}",
                        "break /properties/a/properties/x/type type number no longer accepted", "break /properties/a/properties/x/type type string newly accepted"),
                arguments("nested $ref through an unchanged definition to a changed one", "{'$defs':{'p':{'properties':{'v':{'$ref':'#/x/v'}}}},'x':{'v':{'maximum':9}},'properties':{'a':{'items':{'$ref':'#/$defs/p'}}}}",
                        "{'$defs':{'p':{'properties':{'v':{'$ref':'#/x/v'}}}},'x':{'v':{'maximum':5}},'properties':{'a':{'items':{'$ref':'#/$defs/p'}}}}",
                        "break /properties/a/items/properties/v/maximum maximum decreased 9 → 5", "ok"),
                arguments("$ref to an anchor", "{'$defs':{'t':{'$anchor':'T','type':'number'}},'properties':{'a':{'$ref':'#T'}}}",
                        "{'$defs':{'t':{'$anchor':'T','type':'string'}},'properties':{'a':{'$ref':'#T'}}}", "unproven /properties/a/$ref", "unproven /properties/a/$ref"),
                arguments("enum against a $ref to an anchor", "{'enum':[1]}", "{'$defs':{'t':{'$anchor':'T','type':'number'}},'$ref':'#T'}",
                        "unproven /$ref", "unproven /$ref"),
                arguments("draft-4 maximum made exclusive", "{'maximum':10}", "{'maximum':10,'exclusiveMaximum':true}",
                        "break /maximum maximum 10 made exclusive", "ok"),
                arguments("oneOf of types that cannot overlap extended", "{'oneOf':[{'type':'string'},{'$ref':'#/$defs/o'}],'$defs':{'o':{'type':'object'}}}",
                        "{'oneOf':[{'type':'string'},{'$ref':'#/$defs/o'},{'type':'null'}],'$defs':{'o':{'type':'object'}}}", "ok", "unproven /oneOf"),
                arguments("oneOf of overlapping types extended", "{'oneOf':[{'type':'string'},{'type':'number'}]}",
                        "{'oneOf':[{'type':'string'},{'type':'number'},{'type':'integer'}]}", "unproven /oneOf", "ok"),
                arguments("if and then split across allOf joined", "{'allOf':[{'if':{'type':'string'}},{'then':{'minLength':5}}]}",
                        "{'if':{'type':'string'},'then':{'minLength':5}}", "unproven /", "ok"),
                arguments("remote $ref", "{'$ref':'https://example.com/s.json'}", "{'$ref':'https://example.com/t.json'}", "unproven /$ref", "unproven /$ref"),
                arguments("false schema", "{'properties':{'a':true}}", "{'properties':{'a':false}}", "break /properties/a accepts nothing", "ok"),
                arguments("patternProperties changed", "{'patternProperties':{'^x':{}}}", "{'patternProperties':{'^y':{}}}",
                        "unproven /patternProperties", "unproven /patternProperties"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("rules")
    void shouldApplyEachRuleInBothDirections(String rule, String oldSchema, String newSchema, String backward, String forward) throws Exception {
        JsonNode a = JSON.readTree(oldSchema.replace('\'', '"'));
        JsonNode b = JSON.readTree(newSchema.replace('\'', '"'));
        expect("BACKWARD " + rule, CompatibilityChecker.check(a, b, CompatibilityLevel.BACKWARD), backward);
        expect("FORWARD " + rule, CompatibilityChecker.check(a, b, CompatibilityLevel.FORWARD), forward);
        List<Reason> backwardReasons = CompatibilityChecker.check(a, b, CompatibilityLevel.BACKWARD);
        assertThat(backwardReasons).as("no reason twice").doesNotHaveDuplicates();
        List<Reason> full = CompatibilityChecker.check(a, b, CompatibilityLevel.FULL);
        assertThat(full.isEmpty()).as("FULL " + rule).isEqualTo(backward.equals("ok") && forward.equals("ok"));
        assertThat(CompatibilityChecker.check(a, b, CompatibilityLevel.NONE)).isEmpty();
    }

    private static void expect(String what, List<Reason> reasons, String expectation) {
        if (expectation.equals("ok")) {
            assertThat(reasons).as(what).isEmpty();
            return;
        }
        String[] parts = expectation.split(" ", 3);
        boolean proven = parts[0].equals("break");
        String pointer = parts[1];
        String text = parts.length > 2 ? parts[2] : "";
        assertThat(reasons).as(what + ": " + reasons).anySatisfy(r -> {
            assertThat(r.proven()).isEqualTo(proven);
            assertThat(r.pointer()).startsWith(pointer);
            assertThat(r.message()).contains(text);
        });
        if (!proven) {
            assertThat(reasons.stream().filter(r -> !r.proven())).allSatisfy(r -> assertThat(r.message()).startsWith("cannot prove compatible"));
        }
    }

    @Test
    void shouldCheckEveryVersionForTransitiveLevels() throws Exception {
        JsonNode v1 = JSON.readTree("{\"maximum\":100}");
        JsonNode v2 = JSON.readTree("{\"maximum\":50}");
        JsonNode v3 = JSON.readTree("{\"maximum\":50,\"minimum\":0}");
        JsonNode next = JSON.readTree("{\"maximum\":50}");
        assertThat(CompatibilityChecker.checkHistory(List.of(v1, v2, v3), next, CompatibilityLevel.BACKWARD)).isEmpty();
        List<Reason> transitive = CompatibilityChecker.checkHistory(List.of(v1, v2, v3), next, CompatibilityLevel.BACKWARD_TRANSITIVE);
        assertThat(transitive).singleElement().satisfies(r -> assertThat(r.message()).isEqualTo("against version 1: maximum decreased 100 → 50"));
        assertThat(CompatibilityChecker.checkHistory(List.of(), next, CompatibilityLevel.FULL_TRANSITIVE)).isEmpty();
    }

    @Test
    void shouldExplainTheSensorContractNarrowingWithPointerAndRule() throws Exception {
        JsonNode old = JSON.readTree(getClass().getResourceAsStream("/compat/sensor-v1.schema.json"));
        JsonNode next = JSON.readTree(getClass().getResourceAsStream("/compat/sensor-v2.schema.json"));
        List<String> texts = CompatibilityChecker.check(old, next, CompatibilityLevel.BACKWARD).stream().map(Reason::text).toList();
        assertThat(texts).containsExactlyInAnyOrder(
                "/properties/temperature/maximum: maximum decreased 85 → 60",
                "/required: required property battery added without default",
                "/properties/status: additionalProperties:false and property status removed");
    }

    @Test
    void shouldRefuseUnknownLevelNamingTheAllowedOnes() {
        assertThat(CompatibilityLevel.parse("full_transitive")).isEqualTo(CompatibilityLevel.FULL_TRANSITIVE);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> CompatibilityLevel.parse("SIDEWAYS"))
                .hasMessageContaining("SIDEWAYS").hasMessageContaining("BACKWARD_TRANSITIVE");
    }
    @Test
    void shouldCheckARecursiveContractWithSeveralSelfReferencesQuickly() throws Exception {
        // a tree node referring to itself from three properties: every path down to the depth limit was walked
        // (3^64 comparisons), so one PUT held an HTTP worker and the admin change lock for ever
        String props = "'l':{'$ref':'#/$defs/n'},'m':{'$ref':'#/$defs/n'},'r':{'$ref':'#/$defs/n'}";
        JsonNode old = JSON.readTree(("{'$defs':{'n':{'type':'object','properties':{" + props + "}}},'$ref':'#/$defs/n'}").replace('\'', '"'));
        JsonNode next = JSON.readTree(("{'$defs':{'n':{'type':'object','properties':{" + props + "},'maxProperties':3}},'$ref':'#/$defs/n'}")
                .replace('\'', '"'));
        List<Reason> reasons = org.junit.jupiter.api.Assertions.assertTimeoutPreemptively(java.time.Duration.ofSeconds(10),
                () -> CompatibilityChecker.check(old, next, CompatibilityLevel.FULL));
        assertThat(reasons).as(reasons.toString()).anySatisfy(r -> {
            assertThat(r.text()).isEqualTo("/maxProperties: maxProperties 3 added");
            assertThat(r.proven()).isTrue();
        });
        assertThat(reasons).hasSizeLessThan(1000);
        assertThat(CompatibilityChecker.check(old, old.deepCopy(), CompatibilityLevel.FULL)).isEmpty();
    }

    @Test
    void shouldCompareTwoLargeEnumsInLinearTime() throws Exception {
        // every old member was looked up by scanning both enums: 100,000 numbers took 54 s, strings over five minutes,
        // holding an HTTP worker (and, on a save, the admin change lock)
        com.fasterxml.jackson.databind.node.ObjectNode old = JSON.createObjectNode();
        com.fasterxml.jackson.databind.node.ObjectNode next = JSON.createObjectNode();
        var oldValues = old.putArray("enum");
        var nextValues = next.putArray("enum");
        for (int i = 0; i < 100_000; i++) {
            oldValues.add("v" + i);
            nextValues.add("v" + (i + 1));
        }
        oldValues.add(1);
        nextValues.add(1.0); // the same number
        List<Reason> reasons = org.junit.jupiter.api.Assertions.assertTimeoutPreemptively(java.time.Duration.ofSeconds(10),
                () -> CompatibilityChecker.check(old, next, CompatibilityLevel.BACKWARD));
        assertThat(reasons).extracting(Reason::text).containsExactly("/enum: value \"v0\" no longer accepted");
        // a reason per member ran a 128 MB gateway out of memory: the first are named, the rest counted
        List<Reason> all = CompatibilityChecker.check(old, JSON.readTree("{\"enum\": [\"x\"]}"), CompatibilityLevel.BACKWARD);
        assertThat(all).hasSize(CompatibilityChecker.MAX_VALUE_REASONS + 1);
        assertThat(all.get(0).text()).isEqualTo("/enum: value \"v0\" no longer accepted");
        assertThat(all.get(CompatibilityChecker.MAX_VALUE_REASONS).text())
                .isEqualTo("/enum: " + (100_001 - CompatibilityChecker.MAX_VALUE_REASONS) + " more values no longer accepted");
        assertThat(all).allMatch(Reason::proven);
    }
}
