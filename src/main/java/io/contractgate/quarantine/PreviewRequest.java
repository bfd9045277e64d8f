package io.contractgate.quarantine;

import com.fasterxml.jackson.databind.JsonNode;

/** The body of {@code POST /api/quarantine/preview}: the mapping and the draft contract (an object, or its text). */
public record PreviewRequest(String mapping, JsonNode schema) {
}
