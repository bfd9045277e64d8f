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
}
