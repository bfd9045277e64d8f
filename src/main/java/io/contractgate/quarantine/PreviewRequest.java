package io.contractgate.quarantine;

import com.fasterxml.jackson.databind.JsonNode;
import io.contractgate.admin.ApiException;

/** The body of {@code POST /api/quarantine/preview}: the mapping and the draft contract (an object, or its text). */
public record PreviewRequest(String mapping, JsonNode schema) {

    /**
     * The draft as text: an object or a boolean schema as JSON, a string as it is; null when missing. Any other value
     * is a 400 saying what it was (before, {@code false} and {@code 42} alike were "schema is required").
     */
    public String schemaText() {
        if (schema == null || schema.isNull()) {
            return null;
        }
        if (schema.isTextual()) {
            return schema.textValue();
        }
        if (schema.isObject() || schema.isBoolean()) {
            return schema.toString();
        }
        throw ApiException.badRequest("schema", "schema must be a JSON Schema (an object, true or false) or its text, not "
                + (schema.isArray() ? "an array" : schema.isNumber() ? "a number" : "a " + schema.getNodeType().name().toLowerCase()));
    }
}
