package io.contractgate.influx;

import com.fasterxml.jackson.databind.JsonNode;
import com.influxdb.client.domain.WritePrecision;
import com.influxdb.client.write.Point;
import io.contractgate.contract.Verdict;
import io.contractgate.report.FailureReport;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Turns one checked message into one InfluxDB point (schema in docs/monitoring.md), from the already parsed payload:
 * tags status, mapping, topic, sensor_id; validated messages get one field per scalar payload value, failed ones the
 * report's summary. Time is in nanoseconds: the payload's timestamp field when it is ISO-8601 with an offset, else
 * the receive time (made strictly increasing so two messages never share a series key and time).
 *
 * Longer than ~250 lines on purpose: the timestamp parsing and the flattening of scalar fields are the rules of one
 * point, kept beside the mapping they serve.
 */
public final class PointMapper {

    /**
     * Names a top-level payload field must not take: the tag keys, InfluxDB's reserved "time" and the failed-point
     * fields (one measurement holds both kinds, and a field's type must not differ between points). Such a payload
     * field is stored as {@code <name>_value}.
     */
    static final Set<String> RESERVED = Set.of("status", "mapping", "topic", "sensor_id", "time",
            "primary_error", "error_count", "errors", "payload", "payload_bytes");

    private final String measurement;
    private final String timestampField;
    private final int payloadMaxChars;
    private final AtomicLong lastReceiveNanos = new AtomicLong();

    public PointMapper(String measurement, String timestampField, int payloadMaxChars) {
        this.measurement = measurement;
        this.timestampField = timestampField;
        this.payloadMaxChars = payloadMaxChars;
    }

    /**
     * @param receivedEpochNanos when the message arrived (wall clock, ns since the epoch)
     * @param payload            the original payload bytes (echoed, truncated, for failed messages)
     */
    public Point toPoint(String mapping, String topic, Verdict verdict, byte[] payload, long receivedEpochNanos) {
        Point p = Point.measurement(measurement)
                .addTag("status", verdict.valid() ? "validated" : "failed")
                .addTag("mapping", lineSafe(mapping))
                .addTag("topic", topic == null ? "" : lineSafe(topic));
        if (verdict.sensorId() != null) {
            p.addTag("sensor_id", lineSafe(verdict.sensorId()));
        }
        JsonNode root = verdict.root();
        JsonNode ts = root != null && root.isObject() ? root.get(timestampField) : null;
        long time = parseTime(ts);
        if (time == Long.MIN_VALUE) {
            time = uniqueReceiveTime(receivedEpochNanos);
            if (ts != null && !ts.isNull()) {
                p.addField(timestampField + "_unparsed", oneLine(ts.isTextual() ? ts.textValue() : ts.toString()));
            }
        }
        p.time(time, WritePrecision.NS);

        if (verdict.valid()) {
            if (root != null && root.isObject()) {
                addObject(p, "", root, verdict.sensorId(), true);
            } else if (root != null) {
                addScalar(p, "value", root);
            }
            if (!p.hasFields()) {
                // a point without fields is silently discarded by the client; keep one so the message is stored
                p.addField("payload_bytes", payload == null ? 0L : (long) payload.length);
            }
        } else {
            p.addField("primary_error", verdict.primaryError().wireName());
            p.addField("error_count", (long) verdict.violations().size());
            // the report's first errors, as the report lists them (error_count counts all)
            p.addField("errors", FailureReport.errorsJson(verdict.violations()));
            p.addField("payload", truncate(payload));
            p.addField("payload_bytes", payload == null ? 0L : (long) payload.length);
        }
        return p;
    }

    /** Nanoseconds since the epoch, or Long.MIN_VALUE when the value is missing or not ISO-8601 with an offset. */
    static long parseTime(JsonNode ts) {
        if (ts == null || !ts.isTextual()) {
            return Long.MIN_VALUE;
        }
        String text = ts.textValue();
        long fast = parseUtcFast(text);
        if (fast != Long.MIN_VALUE) {
            return fast;
        }
        Instant instant;
        try {
            instant = Instant.parse(text); // other "...Z" forms, without building an OffsetDateTime
        } catch (DateTimeParseException e) {
            try {
                instant = OffsetDateTime.parse(text).toInstant();
            } catch (DateTimeParseException e2) {
                return Long.MIN_VALUE;
            }
        }
        try {
            return Math.addExact(Math.multiplyExact(instant.getEpochSecond(), 1_000_000_000L), instant.getNano());
        } catch (ArithmeticException e) {
            return Long.MIN_VALUE; // outside what nanosecond precision can express (before 1677 or after 2262)
        }
    }

    /**
     * The canonical UTC form {@code yyyy-MM-ddTHH:mm:ss[.f{1,9}]Z} without java.time's general parser, which was the
     * largest single cost of building a point (profiled); anything else returns Long.MIN_VALUE for the full parser.
     */
    static long parseUtcFast(String t) {
        int n = t.length();
        if (n < 20 || n > 30 || t.charAt(n - 1) != 'Z' || t.charAt(4) != '-' || t.charAt(7) != '-'
                || t.charAt(10) != 'T' || t.charAt(13) != ':' || t.charAt(16) != ':') {
            return Long.MIN_VALUE;
        }
        int year = digits(t, 0, 4);
        int month = digits(t, 5, 2);
        int day = digits(t, 8, 2);
        int hour = digits(t, 11, 2);
        int minute = digits(t, 14, 2);
        int second = digits(t, 17, 2);
        if (year < 1678 || year > 2261 || month < 1 || month > 12 || day < 1 || hour < 0 || hour > 23 || minute < 0
                || minute > 59 || second < 0 || second > 59
                || day > java.time.YearMonth.of(year, month).lengthOfMonth()) {
            return Long.MIN_VALUE;
        }
        long nanos = 0;
        if (n > 20) {
            int fractionDigits = n - 21;
            if (t.charAt(19) != '.' || fractionDigits < 1 || fractionDigits > 9) {
                return Long.MIN_VALUE;
            }
            int f = digits(t, 20, fractionDigits);
            if (f < 0) {
                return Long.MIN_VALUE;
            }
            nanos = f;
            for (int i = fractionDigits; i < 9; i++) {
                nanos *= 10;
            }
        } else if (t.charAt(19) != 'Z') {
            return Long.MIN_VALUE;
        }
        long epochDay = java.time.LocalDate.of(year, month, day).toEpochDay();
        long seconds = epochDay * 86_400L + hour * 3600L + minute * 60L + second;
        return seconds * 1_000_000_000L + nanos;
    }

    /** The decimal number in {@code t[from, from + len)}, or -1 when any character is not a digit. */
    private static int digits(String t, int from, int len) {
        int v = 0;
        for (int i = from; i < from + len; i++) {
            char c = t.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            v = v * 10 + (c - '0');
        }
        return v;
    }

    private long uniqueReceiveTime(long nanos) {
        long prev;
        long next;
        do {
            prev = lastReceiveNanos.get();
            next = Math.max(nanos, prev + 1);
        } while (!lastReceiveNanos.compareAndSet(prev, next));
        return next;
    }

    private void addObject(Point p, String prefix, JsonNode node, String sensorId, boolean top) {
        Iterator<Map.Entry<String, JsonNode>> it = node.fields();
        while (it.hasNext()) {
            Map.Entry<String, JsonNode> e = it.next();
            String key = e.getKey();
            JsonNode value = e.getValue();
            if (top) {
                if (key.equals(timestampField) && parseTime(value) != Long.MIN_VALUE) {
                    continue; // it is the point's time
                }
                if (key.equals("sensor_id") && value.isTextual() && value.textValue().equals(sensorId)) {
                    continue; // it is the sensor_id tag
                }
            }
            String name = prefix.isEmpty() ? fieldName(key) : prefix + "." + key;
            if (value.isObject()) {
                addObject(p, name, value, sensorId, false);
            } else {
                addScalar(p, name, value); // arrays and nulls are skipped there
            }
        }
    }

    private static void addScalar(Point p, String rawName, JsonNode value) {
        String name = lineSafe(rawName);
        if (value.isNumber()) {
            // always a float field: a value that is 21 in one message and 21.5 in the next must not change type
            p.addField(name, value.doubleValue());
        } else if (value.isBoolean()) {
            p.addField(name, value.booleanValue());
        } else if (value.isTextual()) {
            p.addField(name, oneLine(value.textValue()));
        }
    }

    /**
     * Line breaks become the two characters {@code \n} / {@code \r}: line protocol ends a point at a raw newline,
     * and some servers split a string value there.
     */
    static String oneLine(String s) {
        if (s.indexOf('\n') < 0 && s.indexOf('\r') < 0) {
            return s;
        }
        return s.replace("\r", "\\r").replace("\n", "\\n");
    }


    /** Longest tag value or field key kept, in characters; longer ones are cut (InfluxDB's series key limit is 64 KB). */
    static final int MAX_KEY_CHARS = 1024;

    /**
     * A tag value or field key as line protocol can carry it: the client escapes commas, spaces and {@code =} with a
     * backslash but leaves backslashes alone, so a name ending in {@code \} (or with {@code \} before a comma,
     * space or {@code =}) escaped the character after it and broke the line (another tag swallowed, or the whole
     * write batch rejected). Backslashes become {@code /}; names longer than {@value #MAX_KEY_CHARS} characters are
     * cut.
     */
    static String lineSafe(String s) {
        String cut = prefix(s, MAX_KEY_CHARS);
        return cut.indexOf('\\') < 0 ? cut : cut.replace('\\', '/');
    }

    /** The first {@code max} characters of {@code s}, one fewer when the cut would split a surrogate pair. */
    private static String prefix(String s, int max) {
        if (s.length() <= max) {
            return s;
        }
        return s.substring(0, Character.isHighSurrogate(s.charAt(max - 1)) ? max - 1 : max);
    }

    /**
     * Top-level names that would clash with a tag key or a reserved InfluxDB key are renamed; the empty name (which
     * the client refuses) is stored as {@code payload_}.
     */
    static String fieldName(String key) {
        if (key.isEmpty()) {
            return "payload_";
        }
        if (RESERVED.contains(key) || key.endsWith("_unparsed")) {
            return key + "_value";
        }
        if (key.startsWith("_")) {
            return "payload" + key;
        }
        return key;
    }

    private String truncate(byte[] payload) {
        if (payload == null) {
            return "";
        }
        // decode at most 4 bytes per wanted char: cheap for large payloads, exact for the kept part
        int len = (int) Math.min(payload.length, (long) payloadMaxChars * 4);
        return oneLine(prefix(new String(payload, 0, len, StandardCharsets.UTF_8), payloadMaxChars));
    }
}
