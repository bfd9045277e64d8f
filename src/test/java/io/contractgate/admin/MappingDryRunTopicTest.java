package io.contractgate.admin;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** Which topic a dry run on a mapping checks a message as arriving on (ContractTrials.topicFor). */
class MappingDryRunTopicTest {

    private static Mapping mapping(String filter) {
        return new Mapping("tank", filter, "tank", Mapping.DEFAULT_VALIDATED, Mapping.DEFAULT_FAILED,
                Mapping.DEFAULT_SENSOR_FIELD, true);
    }

    @Test
    void shouldUseAConcreteTopicTheFilterMatches() {
        assertThat(ContractTrials.topicFor(mapping("plant/+/level"), "plant/north/level")).isEqualTo("plant/north/level");
        assertThat(ContractTrials.topicFor(mapping("plant/#"), "plant/a/b")).isEqualTo("plant/a/b");
    }

    @Test
    void shouldUseTheFilterItselfWhenItHasNoWildcardsAndNoTopicIsGiven() {
        assertThat(ContractTrials.topicFor(mapping("sensors/sensor1"), null)).isEqualTo("sensors/sensor1");
        assertThat(ContractTrials.topicFor(mapping("sensors/sensor1"), " ")).isEqualTo("sensors/sensor1");
    }

    @Test
    void shouldRefuseATopicTheMappingDoesNotConsumeNamingTheTopicField() {
        ApiException e = catchThrowableOfType(ApiException.class,
                () -> ContractTrials.topicFor(mapping("plant/+/level"), "plant/north/pressure"));
        assertThat(e.status()).isEqualTo(400);
        assertThat(e.field()).isEqualTo("topic");
        assertThat(e.getMessage()).contains("does not consume 'plant/north/pressure'").contains("plant/+/level");
    }

    @Test
    void shouldRefuseWildcardsAndReservedTopics() {
        ApiException wildcard = catchThrowableOfType(ApiException.class,
                () -> ContractTrials.topicFor(mapping("plant/+/level"), "plant/+/level"));
        assertThat(wildcard.field()).isEqualTo("topic");
        assertThat(wildcard.getMessage()).contains("concrete topic");
        ApiException reserved = catchThrowableOfType(ApiException.class,
                () -> ContractTrials.topicFor(mapping("#"), "$SYS/x"));
        assertThat(reserved.field()).isEqualTo("topic");
    }

    @Test
    void shouldAskForAConcreteTopicWhenTheFilterHasWildcards() {
        ApiException e = catchThrowableOfType(ApiException.class, () -> ContractTrials.topicFor(mapping("plant/+/level"), null));
        assertThat(e.status()).isEqualTo(400);
        assertThat(e.field()).isEqualTo("topic");
        assertThat(e.getMessage()).contains("plant/+/level").contains("e.g. 'plant/x/level'");
    }

    private static Mapping mapping(String id, String filter, String contract, boolean enabled) {
        return new Mapping(id, filter, contract, Mapping.DEFAULT_VALIDATED, Mapping.DEFAULT_FAILED,
                Mapping.DEFAULT_SENSOR_FIELD, enabled);
    }

    @Test
    void aContractDryRunWithoutMappingStandsForAnEnabledConcreteMappingOfThatContract() {
        // before: the first by id, here the disabled wildcard mapping line3, and the made-up topic "dry-run"
        java.util.List<Mapping> all = java.util.List.of(
                mapping("line3", "line/+/temp", "sensor1", false),
                mapping("a-wild", "plant/#", "sensor1", true),
                mapping("sensor1", "sensors/sensor1", "sensor1", true),
                mapping("other", "sensors/other", "sensor2", true));

        assertThat(ContractTrials.defaultMapping(all, "sensor1").id()).isEqualTo("sensor1");
        assertThat(ContractTrials.defaultMapping(all.subList(0, 2), "sensor1").id()).isEqualTo("a-wild");
        assertThat(ContractTrials.defaultMapping(all, "nobody")).isNull();
    }
}
