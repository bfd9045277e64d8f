package io.contractgate.quarantine;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RedriveRequestTest {

    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    private static String refusedField(RedriveRequest r) {
        try {
            r.selection();
        } catch (QuarantineFilter.BadFilter e) {
            return e.field();
        }
        throw new AssertionError("accepted " + r);
    }

    @Test
    void shouldRefuseARequestThatNamesNothingInsteadOfReDrivingEverything() {
        // before: {}, no body, "ids": [] and a filter of empty values each started a job over every quarantined message
        assertThat(refusedField(RedriveRequest.EMPTY)).isEqualTo("filter");
        assertThat(refusedField(new RedriveRequest(Map.of(), null, true, null))).isEqualTo("filter");
        assertThat(refusedField(new RedriveRequest(Map.of("mapping", JSON.textNode(" "), "ids", JSON.textNode(",")),
                null, null, false))).isEqualTo("filter");
        assertThat(refusedField(new RedriveRequest(null, List.of(), null, null))).isEqualTo("ids");
        assertThatThrownBy(RedriveRequest.EMPTY::selection).hasMessageContaining("\"all\": true");
    }

    @Test
    void shouldTakeEverythingOnlyWhenAskedWithAllTrueAndNothingElse() {
        assertThat(new RedriveRequest(null, null, null, true).selection()).isEqualTo(QuarantineFilter.ALL);
        assertThat(refusedField(new RedriveRequest(Map.of("mapping", JSON.textNode("m")), null, null, true)))
                .isEqualTo("all");
        assertThat(refusedField(new RedriveRequest(null, List.of(3L), null, true))).isEqualTo("all");
    }

    @Test
    void shouldSelectByFilterAndIds() {
        QuarantineFilter f = new RedriveRequest(Map.of("mapping", JSON.textNode("m")), List.of(3L, 4L), null, null)
                .selection();
        assertThat(f.mapping()).isEqualTo("m");
        assertThat(f.ids()).containsExactly(3L, 4L);
        assertThat(new RedriveRequest(Map.of("from", JSON.numberNode(20L)), null, false, null).selection().from())
                .isEqualTo(20L);
    }

    @Test
    void shouldRefuseAFilterValueThatIsNoStringOrNumberNamingIt() {
        // before: {"mapping": {"a": 1}} was read as the text {"a":1}: a job over nothing, reported as done
        Map<String, JsonNode> filter = Map.of("mapping", JSON.objectNode().put("a", 1));
        assertThat(refusedField(new RedriveRequest(filter, null, null, null))).isEqualTo("mapping");
        assertThat(refusedField(new RedriveRequest(Map.of("ids", JSON.arrayNode().add(1)), null, null, null)))
                .isEqualTo("ids");
    }

    @Test
    void shouldRefuseStatusRedrivenWithoutForceRatherThanTakeTheQuarantinedOnes() {
        // before: without force the job replaced status=redriven by status=quarantined, and re-drove those instead
        Map<String, JsonNode> redriven = Map.of("status", JSON.textNode("redriven"));
        assertThat(refusedField(new RedriveRequest(redriven, null, null, null))).isEqualTo("force");
        assertThat(new RedriveRequest(redriven, null, true, null).selection().status()).isEqualTo("redriven");
    }

    @Test
    void shouldKeepTheLimitOnIds() {
        List<Long> many = java.util.stream.LongStream.rangeClosed(1, QuarantineFilter.MAX_IDS + 1).boxed().toList();
        assertThat(refusedField(new RedriveRequest(null, many, null, null))).isEqualTo("ids");
    }
}
