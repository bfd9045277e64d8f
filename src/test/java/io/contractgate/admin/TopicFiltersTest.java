package io.contractgate.admin;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

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
    void shouldFindALoopWhereOnlySomeTopicsOfAWildcardFeedBack() {
        // a/a/z -> a/a/a/z -> a/a/a/a/z ... each output matches +/a/# again: one message republished without end
        // (2,525 messages in 7 s from one publish); the sample topic x/a/z -> a/x/a/z hid it
        assertThat(TopicFilters.outputCanMatch("+/a/#", "a/{topic}", "+/a/#")).isTrue();
        assertThat(TopicFilters.outputCanMatch("+/b", "a/{topic}", "+/+/c")).isFalse();
        // another mapping: plant/line1 -> plant/line1/v is consumed by plant/line1/v, which the sample plant/x missed
        assertThat(TopicFilters.outputCanMatch("plant/+", "{topic}/v", "plant/line1/v")).isTrue();
        assertThat(TopicFilters.outputCanMatch("plant/+", "{topic}/v", "plant/line1/w")).isFalse();
        // the token glued into a level: pre-a/x can only come from the a/x topics of +/x
        assertThat(TopicFilters.outputCanMatch("+/x", "pre-{topic}", "pre-a/x")).isTrue();
        assertThat(TopicFilters.outputCanMatch("+/x", "pre-{topic}", "pre-a/y")).isFalse();
        // '+' and '#' at the first level never match a topic starting with '$'
        assertThat(TopicFilters.outputCanMatch("$SYS/#", "{topic}/v", "#")).isFalse();
        assertThat(TopicFilters.outputCanMatch("$SYS/#", "{topic}/v", "$SYS/+/v")).isTrue();
        assertThat(TopicFilters.outputCanMatch("#", "{topic}/v", "$SYS/x/v")).isFalse();
        assertThat(TopicFilters.outputCanMatch("a/#", "{topic}", "a")).isTrue();
    }

    @Test
    void shouldAgreeWithEveryTopicOfASmallAlphabetOnWhetherAnOutputIsConsumed() {
        List<String> topics = new ArrayList<>();
        List<String> filters = new ArrayList<>(List.of("#"));
        List<String> levels = List.of("a", "b", "", "$"); // '$' stands for '+' in filters
        for (int n = 1; n <= 4; n++) {
            for (int k = 0; k < Math.pow(levels.size(), n); k++) {
                StringBuilder t = new StringBuilder();
                for (int i = 0, r = k; i < n; i++, r /= levels.size()) {
                    t.append(i > 0 ? "/" : "").append(levels.get(r % levels.size()));
                }
                topics.add(t.toString());
                if (n <= 3) {
                    String f = t.toString().replace("$", "+");
                    filters.addAll(List.of(f, f + "/#"));
                }
            }
        }
        List<String> patterns = List.of("a/{topic}", "{topic}/a", "{topic}", "a{topic}", "{topic}b/", "$a/{topic}", "a/b");
        for (String source : filters) {
            List<String> fed = topics.stream().filter(t -> TopicFilters.matches(source, t)).toList();
            for (String pattern : patterns) {
                for (String other : filters) {
                    boolean consumed = fed.stream().map(t -> pattern.replace(TopicFilters.TOKEN, t))
                            .anyMatch(out -> TopicFilters.matches(other, out));
                    assertThat(TopicFilters.outputCanMatch(source, pattern, other))
                            .as("%s with %s into %s", source, pattern, other).isEqualTo(consumed);
                }
            }
        }
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
