package io.contractgate.web;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;

/** The dashboard's last hour: ring buffers of rates per mapping and status, with a fixed memory bound. */
class RateHistoryTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final long STEP_NANOS = RateHistory.STEP_SECONDS * 1_000_000_000L;
    private static final long T0 = 1_764_470_000_000L;

    private static Map<String, LiveFeed.Counts> one(String mapping, long validated, long failed) {
        return Map.of(mapping, new LiveFeed.Counts(validated, failed));
    }

    @Test
    void shouldTurnCumulativeCountersIntoRatesPerMappingAndStatus() throws Exception {
        RateHistory h = new RateHistory(0);
        h.add(T0, STEP_NANOS, one("a", 100, 10));
        h.add(T0 + 10_000, 2 * STEP_NANOS, one("a", 150, 10));
        JsonNode j = JSON.readTree(h.toJson());
        assertThat(j.path("stepSeconds").asInt()).isEqualTo(10);
        assertThat(j.path("capacity").asInt()).isEqualTo(360);
        assertThat(j.get("times")).extracting(JsonNode::asLong).containsExactly(T0, T0 + 10_000);
        assertThat(j.at("/mappings/0/mapping").asText()).isEqualTo("a");
        assertThat(j.at("/mappings/0/validated")).extracting(JsonNode::asDouble).containsExactly(10.0, 5.0);
        assertThat(j.at("/mappings/0/failed")).extracting(JsonNode::asDouble).containsExactly(1.0, 0.0);
        JsonNode latest = JSON.readTree(h.latestJson());
        assertThat(latest.path("at").asLong()).isEqualTo(T0 + 10_000);
        assertThat(latest.at("/mappings/0/validated").asDouble()).isEqualTo(5.0);
    }

    @Test
    void shouldKeepTheLastHourAndDropTheOldestPoints() throws Exception {
        RateHistory h = new RateHistory(0);
        for (int i = 1; i <= RateHistory.CAPACITY + 40; i++) {
            h.add(T0 + i * 10_000L, i * STEP_NANOS, one("a", 10L * i, 0)); // 1 msg/s
        }
        JsonNode j = JSON.readTree(h.toJson());
        assertThat(h.size()).isEqualTo(360);
        assertThat(j.get("times")).hasSize(360);
        assertThat(j.at("/times/0").asLong()).isEqualTo(T0 + 41 * 10_000L);
        assertThat(j.at("/times/359").asLong()).isEqualTo(T0 + 400 * 10_000L);
        assertThat(j.at("/mappings/0/validated")).hasSize(360).allSatisfy(r -> assertThat(r.asDouble()).isEqualTo(1.0));
    }

    @Test
    void shouldShowNothingForAMappingBeforeItsFirstMessage() throws Exception {
        RateHistory h = new RateHistory(0);
        h.add(T0, STEP_NANOS, one("a", 10, 0));
        h.add(T0 + 10_000, 2 * STEP_NANOS, Map.of("a", new LiveFeed.Counts(20, 0), "b", new LiveFeed.Counts(0, 30)));
        JsonNode j = JSON.readTree(h.toJson());
        assertThat(j.at("/mappings/1/mapping").asText()).isEqualTo("b");
        assertThat(j.at("/mappings/1/failed/0").isNull()).isTrue();
        assertThat(j.at("/mappings/1/failed/1").asDouble()).isEqualTo(3.0);
    }

    @Test
    void shouldBoundTheMappingsKeptAndCountTheRest() throws Exception {
        RateHistory h = new RateHistory(0);
        Map<String, LiveFeed.Counts> many = new TreeMap<>();
        for (int i = 0; i < RateHistory.MAX_MAPPINGS + 50; i++) {
            many.put(String.format("m%04d", i), new LiveFeed.Counts(i, 0));
        }
        h.add(T0, STEP_NANOS, many);
        JsonNode j = JSON.readTree(h.toJson());
        assertThat(j.get("mappings")).hasSize(RateHistory.MAX_MAPPINGS);
        assertThat(j.path("omittedMappings").asInt()).isEqualTo(50);
    }

    @Test
    void shouldAnswerAnEmptyHourBeforeTheFirstPoint() throws Exception {
        RateHistory h = new RateHistory(0);
        assertThat(h.latestJson()).isNull();
        JsonNode j = JSON.readTree(h.toJson());
        assertThat(j.get("times")).isEmpty();
        assertThat(j.get("mappings")).isEmpty();
    }

    @Test
    void shouldNeverShowANegativeRate() throws Exception {
        RateHistory h = new RateHistory(0);
        h.add(T0, STEP_NANOS, one("a", 100, 0));
        h.add(T0 + 10_000, 2 * STEP_NANOS, one("a", 40, 0)); // a counter that went back (never expected)
        assertThat(JSON.readTree(h.toJson()).at("/mappings/0/validated/1").asDouble()).isZero();
    }
}
