package io.contractgate.contract;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class SiblingRefsTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static JsonNode read(String s) throws Exception {
        return JSON.readTree(s.replace('\'', '"'));
    }

    @Test
    void shouldResolveARefBesideAnIdAgainstThatId() throws Exception {
        JsonNode in = read("{'$id':'https://x.example/a/base.json','$defs':{'foo':{'$id':'nested/foo.json','$ref':'./bar.json'},"
                + "'frag':{'$id':'other.json','$ref':'#/$defs/z'}}}");
        JsonNode out = SiblingRefs.absolutize(in);
        assertThat(out.at("/$defs/foo/$ref").asText()).isEqualTo("https://x.example/a/nested/bar.json");
        assertThat(out.at("/$defs/frag/$ref").asText()).as("fragment-only: the engine's own").isEqualTo("#/$defs/z");
        assertThat(in.at("/$defs/foo/$ref").asText()).as("the saved schema is not changed").isEqualTo("./bar.json");
    }

    @Test
    void shouldLeaveRefsWithoutASiblingIdDataAndUnknownBasesAlone() throws Exception {
        JsonNode noSibling = read("{'$id':'https://x.example/base.json','properties':{'a':{'$ref':'b.json'}}}");
        assertThat(SiblingRefs.absolutize(noSibling)).isSameAs(noSibling);
        JsonNode data = read("{'$id':'https://x.example/base.json','const':{'$id':'d.json','$ref':'e.json'}}");
        assertThat(SiblingRefs.absolutize(data).at("/const/$ref").asText()).isEqualTo("e.json");
        JsonNode relativeRoot = read("{'$id':'base.json','$ref':'other.json'}");
        assertThat(SiblingRefs.absolutize(relativeRoot).at("/$ref").asText()).as("no absolute base").isEqualTo("other.json");
        JsonNode urn = read("{'$id':'urn:example:root','$ref':'other.json'}");
        assertThat(SiblingRefs.absolutize(urn).at("/$ref").asText()).isEqualTo("other.json");
    }
}
