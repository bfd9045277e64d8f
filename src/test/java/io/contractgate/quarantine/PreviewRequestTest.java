package io.contractgate.quarantine;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.contractgate.admin.ApiException;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PreviewRequestTest {

    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    @Test
    void shouldTakeTheDraftAsAnObjectOrAsText() {
        assertThat(new PreviewRequest("m", JSON.objectNode().put("type", "object")).schemaText())
                .isEqualTo("{\"type\":\"object\"}");
        assertThat(new PreviewRequest("m", JSON.textNode("{ \"type\": \"object\" }")).schemaText())
                .isEqualTo("{ \"type\": \"object\" }");
        assertThat(new PreviewRequest("m", null).schemaText()).isNull();
    }

    @Test
    void shouldRefuseADraftThatIsNeitherSayingWhatWasSent() {
        // before: "schema": [] or 42 was answered "schema is required", as if the draft had been left out
        assertThatThrownBy(() -> new PreviewRequest("m", JSON.arrayNode()).schemaText())
                .isInstanceOf(ApiException.class).hasMessageContaining("was array")
                .matches(e -> ((ApiException) e).status() == 400 && "schema".equals(((ApiException) e).field()));
        assertThatThrownBy(() -> new PreviewRequest("m", JSON.numberNode(42)).schemaText())
                .hasMessageContaining("was number");
    }
}
