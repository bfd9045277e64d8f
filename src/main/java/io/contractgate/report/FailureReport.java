package io.contractgate.report;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.contractgate.contract.Contract;
import io.contractgate.contract.ReportBuilder;
import io.contractgate.contract.Verdict;
import io.contractgate.contract.Violation;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;

/**
 * Builds the JSON failure report published to a mapping's failed topic (format documented in the README).
 */
public final class FailureReport implements ReportBuilder {

    /** Default number of payload bytes echoed in a report; longer payloads are cut and flagged as truncated. */
    public static final int DEFAULT_PAYLOAD_ECHO_BYTES = 4096;
    /**
     * Errors listed in a report, most critical first; {@code error_count} counts them all and {@code errors_truncated}
     * says some were left out. Without a bound, a 256 KB array of wrong items (64,000 violations) made a 19 MB report,
     * more than a broker may take as one packet (the embedded broker's limit is contracts.max-payload-bytes + 1 MiB):
     * a refused publish leaves its input unacknowledged, so it would come back without end.
     */
    public static final int MAX_REPORTED_ERRORS = io.contractgate.contract.PayloadValidator.FORMATTED_VIOLATIONS;
    /** Longest actual value echoed per error, in characters. */
    private static final int MAX_ACTUAL_CHARS = 256;

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final int payloadEchoBytes;

    public FailureReport() {
        this(DEFAULT_PAYLOAD_ECHO_BYTES);
    }

    public FailureReport(int payloadEchoBytes) {
        if (payloadEchoBytes < 0) {
            throw new IllegalArgumentException("reports.payload-echo-bytes must be >= 0, was " + payloadEchoBytes);
        }
        this.payloadEchoBytes = payloadEchoBytes;
    }

    /** Serialises the report for one failed message. */
    @Override
    public byte[] build(String mapping, String topic, Contract contract, String contractId, Instant receivedAt,
                        Verdict verdict, byte[] payload) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(512);
        try (JsonGenerator g = MAPPER.getFactory().createGenerator(out)) {
            g.writeStartObject();
            g.writeStringField("mapping", mapping);
            g.writeStringField("topic", topic);
            g.writeObjectFieldStart("contract");
            g.writeStringField("id", contractId);
            if (contract != null) {
                g.writeStringField("version", contract.hash());
                if (contract.label() != null) {
                    g.writeStringField("number", contract.label());
                }
            }
            g.writeEndObject();
            g.writeStringField("received_at", receivedAt.toString());
            if (verdict.sensorId() != null) {
                g.writeStringField("sensor_id", verdict.sensorId());
            }
            g.writeStringField("primary_error", verdict.primaryError().wireName());
            g.writeNumberField("error_count", verdict.violations().size());
            g.writeArrayFieldStart("errors");
            java.util.List<Violation> all = verdict.violations();
            for (Violation v : reported(all)) {
                writeViolation(g, v, payload);
            }
            g.writeEndArray();
            if (all.size() > MAX_REPORTED_ERRORS) {
                g.writeBooleanField("errors_truncated", true);
            }
            writePayload(g, verdict, payload);
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /** The violations a report lists: the first {@link #MAX_REPORTED_ERRORS}. */
    public static java.util.List<Violation> reported(java.util.List<Violation> all) {
        return all.size() > MAX_REPORTED_ERRORS ? all.subList(0, MAX_REPORTED_ERRORS) : all;
    }

    /**
     * The report's {@code errors} array alone, as JSON text (stored with the failed message in InfluxDB): the same
     * first {@link #MAX_REPORTED_ERRORS} errors.
     */
    public static String errorsJson(java.util.List<Violation> violations) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(256);
        try (JsonGenerator g = MAPPER.getFactory().createGenerator(out)) {
            g.writeStartArray();
            for (Violation v : reported(violations)) {
                writeViolation(g, v, null);
            }
            g.writeEndArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    private static void writeViolation(JsonGenerator g, Violation v, byte[] payload) throws IOException {
        g.writeStartObject();
        // every text cut at MAX_TEXT_CHARS: four 49,000-character field names of a 200 KB payload, each named in
        // the pointer, field and message of four errors, made a 2.4 MB report the embedded broker refuses
        g.writeStringField("pointer", cut(v.pointer()));
        g.writeStringField("field", cut(v.field()));
        g.writeStringField("error_type", v.type().wireName());
        g.writeStringField("keyword", v.keyword());
        g.writeStringField("message", cut(v.message()));
        if (v.schemaLocation() != null) {
            g.writeStringField("schema_location", cut(v.schemaLocation()));
        }
        if (v.expected() != null) {
            g.writeStringField("expected", cut(v.expected()));
        }
        if (v.expectedValues() != null) {
            // left out when longer (a 40,000-value enum): expected says the start of it
            String json = Violation.json(v.expectedValues(), Violation.MAX_TEXT_CHARS);
            if (json.length() <= Violation.MAX_TEXT_CHARS && !json.endsWith("…")) {
                g.writeFieldName("expected_values");
                g.writeRawValue(json);
            }
        }
        if (v.line() > 0) {
            g.writeNumberField("line", v.line());
            g.writeNumberField("column", v.column());
        }
        if (v.hint() != null) {
            g.writeStringField("hint", cut(v.hint()));
        }
        JsonNode actual = v.actual();
        if (actual != null) {
            g.writeFieldName("actual");
            String raw = actual.isFloatingPointNumber() && !Double.isFinite(actual.doubleValue())
                    ? RawJson.numberAt(payload, v.pointer()) : null;
            if (raw != null) {
                g.writeRawValue(raw); // 1e400 as written, not "Infinity"
            } else if (actual.isValueNode()) {
                String text = actual.isTextual() ? actual.textValue() : null;
                if (text != null && text.length() > MAX_ACTUAL_CHARS) {
                    g.writeString(Violation.cut(text, MAX_ACTUAL_CHARS));
                } else {
                    g.writeTree(actual);
                }
            } else {
                g.writeString(Violation.json(actual, MAX_ACTUAL_CHARS));
            }
        }
        g.writeEndObject();
    }

    private static String cut(String text) {
        return Violation.cut(text, Violation.MAX_TEXT_CHARS);
    }

    private void writePayload(JsonGenerator g, Verdict verdict, byte[] payload) throws IOException {
        int length = payload == null ? 0 : payload.length;
        boolean truncated = length > payloadEchoBytes;
        g.writeNumberField("payload_bytes", length);
        if (verdict.root() != null && !truncated) {
            g.writeFieldName("payload");
            // the payload parsed, so its text is valid JSON: echo it as sent (numbers such as 1e400 or 1.50 keep
            // their spelling, which a re-serialised tree would lose)
            String text = RawJson.text(payload);
            if (text != null) {
                g.writeRawValue(text);
            } else {
                g.writeTree(verdict.root());
            }
            g.writeStringField("payload_encoding", "json");
            return;
        }
        byte[] shown = truncated ? Arrays.copyOf(payload, payloadEchoBytes) : (payload == null ? new byte[0] : payload);
        String text = utf8OrNull(shown, truncated);
        if (text != null) {
            g.writeStringField("payload", text);
            g.writeStringField("payload_encoding", "text");
        } else {
            g.writeStringField("payload", Base64.getEncoder().encodeToString(shown));
            g.writeStringField("payload_encoding", "base64");
        }
        if (truncated) {
            g.writeBooleanField("payload_truncated", true);
        }
    }

    /** Strict UTF-8 decoding; a cut at the end of a truncated payload may split a character, which is tolerated. */
    private static String utf8OrNull(byte[] bytes, boolean truncated) {
        int end = bytes.length;
        if (truncated) {
            // step back over a partial multi-byte sequence at the cut
            int back = 0;
            while (back < 3 && end - back - 1 >= 0 && (bytes[end - back - 1] & 0xC0) == 0x80) {
                back++;
            }
            if (end - back - 1 >= 0 && (bytes[end - back - 1] & 0xC0) == 0xC0) {
                end = end - back - 1;
            }
        }
        try {
            String s = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes, 0, end))
                    .toString();
            for (int i = 0; i < s.length(); i++) {
                char c = s.charAt(i);
                if (c < 0x20 && c != '\n' && c != '\r' && c != '\t') {
                    return null; // control bytes: binary data, show it as base64
                }
            }
            return s;
        } catch (CharacterCodingException e) {
            return null;
        }
    }
}
