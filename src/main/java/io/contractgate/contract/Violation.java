package io.contractgate.contract;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * One contract violation: where it is (JSON pointer and field), what kind it is, what was expected versus found, and
 * where the rule is in the contract.
 *
 * @param pointer        JSON pointer to the offending value ("" for the whole payload)
 * @param field          the field name (last pointer segment), or "" for the whole payload
 * @param type           the documented error type
 * @param keyword        the JSON Schema keyword that failed (or a gateway check such as "json" or "maxPayloadBytes")
 * @param message        a human-readable message
 * @param expected       the expected constraint as text (e.g. "<= 85", "number"), or null
 * @param actual         the actual value found, or null when absent
 * @param schemaLocation where the failing rule is in the contract ("#/properties/temperature/maximum"), or null
 * @param expectedValues the expected constraint as JSON ({"maximum": 85}), or null
 * @param line           invalid_json: line of the syntax error (1-based), else 0
 * @param column         invalid_json: column of the syntax error (1-based), else 0
 * @param hint           a did-you-mean hint ("did you mean device_id?"), or null
 */
public record Violation(String pointer, String field, ErrorType type, String keyword, String message,
                        String expected, JsonNode actual, String schemaLocation, JsonNode expectedValues,
                        int line, int column, String hint) {

    public Violation(String pointer, String field, ErrorType type, String keyword, String message, String expected,
                     JsonNode actual) {
        this(pointer, field, type, keyword, message, expected, actual, null, null, 0, 0, null);
    }

    /**
     * Longest text a violation carries into a report (message, expected, pointer, ...), in characters. A contract's
     * 40,000-value enum was repeated whole in each violation's message, expected text and expected_values: one wrong
     * sensor id made a 2 MB report, more than the embedded broker takes as one packet, so its input came back without
     * end, and an array of 200 wrong ids ran the 128 MB heap out while checking.
     */
    public static final int MAX_TEXT_CHARS = 1024;

    /** The message of a violation beyond the first {@link PayloadValidator#FORMATTED_VIOLATIONS}: no report lists it. */
    public static final String NOT_FORMATTED = "(not formatted: beyond the errors a report lists)";

    /** {@code text} cut to {@code max} characters (not inside a surrogate pair) ending in "…"; null stays null. */
    public static String cut(String text, int max) {
        if (text == null || text.length() <= max) {
            return text;
        }
        int end = Character.isHighSurrogate(text.charAt(max - 1)) ? max - 1 : max;
        return text.substring(0, end) + "…";
    }

    /** {@code node} as JSON text, cut as {@link #cut} does; a huge node is serialised only as far as the cut. */
    public static String json(JsonNode node, int max) {
        StringBuilder out = new StringBuilder(Math.min(max + 1, 256));
        java.io.Writer bounded = new java.io.Writer() {
            @Override
            public void write(char[] chars, int off, int len) throws java.io.IOException {
                int room = max + 1 - out.length();
                out.append(chars, off, Math.min(len, room));
                if (len >= room) {
                    throw new java.io.IOException("cut"); // enough to know it is too long: stop serialising
                }
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        try {
            JSON.writeValue(bounded, node);
        } catch (java.io.IOException e) {
            // cut: what was written is the start of the text
        }
        return cut(out.toString(), max);
    }

    private static final com.fasterxml.jackson.databind.ObjectMapper JSON = new com.fasterxml.jackson.databind.ObjectMapper();

    /** The same violation with a hint. */
    public Violation withHint(String text) {
        return new Violation(pointer, field, type, keyword, message, expected, actual, schemaLocation, expectedValues,
                line, column, text);
    }
}
