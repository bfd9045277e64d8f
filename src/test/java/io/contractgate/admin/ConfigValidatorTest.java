package io.contractgate.admin;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ConfigValidatorTest {

    static final Set<String> CONTRACTS = Set.of("c1", "c2");
    static final Mapping S1 = new Mapping("s1", "sensors/s1", "c1", "{topic}/validated", "{topic}/failed", "sensor_id", true);

    static Mapping m(String id, String source, String validated) {
        return new Mapping(id, source, "c1", validated, "{topic}/failed", "sensor_id", true);
    }

    static void refused(Mapping m, String field) {
        assertThatThrownBy(() -> ConfigValidator.validateMapping(m, List.of(S1), CONTRACTS))
                .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.field()).isEqualTo(field));
    }

    @Test
    void acceptsAGoodMapping() {
        ConfigValidator.validateMapping(m("s2", "sensors/+/raw", "{topic}/validated"), List.of(S1), CONTRACTS);
        ConfigValidator.validateMapping(S1, List.of(S1), CONTRACTS); // replacing itself
    }

    @Test
    void idsAreSafeFileNames() {
        assertThat(ConfigValidator.requireId("id", "a-b_c.1")).isEqualTo("a-b_c.1");
        for (String bad : List.of("..", "a..b", "../x", "a/b", "a\\b", ".hidden", "-x", "a b", "a\nb", "x".repeat(65), "")) {
            assertThatThrownBy(() -> ConfigValidator.requireId("id", bad)).isInstanceOf(ApiException.class)
                    .hasFieldOrPropertyWithValue("status", 400);
        }
        refused(m("validated", "x/+", "{topic}/v"), "id");
    }

    @Test
    void refusesBadTopicsLoopsAndUnknownContracts() {
        refused(m("x", "a/#/b", "{topic}/validated"), "sourceTopic");
        refused(m("x", "loop/#", "{topic}/validated"), "validatedTopic");
        refused(m("x", "in/+", "out/+"), "validatedTopic");
        refused(m("x", "feed/+", "sensors/s1"), "validatedTopic"); // would feed mapping s1
        refused(m("x", "sensors/s1/+", "{topic}/v"), "sourceTopic"); // would consume s1's outputs
        refused(m("x", "sensors/s1", "{topic}/v"), "sourceTopic"); // already consumed by s1
        refused(new Mapping("x", "in/+", "nope", "{topic}/v", "{topic}/f", "sensor_id", true), "contractId");
        refused(new Mapping("x", "in/+", "c1", "{topic}/v", "{topic}/v", "sensor_id", true), "failedTopic");
        refused(new Mapping("x", "in/+", "c1", "{topic}/v", "{topic}/f", "#bean:x", true), "sensorIdField");
    }

    static String refusal(Mapping m, List<Mapping> others) {
        try {
            ConfigValidator.validateMapping(m, others, CONTRACTS);
        } catch (ApiException e) {
            return e.getMessage();
        }
        throw new AssertionError("not refused: " + m);
    }

    @Test
    void shouldSayWhatToDoAboutALoop() {
        Mapping tank = new Mapping("tank", "plant/+/level", "c1", "{topic}/validated", "{topic}/failed", "sensor_id", true);
        // the form's default output under a '#' filter: an output outside the filter that passes is suggested
        assertThat(refusal(new Mapping("x", "loop/#", "c1", "{topic}/validated", "failed/{topic}", "sensor_id", true), List.of(S1)))
                .contains("(a loop); choose a topic outside every mapping's filter, e.g. 'validated/{topic}'");
        assertThat(refusal(new Mapping("x", "loop/#", "c1", "validated/{topic}", "{topic}/failed", "sensor_id", true), List.of(S1)))
                .contains("e.g. 'failed/{topic}'");
        // validated/{topic} would feed a mapping on validated/#: no suggestion that fails too
        Mapping wide = new Mapping("v", "validated/#", "c1", "out/{topic}", "bad/{topic}", "sensor_id", true);
        assertThat(refusal(m("x", "loop/#", "{topic}/validated"), List.of(S1, wide)))
                .contains("narrow sourceTopic 'loop/#' so that its outputs fall outside every mapping's filter");
        assertThat(refusal(m("x", "feed/+", "sensors/s1"), List.of(S1)))
                .contains("publishes into sourceTopic 'sensors/s1' of mapping 's1' (a loop); choose a topic outside")
                .contains("'validated/{topic}'");
        // a filter that would take another mapping's outputs names them
        assertThat(refusal(new Mapping("x", "plant/line4/#", "c1", "validated/{topic}", "failed/{topic}", "sensor_id", true),
                List.of(tank)))
                .isEqualTo("sourceTopic 'plant/line4/#' would consume the outputs of mapping 'tank'"
                        + " ('plant/+/level/validated'), a loop: narrow the filter so it leaves them out, or move that"
                        + " mapping's output topics");
    }

    @Test
    void refusesASourceTopicTheMqttEndpointWouldReadAsAnotherFilter() {
        // the filter is the path of the route's endpoint URI, which Camel percent-decodes: loop/%23 subscribed to
        // loop/#, so its own {topic}/validated outputs came back (1,800 republishes of one message in 3 s)
        for (String filter : List.of("loop/%23", "p%41q", "a?b", "a\u2028b", "a\u00a0b", "a\u3000b", "a\u0085b")) {
            refused(m("x", filter, "{topic}/validated"), "sourceTopic");
        }
        // ASCII space and other characters a URI must escape are taken as they are
        ConfigValidator.validateMapping(m("x", "in <b>\"x\"</b>/+", "{topic}/v"), List.of(S1), CONTRACTS);
    }

    @Test
    void printableCutsAtTwoHundredCharactersWithoutHalvingAPair() {
        assertThat(ConfigValidator.printable("a".repeat(199) + "\uD83D\uDE00x")).isEqualTo("a".repeat(199));
        assertThat(ConfigValidator.printable("a\nb")).isEqualTo("a\\u000ab");
    }
}
