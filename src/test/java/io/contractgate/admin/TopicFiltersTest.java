package io.contractgate.admin;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class TopicFiltersTest {

    @Test
    void filtersFollowTheMqttWildcardRules() {
        assertThat(TopicFilters.filterProblem("sensors/+")).isNull();
        assertThat(TopicFilters.filterProblem("sensors/#")).isNull();
        assertThat(TopicFilters.filterProblem("#")).isNull();
        assertThat(TopicFilters.filterProblem("+/x/+")).isNull();
        assertThat(TopicFilters.filterProblem("a/#/b")).contains("last");
        assertThat(TopicFilters.filterProblem("a/b#")).contains("'#'");
        assertThat(TopicFilters.filterProblem("a/b+")).contains("'+'");
        assertThat(TopicFilters.filterProblem("")).contains("empty");
        assertThat(TopicFilters.filterProblem("a\u0000b")).contains("control");
        assertThat(TopicFilters.filterProblem("a/{{x}}")).contains("placeholder");
        assertThat(TopicFilters.filterProblem("$share/g/a")).contains("shared");
        assertThat(TopicFilters.filterProblem("a".repeat(2000))).contains("bytes");
    }

    @Test
    void outputTopicsHaveNoWildcards() {
        assertThat(TopicFilters.outputPatternProblem("{topic}/validated")).isNull();
        assertThat(TopicFilters.outputPatternProblem("out/fixed")).isNull();
        assertThat(TopicFilters.outputPatternProblem("out/+")).contains("wildcards");
        assertThat(TopicFilters.outputPatternProblem("out/#")).contains("wildcards");
        assertThat(TopicFilters.outputPatternProblem("{topic}/{topic}")).contains("once");
        assertThat(TopicFilters.outputPatternProblem("{other}/x")).contains("braces");
        assertThat(TopicFilters.outputPatternProblem("$SYS/x")).contains("reserved");
    }

    @Test
    void matchingFollowsTheSpec() {
        assertThat(TopicFilters.matches("sensors/+", "sensors/a")).isTrue();
        assertThat(TopicFilters.matches("sensors/+", "sensors/a/validated")).isFalse();
        assertThat(TopicFilters.matches("sensors/#", "sensors")).isTrue();
        assertThat(TopicFilters.matches("sensors/#", "sensors/a/b")).isTrue();
        assertThat(TopicFilters.matches("+/+", "a/b")).isTrue();
        assertThat(TopicFilters.matches("#", "$SYS/x")).isFalse();
        assertThat(TopicFilters.matches("a/b", "a/b/c")).isFalse();
    }

    @Test
    void loopsAreFoundWithTheTopicToken() {
        // sensors/x/validated does not match sensors/+: no loop
        assertThat(TopicFilters.outputCanMatch("sensors/+", "{topic}/validated", "sensors/+")).isFalse();
        // sensors/x/validated matches sensors/#: every output is consumed again
        assertThat(TopicFilters.outputCanMatch("sensors/#", "{topic}/validated", "sensors/#")).isTrue();
        assertThat(TopicFilters.outputCanMatch("sensors/+", "sensors/all", "sensors/+")).isTrue();
        assertThat(TopicFilters.outputCanMatch("a/b", "{topic}", "a/b")).isTrue();
        assertThat(TopicFilters.outputCanMatch("+/+", "{topic}x", "+/+")).isTrue();
        assertThat(TopicFilters.outputCanMatch("in/+", "out/{topic}", "in/+")).isFalse();
        // another mapping's filter: in/x/validated feeds in/+/validated
        assertThat(TopicFilters.outputCanMatch("in/+", "{topic}/validated", "in/+/validated")).isTrue();
    }

    @Test
    void shouldTellWhetherAnOutputPatternPublishesToAConcreteTopic() {
        assertThat(TopicFilters.outputCanProduce("sensors/+", "{topic}/validated", "sensors/s1/validated")).isTrue();
        assertThat(TopicFilters.outputCanProduce("sensors/+", "{topic}/validated", "sensors/a/b/validated")).isFalse();
        assertThat(TopicFilters.outputCanProduce("plant/#", "out/{topic}", "out/plant/a/b")).isTrue();
        assertThat(TopicFilters.outputCanProduce("plant/#", "out/{topic}", "out/other")).isFalse();
        assertThat(TopicFilters.outputCanProduce("in/x", "all/validated", "all/validated")).isTrue();
        assertThat(TopicFilters.outputCanProduce("in/x", "{topic}/validated", "/validated")).isFalse();
        assertThat(TopicFilters.outputCanProduce("in/x", "{topic}/validated", "in/x")).isFalse();
    }
}
