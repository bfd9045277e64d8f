package io.contractgate.web;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.contractgate.contract.Contract;
import io.contractgate.contract.ContractCompiler;
import io.contractgate.contract.InvalidContractException;
import io.contractgate.contract.PayloadValidator;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The admin page's new-contract templates (web/assets/contract-templates.json) follow the conventions every shipped
 * contract follows (ConventionsTest: $id matching the id, title, description) and compile with the gateway's own
 * compiler once the page has put the id in.
 */
class ContractTemplatesTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Path FILE = Path.of("web/assets/contract-templates.json");

    static List<JsonNode> templates() throws Exception {
        List<JsonNode> out = new ArrayList<>();
        JSON.readTree(FILE.toFile()).path("templates").forEach(out::add);
        return out;
    }

    /** What web/assets/admin.js does: every {id} in the template's text becomes the contract's id. */
    private static String withId(JsonNode template, String id) throws Exception {
        return JSON.writerWithDefaultPrettyPrinter().writeValueAsString(template.get("schema")).replace("{id}", id);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("templates")
    void shouldFollowTheContractConventionsOnceTheIdIsIn(JsonNode template) throws Exception {
        assertThat(template.path("key").asText()).isNotBlank();
        assertThat(template.path("name").asText()).isNotBlank();
        JsonNode schema = JSON.readTree(withId(template, "tank-level"));
        assertThat(schema.path("$id").asText()).matches(".*[:/]" + Pattern.quote("tank-level") + "(\\.schema\\.json)?");
        assertThat(schema.path("title").asText()).isNotBlank();
        assertThat(schema.path("description").asText()).isNotBlank();
        assertThat(schema.toString()).doesNotContain("{id}");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("templates")
    void shouldCompileWithTheGatewaysCompilerAndJudgeAnEmptyPayload(JsonNode template) throws Exception {
        Contract contract = new ContractCompiler().compile("tank-level", withId(template, "tank-level"));
        // an object template accepts an object that has what it requires, and refuses a non-object
        boolean empty = template.at("/schema/required").isEmpty();
        assertThat(new PayloadValidator().validate("{}".getBytes(), contract, "sensor_id").valid()).isEqualTo(empty);
        assertThat(new PayloadValidator().validate("42".getBytes(), contract, "sensor_id").valid()).isFalse();
    }

    @org.junit.jupiter.api.Test
    void shouldOfferSeveralTemplatesWithDistinctKeys() throws Exception {
        List<JsonNode> all = templates();
        assertThat(all).hasSizeGreaterThanOrEqualTo(3);
        assertThat(all.stream().map(t -> t.path("key").asText()).distinct()).hasSize(all.size());
        assertThatThrownBy(() -> new ContractCompiler().compile("x", "{\"type\": 12}")).isInstanceOf(InvalidContractException.class);
    }
}
