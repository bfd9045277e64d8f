package io.contractgate.contract;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Nested combinators over shared definitions are refused at save before the engine multiplies them out. */
class FanOutTest {

    /** {@code levels} levels of anyOf, each of two references to the level below: 2^levels paths to the bottom. */
    private static String doubling(int levels, String idPrefix) {
        StringBuilder defs = new StringBuilder("\"d0\":{\"type\":\"integer\"}");
        for (int i = 1; i <= levels; i++) {
            defs.append(",\"d").append(i).append("\":{\"anyOf\":[{\"$ref\":\"#/$defs/d").append(i - 1)
                    .append("\"},{\"allOf\":[{\"$ref\":\"#/$defs/d").append(i - 1).append("\"}]}]}");
        }
        return "{" + idPrefix + "\"$defs\":{" + defs + "},\"$ref\":\"#/$defs/d" + levels + "\"}";
    }

    @Test
    void shouldRefuseCombinatorsThatMultiplyThroughSharedDefinitions() {
        // before: 1 KB with 15 levels compiled in 11 s, then its first string message ran the 128 MB heap out;
        // 20 levels ran it out at save
        for (int levels : new int[]{12, 20, 60}) {
            assertThatThrownBy(() -> new ContractCompiler().compile("deep", doubling(levels, "")))
                    .as("%d levels", levels)
                    .isInstanceOf(InvalidContractException.class)
                    .hasMessageContaining("contract 'deep' checks one value against")
                    .hasMessageContaining("more than 1000");
        }
        Contract seven = new ContractCompiler().compile("seven", doubling(7, ""));
        assertThat(new PayloadValidator().validate("\"x\"".getBytes(StandardCharsets.UTF_8), seven, null).valid()).isFalse();
        assertThat(new PayloadValidator().validate("1".getBytes(StandardCharsets.UTF_8), seven, null).valid()).isTrue();
    }

    @Test
    void shouldCountWhatAReferencedContractAddsAndKeepOrdinaryContracts() {
        String b = doubling(7, "\"$id\":\"urn:contract-gateway:contract:b\",");
        Map<String, String> store = Map.of("b", b);
        ContractCompiler compiler = new ContractCompiler(new ContractReferences(
                iri -> iri.equals("urn:contract-gateway:contract:b") ? Optional.of(b) : Optional.empty(),
                id -> Optional.ofNullable(store.get(id))));

        assertThat(compiler.compile("b", b)).isNotNull();
        assertThatThrownBy(() -> compiler.compile("a", "{\"anyOf\":[{\"$ref\":\"b.schema.json\"},"
                + "{\"not\":{\"$ref\":\"urn:contract-gateway:contract:b\"}}]}"))
                .hasMessageContaining("contract 'a' checks one value against");
        assertThat(compiler.compile("v", "{\"oneOf\":[" + "{\"$ref\":\"#/$defs/v\"},".repeat(20)
                + "{\"const\":0}],\"$defs\":{\"v\":{\"type\":\"object\",\"required\":[\"id\"]}}}")).isNotNull();
        assertThat(compiler.compile("m", "{\"$ref\":\"https://json-schema.org/draft/2020-12/schema\"}")).isNotNull();
    }

    @Test
    void shouldCountWhatABundledMetaSchemaAdds() {
        // 400 references to the 2020-12 meta-schema in one anyOf: 5 s per 192 KB message, out of memory on a 3 KB one
        String meta = "{\"$ref\":\"https://json-schema.org/draft/2020-12/schema\"},";
        assertThatThrownBy(() -> new ContractCompiler().compile("metas", "{\"anyOf\":[" + meta.repeat(100) + "{\"const\":0}]}"))
                .hasMessageContaining("contract 'metas' checks one value against");
        assertThat(new ContractCompiler().compile("metas", "{\"anyOf\":[" + meta.repeat(10) + "{\"const\":0}]}")).isNotNull();
    }
}
