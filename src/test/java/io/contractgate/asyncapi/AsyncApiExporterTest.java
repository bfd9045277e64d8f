package io.contractgate.asyncapi;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The AsyncAPI document without a gateway: server from the broker URL, channels, embedded contracts. */
class AsyncApiExporterTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private final AsyncApiExporter exporter = new AsyncApiExporter("test");

    /** The document of one channel whose contract "c" is {@code contract}, with the embedded broker. */
    private JsonNode exportC(AsyncApiExporter.Channel channel, JsonNode contract) {
        return exporter.build(List.of(channel), Map.of("c", contract), new AsyncApiExporter.Broker("", "localhost", 1883));
    }

    @Test
    void shouldNameHostAndProtocolButNeverCredentials() {
        JsonNode doc = exporter.build(List.of(), Map.of(),
                new AsyncApiExporter.Broker("ssl://gw:s3cret@broker.example.com:8883", "127.0.0.1", 1883));
        assertThat(doc.at("/servers/broker/host").asText()).isEqualTo("broker.example.com:8883");
        assertThat(doc.at("/servers/broker/protocol").asText()).isEqualTo("secure-mqtt");
        assertThat(doc.toString()).doesNotContain("s3cret").doesNotContain("gw:");
        JsonNode embedded = exporter.build(List.of(), Map.of(), new AsyncApiExporter.Broker("", "127.0.0.1", 1884));
        assertThat(embedded.at("/servers/broker/host").asText()).isEqualTo("127.0.0.1:1884");
        assertThat(embedded.at("/servers/broker/protocol").asText()).isEqualTo("mqtt");
        JsonNode plain = exporter.build(List.of(), Map.of(), new AsyncApiExporter.Broker("tcp://mq", "x", 1));
        assertThat(plain.at("/servers/broker/host").asText()).isEqualTo("mq:1883");
    }

    @Test
    void shouldResolveOutputPatternsAndRebaseLocalRefsOfEmbeddedContracts() throws Exception {
        JsonNode contract = JSON.readTree("{\"$schema\":\"https://json-schema.org/draft/2020-12/schema\",\"$id\":\"urn:x\","
                + "\"$defs\":{\"t\":{\"type\":\"number\"}},\"properties\":{\"t\":{\"$ref\":\"#/$defs/t\"}}}");
        JsonNode doc = exportC(new AsyncApiExporter.Channel("m 1", "plant/+/temp", "c", "ok/{topic}", "bad", false), contract);
        assertThat(doc.at("/channels/m_1.source/address").asText()).isEqualTo("plant/+/temp");
        assertThat(doc.at("/channels/m_1.source/description").asText()).contains("disabled");
        assertThat(doc.at("/channels/m_1.validated/address").asText()).isEqualTo("ok/plant/+/temp");
        assertThat(doc.at("/channels/m_1.failed/address").asText()).isEqualTo("bad");
        assertThat(doc.at("/components/schemas/c/properties/t/$ref").asText()).isEqualTo("#/components/schemas/c/$defs/t");
        assertThat(doc.at("/components/schemas/c").has("$schema")).isFalse();
        assertThat(contract.at("/properties/t/$ref").asText()).as("the input is not changed").isEqualTo("#/$defs/t");
        assertThat(AsyncApiExporter.yaml(doc)).startsWith("asyncapi: 3.0.0");
    }

    @Test
    void shouldPointARefToAnAnchorAtTheAnchoredSchemaInsideTheComponent() throws Exception {
        // "#V" became "#/components/schemas/cV": a reference to nothing in the exported document
        JsonNode contract = JSON.readTree("{\"$defs\":{\"val\":{\"$anchor\":\"V\",\"type\":\"number\"}},"
                + "\"properties\":{\"v\":{\"$ref\":\"#V\"},\"w\":{\"$ref\":\"#\"},\"x\":{\"$ref\":\"#Unknown\"}}}");
        JsonNode doc = exportC(new AsyncApiExporter.Channel("m", "a/+", "c", "{topic}/ok", "{topic}/bad", true), contract);
        assertThat(doc.at("/components/schemas/c/properties/v/$ref").asText()).isEqualTo("#/components/schemas/c/$defs/val");
        assertThat(doc.at(doc.at("/components/schemas/c/properties/v/$ref").asText().substring(1)).path("type").asText())
                .isEqualTo("number");
        assertThat(doc.at("/components/schemas/c/properties/w/$ref").asText()).isEqualTo("#/components/schemas/c");
        assertThat(doc.at("/components/schemas/c/properties/x/$ref").asText()).as("an anchor the contract lacks is kept")
                .isEqualTo("#Unknown");
    }
}
