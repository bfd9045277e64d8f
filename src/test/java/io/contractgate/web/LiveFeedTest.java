package io.contractgate.web;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.contractgate.contract.ErrorType;
import io.contractgate.contract.Verdict;
import io.contractgate.contract.Violation;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The dashboard feed: counters, rates, top lists, and the sampling that bounds what reaches the browser. */
class LiveFeedTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final long SECOND = 1_000_000_000L;

    private static Verdict valid(String sensor) {
        return new Verdict(true, null, sensor, List.of());
    }

    private static Verdict failed(String sensor, Violation... vs) {
        return new Verdict(false, null, sensor, List.of(vs));
    }

    private static Violation v(String pointer, ErrorType type) {
        return new Violation(pointer, pointer.substring(pointer.lastIndexOf('/') + 1), type, "k", pointer + " is wrong", null, null);
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void countsRatesAndTopLists() throws Exception {
        LiveFeed feed = new LiveFeed(0);
        for (int i = 0; i < 30; i++) {
            feed.record("a", "t/a", valid("s" + i), bytes("{}"), null);
        }
        for (int i = 0; i < 10; i++) {
            feed.record("b", "t/b", failed("x", v("/temp", ErrorType.OUT_OF_RANGE), v("/hum", ErrorType.WRONG_TYPE)),
                    bytes("{}"), bytes("{\"primary_error\":\"out_of_range\"}"));
        }
        feed.record("b", "t/b", failed("y", v("", ErrorType.INVALID_JSON)), bytes("{"), bytes("{}"));

        JsonNode b = JSON.readTree(feed.batch(2 * SECOND));
        assertThat(b.at("/totals/validated").asLong()).isEqualTo(30);
        assertThat(b.at("/totals/failed").asLong()).isEqualTo(11);
        assertThat(b.at("/totals/failureRatio").asDouble()).isEqualTo(0.2683);
        assertThat(b.at("/totals/validatedRate").asDouble()).isEqualTo(15.0); // 30 in 2 s
        assertThat(b.at("/mappings/0/mapping").asText()).isEqualTo("a");
        assertThat(b.at("/mappings/1/failedRate").asDouble()).isEqualTo(5.5);
        // primary errors only: the first violation of each failed message
        assertThat(b.at("/topErrorTypes/0/errorType").asText()).isEqualTo("out_of_range");
        assertThat(b.at("/topErrorTypes/0/count").asLong()).isEqualTo(10);
        assertThat(b.at("/topErrorTypes/1/errorType").asText()).isEqualTo("invalid_json");
        assertThat(b.get("topErrorTypes")).hasSize(2);
        // every violation's field counts
        assertThat(b.at("/topFields/0/count").asLong()).isEqualTo(10);
        assertThat(List.of(b.at("/topFields/0/pointer").asText(), b.at("/topFields/1/pointer").asText()))
                .containsExactlyInAnyOrder("/temp", "/hum");
        assertThat(b.at("/topFields/2/pointer").asText()).isEqualTo("(payload)");

        assertThat(b.path("rateWindowSeconds").asDouble()).isEqualTo(10.0);

        // ten seconds later the rate covers the last 10 s only (from the batch at 2 s); totals keep counting
        feed.record("a", "t/a", valid("s"), bytes("{}"), null);
        JsonNode next = JSON.readTree(feed.batch(12 * SECOND));
        assertThat(next.at("/mappings/0/validatedRate").asDouble()).isEqualTo(0.1);
        assertThat(next.at("/mappings/1/failedRate").asDouble()).isEqualTo(0.0);
        assertThat(next.at("/totals/validated").asLong()).isEqualTo(31);
        assertThat(feed.counts()).containsEntry("a", new LiveFeed.Counts(31, 0)).containsEntry("b", new LiveFeed.Counts(0, 11));
    }

    @Test
    void aSteadyRateReadsSteadyAlthoughEachBatchCatchesOneMessageMoreOrLess() throws Exception {
        LiveFeed feed = new LiveFeed(0);
        List<Double> rates = new ArrayList<>();
        // 3 messages a second: batches of 500 ms alternately hold 1 and 2
        for (int tick = 1; tick <= 60; tick++) {
            for (int i = 0; i < (tick % 2 == 0 ? 2 : 1); i++) {
                feed.record("a", "t/a", valid("s"), bytes("{}"), null);
            }
            rates.add(JSON.readTree(feed.batch(tick * SECOND / 2)).at("/mappings/0/validatedRate").asDouble());
        }
        // per batch this read 2.0, 4.0, 2.0, ...; over the 10 s window it stays within 5 % of 3.0 once a window is full
        assertThat(rates.subList(20, 60)).allSatisfy(r -> assertThat(r).isBetween(2.85, 3.15));
    }

    @Test
    void shouldShowAFailureReportAsPublishedWithNumbersAsWritten() throws Exception {
        LiveFeed feed = new LiveFeed(0);
        String report = "{\"primary_error\":\"out_of_range\",\"errors\":[{\"pointer\":\"/h\",\"actual\":1e400}],"
                + "\"payload\":{\"h\":1e400,\"t\":1.50}}";
        feed.record("a", "t/a", failed("s", v("/h", ErrorType.OUT_OF_RANGE)), bytes("{\"h\":1e400,\"t\":1.50}"), bytes(report));
        // read into a tree and written again, the dashboard showed "actual": "Infinity" and 1.5
        assertThat(feed.batch(SECOND)).contains("\"report\":" + report);
    }

    @Test
    void atMostTheQuotaOfMessagesPerWindowIsSampledFailuresApart() throws Exception {
        LiveFeed feed = new LiveFeed(0);
        for (int i = 0; i < 10_000; i++) {
            feed.record("a", "t/a", valid("v" + i), bytes("{\"n\":" + i + "}"), null);
            if (i % 10 == 0) {
                feed.record("a", "t/a", failed("f" + i, v("/n", ErrorType.OUT_OF_RANGE)), bytes("{}"),
                        bytes("{\"primary_error\":\"out_of_range\",\"errors\":[]}"));
            }
        }
        JsonNode b = JSON.readTree(feed.batch(SECOND / 2));
        List<JsonNode> messages = new ArrayList<>();
        b.get("messages").forEach(messages::add);
        assertThat(messages.stream().filter(m -> m.path("verdict").asText().equals("validated")))
                .hasSize(LiveFeed.VALIDATED_PER_WINDOW);
        assertThat(messages.stream().filter(m -> m.path("verdict").asText().equals("failed")))
                .hasSize(LiveFeed.FAILED_PER_WINDOW)
                .allSatisfy(m -> {
                    assertThat(m.at("/report/primary_error").asText()).isEqualTo("out_of_range");
                    assertThat(m.path("primaryError").asText()).isEqualTo("out_of_range");
                    assertThat(m.has("payload")).isFalse();
                });
        assertThat(messages.get(0).path("payload").asText()).isEqualTo("{\"n\":0}");
        assertThat(b.at("/totals/validated").asLong()).isEqualTo(10_000);

        // a new window samples again; the recent ring keeps at most RECENT
        for (int w = 1; w <= 100; w++) {
            feed.record("a", "t/a", valid("w" + w), bytes("{}"), null);
            JsonNode next = JSON.readTree(feed.batch(SECOND / 2 + w * SECOND / 2));
            assertThat(next.get("messages")).hasSize(1);
            assertThat(next.at("/messages/0/sensorId").asText()).isEqualTo("w" + w);
        }
        assertThat(feed.recent()).hasSize(LiveFeed.RECENT);
        assertThat(feed.recent().get(LiveFeed.RECENT - 1).sensorId()).isEqualTo("w100");
    }

    @Test
    void aWatchedMessageIsSampledEvenWhenTheQuotaIsUsedUp() throws Exception {
        LiveFeed feed = new LiveFeed(0);
        feed.watch("t/a", bytes("{\"mine\":1}"), 0);
        for (int i = 0; i < 100; i++) {
            feed.record("a", "t/a", valid("busy"), bytes("{}"), null);
        }
        feed.record("a", "t/a", valid("me"), bytes("{\"mine\":1}"), null);
        feed.record("a", "t/a", valid("me-again"), bytes("{\"mine\":1}"), null); // once only
        JsonNode b = JSON.readTree(feed.batch(SECOND / 2));
        assertThat(b.get("messages").findValuesAsText("sensorId"))
                .containsExactly("busy", "busy", "busy", "busy", "me");

        // a watch nobody matched expires
        feed.watch("t/b", bytes("x"), SECOND);
        feed.batch(SECOND + WatchList.WATCH_NANOS + 1);
        for (int i = 0; i < LiveFeed.VALIDATED_PER_WINDOW; i++) {
            feed.record("b", "t/b", valid("fill"), bytes("{}"), null);
        }
        feed.record("b", "t/b", valid("late"), bytes("x"), null);
        assertThat(JSON.readTree(feed.batch(2 * SECOND + WatchList.WATCH_NANOS)).get("messages").findValuesAsText("sensorId"))
                .doesNotContain("late");
    }

    @Test
    void fieldCountersAreBounded() throws Exception {
        LiveFeed feed = new LiveFeed(0);
        for (int i = 0; i < LiveFeed.MAX_FIELD_KEYS + 500; i++) {
            feed.record("a", "t", failed("x", v("/random" + i, ErrorType.UNEXPECTED_FIELD)), bytes("{}"), bytes("{}"));
        }
        JsonNode b = JSON.readTree(feed.batch(SECOND));
        assertThat(b.get("topFields")).hasSize(8);
        assertThat(b.path("otherFieldViolations").asLong()).isEqualTo(500);
    }

    @Test
    void fieldsWithHugeNamesFromHostilePayloadsCountAsOtherFieldsAndStayOutOfTheEvent() throws Exception {
        LiveFeed feed = new LiveFeed(0);
        for (int i = 0; i < LiveFeed.MAX_FIELD_KEYS; i++) {
            String key = "/" + i + "x".repeat(20_000);
            feed.record("a", "t", failed("x", v(key, ErrorType.UNEXPECTED_FIELD)), bytes("{}"), null);
        }
        feed.record("a", "t", failed("x", v("/short", ErrorType.UNEXPECTED_FIELD)), bytes("{}"), null);
        String event = feed.batch(SECOND);
        JsonNode b = JSON.readTree(event);
        assertThat(b.get("topFields").findValuesAsText("pointer")).containsExactly("/short");
        assertThat(b.path("otherFieldViolations").asLong()).isEqualTo(LiveFeed.MAX_FIELD_KEYS);
        assertThat(event.length()).isLessThan(16 * 1024);
    }

    @Test
    void aMessageFromOutsideAMappingIsIgnored() throws Exception {
        LiveFeed feed = new LiveFeed(0);
        feed.record(null, "t", valid("x"), bytes("{}"), null);
        feed.record("a", "t", null, bytes("{}"), null);
        JsonNode b = JSON.readTree(feed.batch(SECOND));
        assertThat(b.at("/totals/validated").asLong()).isZero();
        assertThat(b.get("messages")).isEmpty();
    }
}
