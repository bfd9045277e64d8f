package io.contractgate.influx;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.TextNode;
import io.contractgate.contract.ContractCompiler;
import io.contractgate.contract.ErrorType;
import io.contractgate.contract.PayloadValidator;
import io.contractgate.contract.Verdict;
import io.contractgate.contract.Violation;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Message to InfluxDB point, checked on the exact line protocol the client sends. */
class PointMapperTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private final PointMapper mapper = new PointMapper("mqtt_messages", "timestamp", 16);

    private static Verdict valid(String json, String sensor) throws Exception {
        return new Verdict(true, JSON.readTree(json), sensor, List.of());
    }

    @Test
    void validatedMessageHasOneFieldPerScalarAndThePayloadTime() throws Exception {
        String json = "{\"sensor_id\":\"s1-1\",\"timestamp\":\"2026-01-01T10:00:00.123456789Z\",\"temperature\":21,"
                + "\"ok\":true,\"loc\":{\"lat\":1.5,\"tags\":[1,2],\"deep\":{\"x\":\"y\"}},\"list\":[1,2],"
                + "\"nothing\":null,\"status\":\"warn\",\"time\":3,\"_id\":\"z\"}";
        String lp = mapper.toPoint("sensor1", "sensors/sensor1", valid(json, "s1-1"), json.getBytes(), 1L)
                .toLineProtocol();
        assertThat(lp).isEqualTo("mqtt_messages,mapping=sensor1,sensor_id=s1-1,status=validated,topic=sensors/sensor1 "
                + "loc.deep.x=\"y\",loc.lat=1.5,ok=true,payload_id=\"z\",status_value=\"warn\",temperature=21.0,"
                + "time_value=3.0 1767261600123456789");
    }

    @Test
    void failedMessageCarriesTheReportSummaryAndTruncatedPayload() {
        byte[] payload = "{\"temperature\":200,\"humidity\":\"wet\"}".getBytes(StandardCharsets.UTF_8);
        Verdict v = new Verdict(false, null, "s1-2", List.of(
                new Violation("/humidity", "humidity", ErrorType.WRONG_TYPE, "type", "not a number", "number",
                        new TextNode("wet")),
                new Violation("/temperature", "temperature", ErrorType.OUT_OF_RANGE, "maximum", "too high", "<= 85",
                        null)));
        String lp = mapper.toPoint("sensor1", "sensors/sensor1", v, payload, 1_000L).toLineProtocol();
        assertThat(lp).startsWith("mqtt_messages,mapping=sensor1,sensor_id=s1-2,status=failed,topic=sensors/sensor1 ")
                .contains("error_count=2i")
                .contains("primary_error=\"wrong_type\"")
                .contains("payload=\"{\\\"temperature\\\":2\"") // the first 16 chars
                .contains("payload_bytes=36i")
                .contains("errors=\"[{\\\"pointer\\\":\\\"/humidity\\\"")
                .contains("\\\"error_type\\\":\\\"out_of_range\\\"")
                .endsWith(" 1000");
    }

    @Test
    void unparseableOrMissingTimestampUsesStrictlyIncreasingReceiveTime() throws Exception {
        String bad = "{\"timestamp\":\"yesterday\",\"v\":1}";
        String a = mapper.toPoint("m", "t", valid(bad, null), bad.getBytes(), 5_000L).toLineProtocol();
        String b = mapper.toPoint("m", "t", valid("{\"v\":2}", null), new byte[0], 5_000L).toLineProtocol();
        assertThat(a).contains("timestamp_unparsed=\"yesterday\"").endsWith(" 5000");
        assertThat(b).endsWith(" 5001"); // same receive time: one nanosecond later, so no point overwrites another
        assertThat(a).doesNotContain("sensor_id=");
    }

    @Test
    void offsetTimestampsAreConvertedAndLocalOnesRejected() {
        assertThat(PointMapper.parseTime(new TextNode("2026-01-01T11:00:00+01:00")))
                .isEqualTo(1767261600_000_000_000L);
        assertThat(PointMapper.parseTime(new TextNode("2026-01-01T10:00:00"))).isEqualTo(Long.MIN_VALUE);
        assertThat(PointMapper.parseTime(null)).isEqualTo(Long.MIN_VALUE);
        assertThat(PointMapper.parseTime(JSON.getNodeFactory().numberNode(5))).isEqualTo(Long.MIN_VALUE);
    }

    @Test
    void aPayloadWithoutScalarsStillMakesAPoint() throws Exception {
        String json = "{\"list\":[1,2,3]}";
        String lp = mapper.toPoint("m", "t", valid(json, null), json.getBytes(), 7L).toLineProtocol();
        assertThat(lp).isEqualTo("mqtt_messages,mapping=m,status=validated,topic=t payload_bytes=16i 7");
        JsonNode scalar = JSON.readTree("42");
        assertThat(mapper.toPoint("m", "t", new Verdict(true, scalar, null, List.of()), "42".getBytes(), 8L)
                .toLineProtocol()).contains("value=42.0");
    }

    @Test
    void shouldRecordTheVerdictOfANonObjectPayloadWithoutASensorTag() throws Exception {
        // an array root: validated, no sensor_id tag, the point still records the verdict
        Verdict ok = new PayloadValidator().validate("[20.5,21]".getBytes(StandardCharsets.UTF_8),
                new ContractCompiler().compile("c", "{\"type\":\"array\"}"), "sensor_id");
        assertThat(mapper.toPoint("m", "t", ok, "[20.5,21]".getBytes(), 10L).toLineProtocol())
                .isEqualTo("mqtt_messages,mapping=m,status=validated,topic=t payload_bytes=9i 10");
        Verdict bad = new PayloadValidator().validate("\"x\"".getBytes(StandardCharsets.UTF_8),
                new ContractCompiler().compile("c", "{\"type\":\"integer\"}"), "sensor_id");
        String lp = mapper.toPoint("m", "t", bad, "\"x\"".getBytes(), 11L).toLineProtocol();
        assertThat(lp).startsWith("mqtt_messages,mapping=m,status=failed,topic=t ")
                .contains("primary_error=\"wrong_type\"").doesNotContain("sensor_id");
    }

    @Test
    void lineBreaksInStringsStayOnOneLine() throws Exception {
        String json = "{\"note\":\"a\\nb\"}";
        String lp = mapper.toPoint("m", "t", valid(json, null), json.getBytes(), 9L).toLineProtocol();
        assertThat(lp).doesNotContain("\n").contains("note=\"a\\\\nb\"");
        assertThat(InfluxWriteStats.lines(lp + "\n" + lp)).isEqualTo(2);
    }

    @Test
    void shouldParseCanonicalUtcTimestampsExactlyAsJavaTimeDoes() {
        java.util.Random r = new java.util.Random(7);
        for (int i = 0; i < 20_000; i++) {
            java.time.Instant t = java.time.Instant.ofEpochSecond(r.nextInt(2_000_000_000) * (r.nextBoolean() ? 1L : -1L),
                    r.nextInt(4) == 0 ? 0 : r.nextInt(1_000_000_000));
            String text = t.toString(); // canonical form: fraction of 0, 3, 6 or 9 digits
            long expected = t.getEpochSecond() * 1_000_000_000L + t.getNano();
            assertThat(PointMapper.parseUtcFast(text)).as(text).isEqualTo(expected);
            assertThat(PointMapper.parseTime(new TextNode(text))).as(text).isEqualTo(expected);
        }
        assertThat(PointMapper.parseUtcFast("2026-11-27T10:15:30.5Z")).isEqualTo(
                java.time.Instant.parse("2026-11-27T10:15:30.5Z").toEpochMilli() * 1_000_000L);
    }

    @Test
    void shouldLeaveAnythingElseToTheFullParser() {
        for (String bad : new String[]{"2026-02-30T00:00:00Z", "2026-13-01T00:00:00Z", "2026-01-01T24:00:00Z",
                "2026-01-01T00:60:00Z", "2026-01-01T00:00:00.Z", "2026-01-01T00:00:00.1234567890Z", "2026-01-01 00:00:00Z",
                "2026-01-01T0a:00:00Z", "+2026-01-01T00:00:00Z", "2026-01-01T00:00:00+01:00", "1500-01-01T00:00:00Z"}) {
            assertThat(PointMapper.parseUtcFast(bad)).as(bad).isEqualTo(Long.MIN_VALUE);
        }
        assertThat(PointMapper.parseTime(new TextNode("2026-02-30T00:00:00Z"))).isEqualTo(Long.MIN_VALUE);
    }

    /**
     * The tag keys of one line as InfluxDB reads them: a backslash escapes the character after it, an unescaped comma
     * separates tags and an unescaped space ends the tag set.
     */
    private static List<String> tagKeys(String line) {
        List<String> keys = new java.util.ArrayList<>();
        StringBuilder tag = new StringBuilder();
        int i = line.indexOf(',') + 1;
        for (; i < line.length() && line.charAt(i) != ' '; i++) {
            char c = line.charAt(i);
            if (c == '\\' && i + 1 < line.length()) {
                tag.append(c).append(line.charAt(++i));
            } else if (c == ',') {
                keys.add(tag.substring(0, tag.indexOf("=")));
                tag.setLength(0);
            } else {
                tag.append(c);
            }
        }
        keys.add(tag.substring(0, tag.indexOf("=")));
        return keys;
    }

    @Test
    void shouldNotLetABackslashInASensorIdOrTopicSwallowTheNextTag() {
        Verdict failed = new Verdict(false, null, "evil\\", List.of(new Violation("/t", "t", ErrorType.WRONG_TYPE,
                "type", "not a number", "number", null)));
        String lp = mapper.toPoint("m", "sensors/a\\ b\\", failed, "{}".getBytes(), 1L).toLineProtocol();
        // before: "sensor_id=evil\,status=failed" read as one tag: the failed message lost its status tag
        assertThat(tagKeys(lp)).containsExactly("mapping", "sensor_id", "status", "topic");
        assertThat(lp).startsWith("mqtt_messages,mapping=m,sensor_id=evil/,status=failed,topic=sensors/a/\\ b/ ");
    }

    @Test
    void shouldStoreFieldsWithABackslashOrEmptyNameAndCutHugeNames() throws Exception {
        String json = "{\"\":1,\"a\\\\\":2,\"o\":{\"k\\\\\":3}}";
        String lp = mapper.toPoint("m", "t", valid(json, null), json.getBytes(), 1L).toLineProtocol();
        // before: the empty name threw (the message was not stored) and "a\=2.0" escaped its own '='
        assertThat(lp).isEqualTo("mqtt_messages,mapping=m,status=validated,topic=t a/=2.0,o.k/=3.0,payload_=1.0 1");
        String huge = "s".repeat(200_000);
        String big = mapper.toPoint("m", "t/" + huge, valid("{\"" + huge.substring(0, 40_000) + "\":1}", huge), new byte[0], 2L)
                .toLineProtocol();
        assertThat(big.length()).isLessThan(4 * 1024);
        assertThat(tagKeys(big)).containsExactly("mapping", "sensor_id", "status", "topic");
    }

    @Test
    void shouldListAtMostAHundredErrorsButCountThemAll() {
        List<Violation> many = new java.util.ArrayList<>();
        for (int i = 0; i < 64_000; i++) {
            many.add(new Violation("/" + i, String.valueOf(i), ErrorType.WRONG_TYPE, "type", "not a number", "number",
                    null));
        }
        String lp = mapper.toPoint("m", "t", new Verdict(false, null, null, many), "[]".getBytes(), 1L)
                .toLineProtocol();
        // before: every error was listed, a 6 MB line
        assertThat(lp).contains("error_count=64000i").contains("\\\"pointer\\\":\\\"/99\\\"")
                .doesNotContain("\\\"pointer\\\":\\\"/100\\\"");
        assertThat(lp.length()).isLessThan(30_000);
    }
}
