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

    /** The same violation with a hint. */
    public Violation withHint(String text) {
        return new Violation(pointer, field, type, keyword, message, expected, actual, schemaLocation, expectedValues,
                line, column, text);
    }
}
