package io.contractgate.quarantine;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class QuarantineFilterTest {

    private static QuarantineFilter f(Map<String, String> p) {
        return QuarantineFilter.from(p::get);
    }

    @Test
    void shouldBuildOneConditionWithItsParameters() {
        List<Object> args = new ArrayList<>();
        String where = f(Map.of("mapping", "m", "errorType", "out_of_range", "field", "/a_b", "from",
                "2026-11-30T00:00:00Z", "ids", "3, 4")).where(args);
        assertThat(where).contains("mapping_id = ?", "error_types LIKE ? ESCAPE '!'", "pointers LIKE ?",
                "received_at >= ?", "id IN (?,?)");
        assertThat(args).contains("m", "%\nout!_of!_range\n%", "%\n/a!_b\n%", 1795996800000L, 3L, 4L);
    }

    @Test
    void shouldRefuseBadParametersNamingThem() {
        assertThatThrownBy(() -> f(Map.of("field", "temperature"))).isInstanceOf(QuarantineFilter.BadFilter.class)
                .matches(e -> ((QuarantineFilter.BadFilter) e).field().equals("field"));
        assertThatThrownBy(() -> f(Map.of("from", "yesterday")))
                .matches(e -> ((QuarantineFilter.BadFilter) e).field().equals("from"));
        assertThatThrownBy(() -> f(Map.of("from", "20", "to", "10")))
                .matches(e -> ((QuarantineFilter.BadFilter) e).field().equals("to"));
        assertThatThrownBy(() -> f(Map.of("status", "gone")))
                .matches(e -> ((QuarantineFilter.BadFilter) e).field().equals("status"));
        assertThatThrownBy(() -> f(Map.of("errorType", "DROP TABLE")))
                .matches(e -> ((QuarantineFilter.BadFilter) e).field().equals("errorType"));
        assertThatThrownBy(() -> f(Map.of("ids", "1,x")))
                .matches(e -> ((QuarantineFilter.BadFilter) e).field().equals("ids"));
    }

    @Test
    void shouldFindAContractVersionAsTheAdminPageListsItAndRefuseOneThatNoRowCanHave() {
        // before: the quarantine list shows "d20964456246"; pasted into the filter it silently matched nothing
        assertThat(f(Map.of("contractVersion", "d20964456246")).contractVersion()).isEqualTo("sha256:d20964456246");
        assertThat(f(Map.of("contractVersion", "sha256:D20964456246")).contractVersion()).isEqualTo("sha256:d20964456246");
        assertThatThrownBy(() -> f(Map.of("contractVersion", "v2")))
                .isInstanceOf(QuarantineFilter.BadFilter.class).hasMessageContaining("sha256:")
                .matches(e -> ((QuarantineFilter.BadFilter) e).field().equals("contractVersion"));
        assertThatThrownBy(() -> QuarantineFilter.fromBody(Map.of("contractVersion", "sha256:d2096445")))
                .matches(e -> ((QuarantineFilter.BadFilter) e).field().equals("contractVersion"));
    }

    @Test
    void shouldRefuseAFilterNameItDoesNotReadInABodyInsteadOfSelectingEverything() {
        // before: {"filter": {"sensor_id": "s-1"}} re-drove every quarantined message
        assertThatThrownBy(() -> QuarantineFilter.fromBody(Map.of("sensor_id", "s-1")))
                .isInstanceOf(QuarantineFilter.BadFilter.class)
                .hasMessageContaining("unknown filter 'sensor_id'").hasMessageContaining("sensorId")
                .matches(e -> ((QuarantineFilter.BadFilter) e).field().equals("filter"));
        assertThat(QuarantineFilter.fromBody(Map.of("sensorId", "s-1")).sensorId()).isEqualTo("s-1");
    }

    @Test
    void shouldRoundTripThroughItsParameters() {
        QuarantineFilter a = f(Map.of("mapping", "m", "sensorId", "s", "to", "2026-11-30T00:00:00Z", "ids", "1,2"));
        QuarantineFilter b = QuarantineFilter.from(a.asParameters()::get);
        assertThat(b).isEqualTo(a);
    }

    @Test
    void shouldNameAQueryParameterItDoesNotRead() {
        assertThat(QuarantineFilter.unknownQueryName("mapping=m&sensorId=s&limit=5", List.of("limit", "before"))).isEmpty();
        assertThat(QuarantineFilter.unknownQueryName("mapping=m&sensor_id=s", List.of("limit"))).contains("sensor_id");
        assertThat(QuarantineFilter.unknownQueryName("sensor%5Fid=s", List.of())).contains("sensor_id");
        assertThat(QuarantineFilter.unknownQueryName("flag&mapping=m", List.of())).contains("flag");
        assertThat(QuarantineFilter.unknownQueryName(null, List.of())).isEmpty();
        assertThat(QuarantineFilter.unknownQueryName("&&", List.of())).isEmpty();
    }

    @Test
    void shouldNameAQueryParameterGivenTwice() {
        // the server joined the two values into '[a, b]', which selected nothing: an empty listing, not a 400
        assertThat(QuarantineFilter.repeatedQueryName("mapping=a&limit=5&mapping=b")).contains("mapping");
        assertThat(QuarantineFilter.repeatedQueryName("mapping=a&ma%70ping=b")).contains("mapping");
        assertThat(QuarantineFilter.repeatedQueryName("mapping=a&limit=5&before=9")).isEmpty();
        assertThat(QuarantineFilter.repeatedQueryName(null)).isEmpty();
    }

    @Test
    void shouldRefuseATimeBeyondWhatMillisecondsHoldNamingItRatherThanFailing() {
        // before: a valid ISO-8601 instant past the year 292,278,994 threw ArithmeticException, answered with a 500
        for (String t : List.of("+1000000000-12-31T23:59:59Z", "-1000000000-01-01T00:00:00Z")) {
            assertThatThrownBy(() -> f(Map.of("from", t))).isInstanceOf(QuarantineFilter.BadFilter.class)
                    .matches(e -> ((QuarantineFilter.BadFilter) e).field().equals("from"));
            assertThatThrownBy(() -> f(Map.of("to", t)))
                    .matches(e -> ((QuarantineFilter.BadFilter) e).field().equals("to"));
        }
    }
}
