package io.contractgate.contract;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

/** Contract patterns run in linear time with their ECMA-262 meaning, or are refused naming the feature. */
class LinearRegexTest {

    private final LinearRegex regex = new LinearRegex();

    private boolean matches(String pattern, String value) {
        return regex.getRegularExpression(pattern).matches(value);
    }

    @Test
    void shouldMatchTheCatastrophicPatternOnA120KbStringQuickly() {
        String evil = "a".repeat(120 * 1024) + "!";
        // the JDK engine took 72 s here; 5 s is a safety net, the benchmark measures milliseconds
        boolean matched = assertTimeoutPreemptively(Duration.ofSeconds(5), () -> matches("^(a+)+$", evil));
        assertThat(matched).isFalse();
        assertThat(matches("^(a+)+$", "a".repeat(120 * 1024))).isTrue();
    }

    @ParameterizedTest(name = "{0} on \"{1}\" -> {2}")
    @CsvSource(delimiter = '|', value = {
            "^\\p{Letter}+$|héllo|true",
            "^\\p{L}+$|abc1|false",
            "^\\p{Lu}|Ábc|true",
            "^\\P{L}+$|123|true",
            "^\\d+$|١٢٣|false",          // ECMA \\d is ASCII only
            "^\\w+$|é|false",
            "^\\s$|'\u00a0'|true",           // ECMA \\s includes NBSP, RE2's does not
            "^\\S$|'\u2003'|false",
            "^.$|'\n'|false",
            "^.$|'\u2028'|false",
            "^.$|é|true",
            "^[^]$|'\n'|true",
            "^[]$|a|false",
            "^\\u00e9$|é|true",
            "^\\u{1F600}$|\uD83D\uDE00|true",
            "^(?<year>\\d{4})$|2026|true",
            "abc$|'abc\n'|false",           // ECMA $ does not match before a final newline (Java's does)
            "a{2,3}|caab|true",
            "^[a-c[]+$|a[b|true",
            "x{,2}|x{,2}|true",
            "\\/|a/b|true"
    })
    void shouldKeepEcmaMeaning(String pattern, String value, boolean expected) {
        assertThat(matches(pattern, value)).isEqualTo(expected);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "^(a)\\1$|a backreference (\\1)",
            "^(?<x>a)\\k<x>$|a named backreference",
            "^(?=a)|a lookahead ((?=)",
            "^(?!a)|a lookahead ((?!)",
            "(?<=a)b|a lookbehind ((?<=)",
            "(?<!a)b|a lookbehind ((?<!)",
            "a{1001}|a repetition count over 1000",
            "[\\S]|\\S inside a character class",
            "\\p{Script_Extensions=Greek}|Unicode property Script_Extensions"
    })
    void shouldRefuseWhatTheLinearEngineCannotRun(String pattern, String feature) {
        assertThatThrownBy(() -> LinearRegex.compile(pattern))
                .isInstanceOf(LinearRegex.UnsupportedPatternException.class)
                .hasMessageContaining("pattern '" + pattern + "'")
                .hasMessageContaining(feature);
    }

    @Test
    void shouldRefuseRepetitionsThatWriteOutTooLargeAProgram() {
        // RE2 writes counted repetitions out: 10^9 steps ran the 128 MB heap out at save (the one 25-byte pattern)
        assertThatThrownBy(() -> LinearRegex.compile("((a{1000}){1000}){1000}"))
                .isInstanceOf(LinearRegex.UnsupportedPatternException.class)
                .hasMessageContaining("pattern '((a{1000}){1000}){1000}' uses repetitions that expand to")
                .hasMessageContaining("more than 100000");
        assertThatThrownBy(() -> LinearRegex.compile("x" + "[0-9]{1000}".repeat(101)))
                .hasMessageContaining("repetitions that expand to");
        assertThat(LinearRegex.compile("^(a{1000}){99}$").matcher("a".repeat(99_000)).find()).isTrue();
        assertThat(LinearRegex.compile("^(?:[0-9]{1,3}\\.){3}[0-9]{1,3}$").matcher("10.0.0.1").find()).isTrue();
    }

    @Test
    void shouldRefuseAContractWhosePatternsTogetherWriteOutTooLargeAProgram() {
        // each pattern is within the limit; 1,000 of them (56 KB of contract) ran the heap out at save
        String properties = java.util.stream.IntStream.range(0, 30)
                .mapToObj(i -> "\"p" + i + "\":{\"pattern\":\"^(a{1000}){10}$\"}")
                .collect(java.util.stream.Collectors.joining(","));

        assertThatThrownBy(() -> new ContractCompiler().compile("c", "{\"properties\":{" + properties + "}}"))
                .isInstanceOf(InvalidContractException.class)
                .hasMessageContaining("contract 'c'")
                .hasMessageContaining("more than 250000 steps in all");
        assertThat(new ContractCompiler().compile("c", "{\"properties\":{" + properties.substring(0,
                properties.indexOf(",\"p20\"")) + "}}")).isNotNull();
    }

    @Test
    void shouldJudgeTheRegexFormatWithoutWritingRepetitionsOut() {
        // "format": "regex" compiled each message's string: a 25-byte one ran the heap out, on every message
        assertThat(LinearRegex.isEcmaPattern("((a{1000}){1000}){1000}")).isTrue();
        assertThat(LinearRegex.isEcmaPattern("(a{99999999999})")).isTrue();
        assertThat(LinearRegex.isEcmaPattern("a{3,2}")).isFalse();
        assertThat(LinearRegex.isEcmaPattern("((a{1000})")).isFalse();
        assertThat(LinearRegex.isEcmaPattern("a**")).isFalse();
        assertThat(LinearRegex.isEcmaPattern("x".repeat(250_000))).isTrue();
    }

    @Test
    void shouldRefuseAContractWithAnUnrunnablePatternAtCompileNamingIt() {
        ContractCompiler compiler = new ContractCompiler();
        assertThatThrownBy(() -> compiler.compile("c",
                "{\"properties\":{\"code\":{\"type\":\"string\",\"pattern\":\"^(\\\\w)\\\\1$\"}}}"))
                .isInstanceOf(InvalidContractException.class)
                .hasMessageContaining("contract 'c'")
                .hasMessageContaining("pattern '^(\\w)\\1$' uses a backreference");
        assertThatThrownBy(() -> compiler.compile("c",
                "{\"patternProperties\":{\"^(?!x)\":{\"type\":\"string\"}}}"))
                .hasMessageContaining("pattern '^(?!x)' uses a lookahead");
    }

    @Test
    void shouldHandleTheCatastrophicContractMessageWellUnderASecond() {
        Contract c = new ContractCompiler().compile("evil",
                "{\"type\":\"object\",\"properties\":{\"s\":{\"type\":\"string\",\"pattern\":\"^(a+)+$\"}}}");
        byte[] payload = ("{\"s\":\"" + "a".repeat(120 * 1024) + "!\"}").getBytes();
        Verdict v = assertTimeoutPreemptively(Duration.ofSeconds(5),
                () -> new PayloadValidator().validate(payload, c, null));
        assertThat(v.valid()).isFalse();
        assertThat(v.violations()).extracting(Violation::type).containsExactly(ErrorType.PATTERN_MISMATCH);
    }

    @Test
    void shouldKeepFormatRegexAboutSyntaxNotAboutTheLinearEngine() {
        Contract c = new ContractCompiler().compile("c",
                "{\"properties\":{\"r\":{\"type\":\"string\",\"format\":\"regex\"}}}");
        PayloadValidator v = new PayloadValidator();
        assertThat(v.validate("{\"r\":\"^(?=a)\\\\1$\"}".getBytes(), c, null).valid()).as("valid ECMA regex").isTrue();
        assertThat(v.validate("{\"r\":\"^(a\"}".getBytes(), c, null).valid()).isFalse();
    }
}
