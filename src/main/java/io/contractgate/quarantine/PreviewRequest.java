package io.contractgate.quarantine;

import com.fasterxml.jackson.databind.JsonNode;
import io.contractgate.admin.ApiException;

/** The body of {@code POST /api/quarantine/preview}: the mapping and the draft contract (an object, or its text). */
public record PreviewRequest(String mapping, JsonNode schema) {

    /**
     * The draft as text: the object written out, or the text as given; null when absent. Any other JSON value is a 400
     * naming {@code schema} (an array or a number was answered "schema is required", as if none had been sent).
     */
    public String schemaText() {
        if (schema == null || schema.isNull()) {
            return null;
        }
        if (schema.isTextual()) {
            return schema.textValue();
        }
        if (schema.isObject()) {
            return schema.toString();
        }
        throw ApiException.badRequest("schema", "schema must be a JSON Schema object or its text, was "
                + schema.getNodeType().toString().toLowerCase(java.util.Locale.ROOT));
    }
}
