package io.contractgate.report;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * The payload's own text for the report's echo, so values are shown as the device wrote them. Only used on the
 * failure path, for payloads that already parsed.
 */
final class RawJson {

    private static final JsonFactory FACTORY = new JsonFactory();

    private RawJson() {
    }

    /** The payload as text without a byte order mark, or null when it is not there. */
    static String text(byte[] payload) {
        if (payload == null || payload.length == 0) {
            return null;
        }
        int start = payload.length >= 3 && (payload[0] & 0xFF) == 0xEF && (payload[1] & 0xFF) == 0xBB
                && (payload[2] & 0xFF) == 0xBF ? 3 : 0;
        String s = new String(payload, start, payload.length - start, StandardCharsets.UTF_8);
        return s.isBlank() ? null : s.strip();
    }

    /** The literal text of the number at a JSON pointer ("1e400"), or null. */
    static String numberAt(byte[] payload, String pointer) {
        if (payload == null) {
            return null;
        }
        try (JsonParser p = FACTORY.createParser(payload)) {
            JsonToken t;
            while ((t = p.nextToken()) != null) {
                if ((t == JsonToken.VALUE_NUMBER_FLOAT || t == JsonToken.VALUE_NUMBER_INT)
                        && p.getParsingContext().pathAsPointer().toString().equals(pointer)) {
                    return p.getText();
                }
            }
        } catch (IOException e) {
            return null;
        }
        return null;
    }
}
