package io.contractgate.asyncapi;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Reading AsyncAPI documents into planned mappings and contracts, without a gateway. */
class AsyncApiImporterTest {

    private final AsyncApiImporter importer = new AsyncApiImporter();

    private static JsonNode doc(String yaml) {
        return AsyncApiImporter.parse(yaml.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void shouldReadTheExportBackAsItsSourceChannelsOnly() {
        AsyncApiExporter exporter = new AsyncApiExporter("t");
        JsonNode contract = doc("{\"$defs\":{\"t\":{\"type\":\"number\"}},\"properties\":{\"t\":{\"$ref\":\"#/$defs/t\"}}}");
        JsonNode exported = exporter.build(List.of(new AsyncApiExporter.Channel("m1", "a/+", "c1", "{topic}/ok", "{topic}/bad", true)),
                Map.of("c1", contract), new AsyncApiExporter.Broker("", "localhost", 1883));
        AsyncApiImporter.Plan plan = importer.plan(exported);
        assertThat(plan.mappings()).singleElement().satisfies(m -> {
            assertThat(m.id()).isEqualTo("m1");
            assertThat(m.sourceTopic()).isEqualTo("a/+");
            assertThat(m.contractId()).isEqualTo("c1");
        });
        assertThat(plan.contracts()).singleElement().satisfies(c -> assertThat(c.schema()).isEqualTo(contract));
        assertThat(plan.skipped()).extracting(AsyncApiImporter.Skipped::channel).containsExactlyInAnyOrder("m1.validated", "m1.failed");
    }

    @Test
    void shouldSkipWhatAMappingCannotCheckAndRefuseOtherVersions() {
        AsyncApiImporter.Plan plan = importer.plan(doc("""
                asyncapi: 3.0.0
                channels:
                  two: {address: x/y, messages: {a: {payload: {type: object}}, b: {payload: {type: object}}}}
                  none: {address: x/z}
                  avro: {address: x/a, messages: {a: {payload: {schemaFormat: application/vnd.apache.avro;version=1.9.0, schema: {}}}}}
                  "weird id!": {address: "q/{p}/r", messages: {a: {payload: {type: object}}}}
                """));
        assertThat(plan.skipped()).extracting(AsyncApiImporter.Skipped::channel).containsExactlyInAnyOrder("two", "none", "avro");
        assertThat(plan.mappings()).singleElement().satisfies(m -> {
            assertThat(m.id()).isEqualTo("weird-id-");
            assertThat(m.sourceTopic()).isEqualTo("q/+/r");
        });
        assertThatThrownBy(() -> importer.plan(doc("asyncapi: 2.6.0"))).hasMessageContaining("only AsyncAPI 3.x");
        assertThatThrownBy(() -> AsyncApiImporter.parse("[1".getBytes())).hasMessageContaining("neither JSON nor YAML");
    }
    @Test
    void shouldRefuseAReferenceThatPointsNowhereInsteadOfPlanningAContractThatAcceptsEverything() {
        // a misspelt component name became the contract {} (or a {} definition): every message validated
        assertThatThrownBy(() -> importer.plan(doc("""
                asyncapi: 3.0.0
                channels:
                  ch1: {address: a/b, messages: {m: {payload: {$ref: '#/components/schemas/Readng'}}}}
                components: {schemas: {Reading: {type: object, required: [t]}}}
                """))).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("channel ch1").hasMessageContaining("#/components/schemas/Readng").hasMessageContaining("points nowhere");
        assertThatThrownBy(() -> importer.plan(doc("""
                asyncapi: 3.0.0
                channels:
                  ch1: {address: a/b, messages: {m: {payload: {type: object, properties: {x: {$ref: '#/components/schemas/Nope'}}}}}}
                """))).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("channel ch1").hasMessageContaining("#/components/schemas/Nope");
        assertThatThrownBy(() -> importer.plan(doc("""
                asyncapi: 3.0.0
                channels:
                  ch1: {$ref: '#anchor'}
                """))).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("channel ch1").hasMessageContaining("'#anchor' is not a JSON pointer");
    }

    @Test
    void shouldRefuseAYamlAliasNamingItInsteadOfReadingItsNameAsText() {
        // aliases are not expanded (no alias bomb), but one was read as its own name: `const: *mode` planned the
        // contract {"const": "mode"}, and a merge key `<<: *base` a channel with "no address"
        assertThatThrownBy(() -> AsyncApiImporter.parse("""
                asyncapi: 3.0.0
                x-modes: {m1: &mode "on"}
                channels:
                  ch1: {address: a/b, messages: {m: {payload: {const: *mode}}}}
                """.getBytes(StandardCharsets.UTF_8))).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("alias *mode").hasMessageContaining("line 4");
        assertThat(AsyncApiImporter.parse("{\"asyncapi\": \"3.0.0\", \"x\": \"*not-an-alias\"}".getBytes(StandardCharsets.UTF_8))
                .path("x").asText()).isEqualTo("*not-an-alias");
    }

    @Test
    void shouldRefuseMoreChannelsThanOneImportChecksInReasonableTime() {
        StringBuilder b = new StringBuilder("asyncapi: 3.0.0\nchannels:\n");
        for (int i = 0; i <= AsyncApiImporter.MAX_CHANNELS; i++) {
            b.append("  c").append(i).append(": {address: t/").append(i).append(", messages: {m: {payload: {type: object}}}}\n");
        }
        assertThatThrownBy(() -> importer.plan(doc(b.toString())))
                .hasMessageContaining("1001 channels").hasMessageContaining("at most 1000");
    }
    @Test
    void shouldRefuseADocumentWhoseChannelsCopyOneComponentBeyondTheLimit() {
        // 500 channels each referring to one 1,000-property component: 500 copies, a million values planned (a 976 KB
        // document of 1,000 channels and a 900 KB component ran the 128 MB heap out on a dry run)
        assertThatThrownBy(() -> importer.plan(doc(sharingOneComponent(500))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("more than 250000 JSON values")
                .hasMessageContaining("import fewer channels at once");
        assertThat(importer.plan(doc(sharingOneComponent(100))).contracts()).hasSize(100);
    }

    /** An AsyncAPI document of {@code channels} channels whose messages all carry one 1,000-property component. */
    private static String sharingOneComponent(int channels) {
        StringBuilder b = new StringBuilder("{\"asyncapi\":\"3.0.0\",\"channels\":{");
        for (int i = 0; i < channels; i++) {
            b.append(i == 0 ? "" : ",").append("\"c").append(i).append("\":{\"address\":\"t/").append(i)
                    .append("\",\"messages\":{\"m\":{\"name\":\"M").append(i)
                    .append("\",\"payload\":{\"$ref\":\"#/components/schemas/Big\"}}}}");
        }
        b.append("},\"components\":{\"schemas\":{\"Big\":{\"properties\":{");
        for (int i = 0; i < 1000; i++) {
            b.append(i == 0 ? "" : ",").append("\"p").append(i).append("\":{\"type\":\"string\"}");
        }
        return b.append("}}}}}").toString();
    }

    @Test
    void shouldNotGiveAChannelTheContractOfAnotherMessageOfTheSameName() {
        // before: both mappings planned with c1's contract, so every message on p/two would have failed it
        AsyncApiImporter.Plan plan = importer.plan(doc("""
                asyncapi: 3.0.0
                channels:
                  c1: {address: p/one, messages: {m: {name: reading, payload: {required: [t]}}}}
                  c2: {address: p/two, messages: {m: {name: reading, payload: {required: [level]}}}}
                  c3: {address: p/three, messages: {m: {name: reading, payload: {required: [t]}}}}
                """));
        assertThat(plan.contracts()).singleElement().satisfies(c -> assertThat(c.channel()).isEqualTo("c1"));
        assertThat(plan.mappings()).extracting(AsyncApiImporter.PlannedMapping::id).containsExactly("c1", "c3");
        assertThat(plan.skipped()).singleElement().satisfies(x -> {
            assertThat(x.channel()).isEqualTo("c2");
            assertThat(x.reason()).contains("reading").contains("c1").contains("its own name");
        });
    }
}
