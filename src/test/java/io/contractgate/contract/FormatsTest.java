package io.contractgate.contract;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The gateway's own format checks and what the README says about them. */
class FormatsTest {

    @Test
    void shouldListEveryAnnotationOnlyFormatInTheReadme() throws Exception {
        String readme = Files.readString(Path.of("README.md"), StandardCharsets.UTF_8);
        String sentence = readme.substring(readme.indexOf("**Annotation-only (not asserted)**"));
        sentence = sentence.substring(0, sentence.indexOf("any string passes"));
        for (String name : Formats.ANNOTATION_ONLY) {
            assertThat(sentence).as("README lists " + name + " as annotation-only").contains("`" + name + "`");
        }
        assertThat(sentence.split("`").length / 2).as("and nothing else").isEqualTo(Formats.ANNOTATION_ONLY.size());
    }

    @Test
    void shouldNotAssertAnAnnotationOnlyFormat() {
        Contract c = new ContractCompiler().compile("c", "{\"format\":\"uri\"}");
        assertThat(new PayloadValidator().validate("\"not a uri\"".getBytes(), c, null).valid()).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"http://json-schema.org/draft-04/schema#", "http://json-schema.org/draft-06/schema#",
            "http://json-schema.org/draft-07/schema#"})
    void shouldAcceptUnicodePropertyPatternsInOlderDrafts(String draft) {
        // those drafts' meta-schemas check "pattern" with format "regex": ECMA-262, not java.util.regex
        Contract c = new ContractCompiler().compile("c", "{\"$schema\":\"" + draft + "\","
                + "\"patternProperties\":{\"\\\\p{Letter}cole\":{\"type\":\"integer\"}}}");
        assertThat(new PayloadValidator().validate("{\"école\":\"x\"}".getBytes(StandardCharsets.UTF_8), c, null)
                .valid()).isFalse();
    }

    @Test
    void shouldStillRefuseALookaheadInAnOlderDraftNamingPatternAndFeature() {
        assertThatThrownBy(() -> new ContractCompiler().compile("c",
                "{\"$schema\":\"http://json-schema.org/draft-07/schema#\",\"pattern\":\"^(?!x)\"}"))
                .isInstanceOf(InvalidContractException.class)
                .hasMessageContaining("pattern '^(?!x)' uses a lookahead");
    }

    @Test
    void shouldRefuseARegexThatIsNotEcma262() {
        assertThatThrownBy(() -> new ContractCompiler().compile("c",
                "{\"$schema\":\"http://json-schema.org/draft-07/schema#\",\"pattern\":\"\\\\a\"}"))
                .isInstanceOf(InvalidContractException.class)
                .hasMessageContaining("not a valid JSON Schema");
    }

    @ParameterizedTest
    @ValueSource(strings = {"bücher", "실례", "ßς་〇", "example", "παράδειγμα"})
    void shouldRoundTripPunycode(String label) {
        assertThat(Punycode.decode(Punycode.encode(label))).isEqualTo(label);
    }

    @Test
    void shouldDecodeKnownALabels() {
        assertThat(Punycode.encode("bücher")).isEqualTo("bcher-kva");
        assertThat(Punycode.decode("9n2bp8q")).isEqualTo("실례");
        assertThat(Punycode.decode("X")).isNull();
    }

    @Test
    void shouldKeepLongHostileHostnamesCheap() {
        String longIdn = "실".repeat(200_000);
        long start = System.nanoTime();
        assertThat(Hostnames.isIdnHostname(longIdn)).isFalse();
        assertThat(Hostnames.isHostname("a".repeat(200_000))).isFalse();
        assertThat(System.nanoTime() - start).isLessThan(1_000_000_000L);
    }
}
