package io.contractgate.admin;

import com.fasterxml.jackson.core.JacksonException;
import io.contractgate.quarantine.RedriveRequest;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The REST API's error answers without a CamelContext: request bodies read with the binding's mapper
 * ({@link RestJson}) and every failure turned into {@code {"error", "field"}} as routes/rest-errors.camel.yaml does.
 */
class RestErrorsTest {

    private static RestErrors.Answer read(String body, Class<?> type) {
        try {
            RestJson.strict().readValue(body, type);
        } catch (JacksonException e) {
            return RestErrors.unreadable(e);
        }
        throw new AssertionError("the binding accepted " + body);
    }

    @Test
    void shouldAnswerAnUnknownApiPathWith404AndAKnownOneWithAnotherVerbWith405() {
        java.util.Map<String, java.util.Set<String>> endpoints = java.util.Map.of(
                "/api/mappings", java.util.Set.of("GET", "POST"), "/api/mappings/:id", java.util.Set.of("GET", "PUT"));

        RestErrors.Answer unknown = RestErrors.unmatched("GET", "/api/nope", endpoints);
        assertThat(unknown.status()).isEqualTo(404);
        assertThat(unknown.body()).containsEntry("field", "path");
        assertThat((String) unknown.body().get("error")).startsWith("no such API endpoint: GET /api/nope");
        assertThat(RestErrors.unmatched("GET", "/api/mappings/m1/x", endpoints).status()).isEqualTo(404);
        assertThat(RestErrors.unmatched("GET", "/api/mappings/", endpoints).status()).isEqualTo(404);
        assertThat((String) RestErrors.unmatched("GET", "/api/" + "x".repeat(5000), endpoints).body().get("error"))
                .hasSizeLessThan(400);

        RestErrors.Answer wrongVerb = RestErrors.unmatched("PATCH", "/api/mappings/m1", endpoints);
        assertThat(wrongVerb.status()).isEqualTo(405);
        assertThat(wrongVerb.body()).containsEntry("field", "method")
                .containsEntry("error", "PATCH is not allowed on /api/mappings/m1 (allowed: GET, HEAD, PUT)");
        // HEAD wherever GET is, and only there
        assertThat(RestErrors.allowed("/api/mappings", endpoints)).containsExactly("GET", "HEAD", "POST");
        assertThat(RestErrors.allowed("/api/x", java.util.Map.of("/api/x", java.util.Set.of("POST")))).containsExactly("POST");
    }

    @Test
    void shouldNameAnUnknownFieldAndListTheAllowedOnes() {
        RestErrors.Answer a = read("{\"id\":\"m\",\"sourceTopic\":\"a/+\",\"colour\":\"red\"}", MappingRequest.class);
        assertThat(a.status()).isEqualTo(400);
        assertThat(a.body()).containsEntry("field", "colour");
        assertThat((String) a.body().get("error")).contains("unknown field 'colour'").contains("sourceTopic")
                .doesNotContain("io.contractgate"); // no class names of the gateway
    }

    @Test
    void shouldNameAWronglyTypedFieldWithoutCoercingIt() {
        assertThat(read("{\"enabled\":\"yes\"}", MappingRequest.class).body())
                .containsEntry("field", "enabled").containsEntry("error", "enabled must be true or false");
        assertThat(read("{\"enabled\":\"true\"}", MappingRequest.class).body()).containsEntry("field", "enabled");
        assertThat(read("{\"sourceTopic\":5}", MappingRequest.class).body())
                .containsEntry("field", "sourceTopic").containsEntry("error", "sourceTopic must be a string");
        assertThat(read("{\"level\":[\"FULL\"]}", CompatibilityRequest.class).body()).containsEntry("field", "level");
    }

    @Test
    void shouldNameANestedFieldByItsPath() {
        assertThat(read("{\"ids\":[1,\"two\"]}", RedriveRequest.class).body())
                .containsEntry("field", "ids[1]").containsEntry("error", "ids[1] must be a whole number");
        assertThat(read("{\"ids\":[1.5]}", RedriveRequest.class).body()).containsEntry("field", "ids[0]");
        assertThat(read("{\"filter\":\"mapping=x\"}", RedriveRequest.class).body())
                .containsEntry("field", "filter").containsEntry("error", "filter must be a JSON object");
        assertThat(read("{\"force\":\"yes\"}", RedriveRequest.class).body()).containsEntry("field", "force");
    }

    @Test
    void shouldRefuseAFieldNamedTwiceInsteadOfTakingTheLastOne() {
        // before: {"id":"d1","id":"d2"} created mapping d2
        RestErrors.Answer a = read("{\"id\":\"d1\",\"id\":\"d2\",\"sourceTopic\":\"a/+\",\"contractId\":\"c\"}",
                MappingRequest.class);
        assertThat(a.status()).isEqualTo(400);
        assertThat((String) a.body().get("error")).contains("Duplicate field 'id'");
        assertThat(read("{\"filter\":{\"mapping\":\"a\",\"mapping\":\"b\"}}", RedriveRequest.class).status())
                .isEqualTo(400);
    }

    @Test
    void shouldCallABodyThatIsNoJsonObjectOrNoJsonAtAllTheBody() {
        assertThat(read("[1]", MappingRequest.class).body())
                .containsEntry("field", "body").containsEntry("error", "the request body must be a JSON object");
        RestErrors.Answer notJson = read("not json", MappingRequest.class);
        assertThat(notJson.body()).containsEntry("field", "body");
        assertThat((String) notJson.body().get("error")).startsWith("the request body is not valid JSON: ")
                .doesNotContain("\n");
        assertThat(read("{\"id\":\"a\"} {}", MappingRequest.class).body()).containsEntry("field", "body");
    }

    @Test
    void shouldKeepARefusalsStatusFieldAndReasons() {
        RestErrors.Answer a = RestErrors.refused(new ApiException(409, "breaks BACKWARD", "schema", List.of("removed x")));
        assertThat(a.status()).isEqualTo(409);
        assertThat(a.body()).containsEntry("error", "breaks BACKWARD").containsEntry("field", "schema")
                .containsEntry("reasons", List.of("removed x"));
        assertThat(RestErrors.refused(ApiException.notFound("id", "no mapping 'x'")).body()).doesNotContainKey("reasons");
    }

    @Test
    void shouldAnswerAChangeRefusedByAFullDiskWith507NamingTheFile() {
        ApiException full = ApiException.notSaved(new java.io.UncheckedIOException("cannot write schemas/c.schema.json",
                new java.io.IOException("No space left on device")), "the change was not made");
        assertThat(full.status()).isEqualTo(507);
        assertThat(full.getMessage())
                .isEqualTo("cannot write schemas/c.schema.json: No space left on device; the change was not made");
        // as Files.createFile reports it: a FileSystemException with its reason
        assertThat(ApiException.notSaved(new java.io.UncheckedIOException("cannot write x", new java.nio.file
                .FileSystemException("x", null, "Disk quota exceeded")), "nothing changed").status()).isEqualTo(507);
        assertThat(ApiException.notSaved(new java.io.UncheckedIOException("cannot write x",
                new java.nio.file.AccessDeniedException("x")), "nothing changed").status()).isEqualTo(500);
    }

    @Test
    void shouldAnswerAnUnexpectedFailureWith500AndNothingOfItsCause() {
        RestErrors.Answer a = RestErrors.failed();
        assertThat(a.status()).isEqualTo(500);
        assertThat(a.body()).containsOnlyKeys("error");
    }

    @Test
    void shouldReadAValidRequestWithDefaultsForWhatIsLeftOut() throws Exception {
        Mapping m = RestJson.strict().readValue("{\"id\":\"m1\",\"sourceTopic\":\"a/+\",\"contractId\":\"c\"}",
                MappingRequest.class).toMapping(null);
        assertThat(m).isEqualTo(new Mapping("m1", "a/+", "c", Mapping.DEFAULT_VALIDATED, Mapping.DEFAULT_FAILED,
                Mapping.DEFAULT_SENSOR_FIELD, true));
    }
}
