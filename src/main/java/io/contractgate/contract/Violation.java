package io.contractgate.contract;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * One contract violation: where it is (JSON pointer and field), what kind it is, and what was expected versus found.
 *
 * @param pointer  JSON pointer to the offending value ("" for the whole payload)
 * @param field    the field name (last pointer segment), or "" for the whole payload
 * @param type     the documented error type
 * @param keyword  the JSON Schema keyword that failed (or a gateway check such as "json" or "maxPayloadBytes")
 * @param message  a human-readable message
 * @param expected the expected constraint as text (e.g. "<= 85", "number"), or null
 * @param actual   the actual value found, or null when absent
 */
public record Violation(String pointer, String field, ErrorType type, String keyword, String message,
                        String expected, JsonNode actual) {
}
