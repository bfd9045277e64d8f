package io.contractgate.fleet;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ApplyPlanTest {

    @Test
    void shouldPlanNothingBetweenEqualStates() {
        Map<String, String> s = Map.of("mapping/a", "m", "contract/c", "c");
        assertThat(ApplyPlan.between(s, Map.copyOf(s))).isEmpty();
        assertThat(ApplyPlan.describe(List.of())).isEqualTo("no change");
    }

    @Test
    void shouldPutHistoryBeforeContractsBeforeMappingsAndRemoveInTheReverseOrder() {
        Map<String, String> current = Map.of(
                "mapping/old", "old mapping",
                "contract/gone", "gone contract",
                "history/gone/1.schema.json", "v1",
                "broker", "qos=0");
        Map<String, String> target = Map.of(
                "mapping/new", "new mapping",
                "contract/fresh", "fresh contract",
                "history/fresh/1.schema.json", "v1",
                "history/fresh/index.jsonl", "{}",
                "broker", "qos=1");

        List<String> steps = ApplyPlan.between(current, target).stream().map(ApplyPlan.Step::toString).toList();

        assertThat(steps).containsExactly(
                "put history/fresh/1.schema.json",
                "put history/fresh/index.jsonl",
                "put contract/fresh",
                "remove mapping/old",
                "put mapping/new",
                "remove contract/gone",
                "put broker",
                "remove history/gone/1.schema.json");
    }

    @Test
    void shouldCarryTheTargetTextAndMarkRemovals() {
        List<ApplyPlan.Step> steps = ApplyPlan.between(Map.of("contract/a", "old", "contract/b", "b"),
                Map.of("contract/a", "new"));

        assertThat(steps).hasSize(2);
        assertThat(steps.get(0).key()).isEqualTo(StateKey.contract("a"));
        assertThat(steps.get(0).text()).isEqualTo("new");
        assertThat(steps.get(0).removal()).isFalse();
        assertThat(steps.get(1).key()).isEqualTo(StateKey.contract("b"));
        assertThat(steps.get(1).removal()).isTrue();
    }

    @Test
    void shouldRefuseKeysThatWouldEscapeTheConfigurationFolders() {
        for (String bad : List.of("mapping/../../etc/passwd", "contract/..", "history/a/../../x", "history/a/b.txt",
                "routes/admin-api", "mapping/", "broker/x", "contract/a/b")) {
            assertThatThrownBy(() -> ApplyPlan.between(Map.of(), Map.of(bad, "x")))
                    .as(bad)
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("not a shared configuration key");
        }
    }

    @Test
    void shouldParseEveryKeyItPrints() {
        for (String k : List.of("mapping/sensor1", "contract/sensor-1.v2", "history/s/12.schema.json",
                "history/s/index.jsonl", "history/s/compatibility.json", "broker")) {
            assertThat(StateKey.parse(k).toString()).isEqualTo(k);
        }
    }

    @Test
    void shouldSayWhichOfAStartingGatewaysOwnFilesTheSharedConfigurationReplaces() {
        Map<String, String> local = Map.of("contract/sensor1", "edited by hand", "mapping/local-only", "m",
                "history/sensor1/index.jsonl", "{}");
        Map<String, String> shared = Map.of("contract/sensor1", "the fleet's", "mapping/sensor2", "m2",
                "history/sensor1/index.jsonl", "{\"v\":2}");

        String warning = ApplyPlan.overridden(local, ApplyPlan.between(local, shared));

        assertThat(warning).contains("wins at start").contains("put contract/sensor1").contains("remove mapping/local-only")
                .doesNotContain("mapping/sensor2").doesNotContain("history").contains("StateCli import");
    }

    @Test
    void shouldNotWarnWhenTheSharedConfigurationOnlyAddsWhatAGatewayLacked() {
        Map<String, String> shared = Map.of("contract/sensor1", "c", "mapping/sensor1", "m");

        assertThat(ApplyPlan.overridden(Map.of(), ApplyPlan.between(Map.of(), shared))).isNull();
    }
}
