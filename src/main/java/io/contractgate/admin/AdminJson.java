package io.contractgate.admin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;

/**
 * The JSON the admin API reads and writes: request bodies refused with the problem named, the shared mapper, and the
 * request checks every concern uses (If-Match, version numbers).
 */
public final class AdminJson {

    static final ObjectMapper JSON = new ObjectMapper();

    private AdminJson() {
    }

    static ObjectNode object() {
        return JSON.createObjectNode();
    }

    static ArrayNode array() {
        return JSON.createArrayNode();
    }

    static JsonNode tree(Object value) {
        return JSON.valueToTree(value);
    }

    /** Reads a JSON object body, naming the problem. */
    @SuppressWarnings("unchecked")
    public static Map<String, Object> objectBody(byte[] body) {
        JsonNode n = jsonBody(body);
        if (!n.isObject()) {
            throw ApiException.badRequest("body", "expected a JSON object");
        }
        return JSON.convertValue(n, Map.class);
    }

    /** Reads any JSON body, naming the problem. */
    public static JsonNode jsonBody(byte[] body) {
        if (body == null || body.length == 0) {
            throw ApiException.badRequest("body", "the request body is empty");
        }
        try {
            return JSON.readTree(body);
        } catch (IOException e) {
            throw ApiException.badRequest("body", "the request body is not valid JSON: " + e.getMessage().lines().findFirst().orElse(""));
        }
    }

    /** The JSON value of a text, or null when it is none. */
    static JsonNode parseOrNull(String text) {
        try {
            return JSON.readTree(text);
        } catch (IOException e) {
            return null;
        }
    }

    /** The JSON value of bytes, or null when they hold none. */
    static JsonNode parseOrNull(byte[] bytes) {
        try {
            JsonNode n = JSON.readTree(bytes);
            return n == null || n.isMissingNode() ? null : n;
        } catch (IOException e) {
            return null;
        }
    }

    /** Indented JSON with a final newline, as contract files are saved. */
    static String pretty(JsonNode n) {
        try {
            return JSON.writerWithDefaultPrettyPrinter().writeValueAsString(n) + "\n";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static JsonNode readTree(byte[] bytes) {
        try {
            return JSON.readTree(bytes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Refuses a change made against an older version (412). */
    static void checkIfMatch(String ifMatch, String currentEtag) {
        if (!AtomicFiles.ifMatchAllows(ifMatch, currentEtag)) {
            throw new ApiException(412, "If-Match " + ifMatch + " does not match the current version "
                    + (currentEtag == null ? "(none)" : currentEtag) + ": reload and retry", "If-Match");
        }
    }

    /** A contract version number (1, 2, ...) from a request parameter. */
    static int versionNumber(String field, String value) {
        try {
            int n = Integer.parseInt(value == null ? "" : value.trim());
            if (n >= 1) {
                return n;
            }
        } catch (NumberFormatException ignored) {
            // reported below
        }
        throw ApiException.badRequest(field, field + " must be a version number (1, 2, ...)");
    }
}
