package io.contractgate.admin;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.contractgate.contract.ContractCompiler;

import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * The JSON the admin concerns build and parse (trees, contract files, samples) and the request checks every concern
 * uses (If-Match, version numbers). Request bodies are read by the REST binding ({@link RestJson}).
 */
public final class AdminJson {

    static final ObjectMapper JSON = new ObjectMapper();
    private static final ObjectMapper SAMPLES = JsonMapper.builder(JsonFactory.builder().streamReadConstraints(
            StreamReadConstraints.builder().maxNestingDepth(ContractCompiler.MAX_DEPTH).build()).build()).build();

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
        return readOrNull(JSON, bytes);
    }

    /**
     * A sample payload's JSON value, or null when it holds none or nests deeper than a contract may
     * ({@link ContractCompiler#MAX_DEPTH}): that deep it cannot be drafted from, and echoed inside an answer it can
     * pass the 1000 levels Jackson writes, which left the answer an empty 200.
     */
    static JsonNode parseSampleOrNull(byte[] bytes) {
        return readOrNull(SAMPLES, bytes);
    }

    private static JsonNode readOrNull(ObjectMapper mapper, byte[] bytes) {
        try {
            JsonNode n = mapper.readTree(bytes);
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
