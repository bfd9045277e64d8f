package io.contractgate.quarantine;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.List;
import java.util.Map;

/**
 * The body of {@code POST /api/quarantine/redrives}: {@code {"filter": {search parameters}, "ids": [row ids],
 * "force": false}}, every field optional, as the REST binding reads it.
 */
public record RedriveRequest(Map<String, JsonNode> filter, List<Long> ids, Boolean force) {
}
