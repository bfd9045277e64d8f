package io.contractgate.quarantine;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.contractgate.admin.ApiException;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The draft of an impact preview as the text the contract compiler reads. */
class PreviewRequestTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static PreviewRequest request(String schemaJson) throws Exception {
        return new PreviewRequest("sensor1", schemaJson == null ? null : JSON.readTree(schemaJson));
    }

    @Test
    void shouldTakeAnObjectItsTextOrABooleanSchema() throws Exception {
        assertThat(request("{\"type\":\"object\"}").schemaText()).isEqualTo("{\"type\":\"object\"}");
        assertThat(request("\"{\\\"type\\\":\\\"object\\\"}\"").schemaText()).isEqualTo("{\"type\":\"object\"}");
        // false is the contract that refuses everything: "what if nothing passed" was answered "schema is required"
        assertThat(request("false").schemaText()).isEqualTo("false");
        assertThat(request("true").schemaText()).isEqualTo("true");
    }

    @Test
    void shouldRefuseAnotherKindOfValueSayingWhatItWas() throws Exception {
        assertThat(request(null).schemaText()).isNull();
        assertThat(request("null").schemaText()).isNull();
        for (String wrong : new String[] {"42", "[{\"type\":\"object\"}]"}) {
            assertThatThrownBy(() -> request(wrong).schemaText()).isInstanceOf(ApiException.class)
                    .hasMessageContaining("schema must be a JSON Schema").hasMessageContaining(wrong.startsWith("[") ? "an array" : "a number")
                    .satisfies(e -> assertThat(((ApiException) e).status()).isEqualTo(400))
                    .satisfies(e -> assertThat(((ApiException) e).field()).isEqualTo("schema"));
        }
    }
}
