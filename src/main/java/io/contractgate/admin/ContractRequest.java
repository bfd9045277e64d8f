package io.contractgate.admin;

import com.fasterxml.jackson.databind.JsonNode;

/** The body of {@code POST /api/contracts}: the new contract's id and its JSON Schema (an object, or its text). */
public record ContractRequest(String id, JsonNode schema) {
}
