package io.contractgate.admin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.contractgate.contract.ContractCompiler;
import io.contractgate.contract.RecentSamples;
import io.contractgate.infer.ContractInferrer;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * Drafting contracts from traffic, applying nothing: a mapping's recent payloads, and draft contracts inferred from
 * them, from pasted examples or (through {@link TopicDrafts}) from any topic filter.
 */
public final class ContractDrafts {

    /** Most examples one request may paste. */
    public static final int MAX_EXAMPLES = 1000;

    private final MappingAdmin mappings;
    private final Supplier<RecentSamples> samples;
    private final ContractInferrer inferrer = new ContractInferrer();

    ContractDrafts(MappingAdmin mappings, Supplier<RecentSamples> samples) {
        this.mappings = mappings;
        this.samples = samples;
    }

    /** The recent payloads of a mapping, oldest first: JSON as JSON, anything else as text. */
    public Reply recentSamples(String mappingId) {
        mappings.require(mappingId);
        RecentSamples buffer = samples.get();
        ObjectNode out = AdminJson.object();
        out.put("mapping", mappingId);
        out.put("capacity", buffer.capacity());
        ArrayNode list = out.putArray("samples");
        for (byte[] b : buffer.recent(mappingId)) {
            JsonNode n = AdminJson.parseSampleOrNull(b);
            if (n != null) {
                list.add(n);
            } else {
                list.add(new String(b, StandardCharsets.UTF_8));
            }
        }
        return Reply.ok(out);
    }

    /** A draft contract from the mapping's recent messages. Never applied: the caller saves it through the usual path. */
    public Reply inferFromMapping(String mappingId) {
        Mapping m = mappings.require(mappingId);
        RecentSamples buffer = samples.get();
        List<JsonNode> parsed = new ArrayList<>();
        int skipped = 0;
        for (byte[] b : buffer.recent(mappingId)) {
            JsonNode n = AdminJson.parseSampleOrNull(b);
            if (n == null) {
                skipped++;
            } else {
                parsed.add(n);
            }
        }
        if (parsed.isEmpty()) {
            throw ApiException.conflict("samples", noSamples(m, buffer.capacity()));
        }
        ObjectNode out = draftReply(parsed, skipped, m.contractId() + " (inferred from " + mappingId + ")");
        out.put("mapping", mappingId);
        out.put("contractId", m.contractId());
        return Reply.ok(out);
    }

    /** Why a mapping has nothing to draft from, and the other ways to get a draft. */
    static String noSamples(Mapping m, int capacity) {
        return "mapping '" + m.id() + "' has received no JSON message since the gateway started"
                + (capacity == 0 ? " (contracts.sample-buffer is 0: none are kept)" : m.enabled() ? ""
                : " (it is disabled: enable it to receive messages)")
                + "; listen on its topic filter instead (POST /api/contracts/infer/topic with {\"topic\": \""
                + m.sourceTopic() + "\"}) or paste examples (POST /api/contracts/infer)";
    }

    /** A draft from pasted examples: {@code {"samples": [ {...}, ... ]}} or a string with one JSON value per line. */
    public Reply inferFromExamples(JsonNode body) {
        if (body == null || !body.isObject() || !body.has("samples")) {
            throw ApiException.badRequest("samples", "expected {\"samples\": [example, ...]} or {\"samples\": \"one JSON per line\"}");
        }
        JsonNode given = body.get("samples");
        List<JsonNode> parsed = new ArrayList<>();
        if (given.isArray()) {
            given.forEach(parsed::add);
        } else if (given.isTextual()) {
            int line = 0;
            for (String l : given.textValue().split("\\R")) {
                line++;
                if (l.isBlank()) {
                    continue;
                }
                JsonNode n = AdminJson.parseSampleOrNull(l.getBytes(StandardCharsets.UTF_8));
                if (n == null) {
                    throw ApiException.badRequest("samples", "line " + line + " is not valid JSON (or nests deeper than "
                            + ContractCompiler.MAX_DEPTH + " levels)");
                }
                parsed.add(n);
            }
        } else {
            throw ApiException.badRequest("samples", "samples must be an array of examples or a string with one JSON per line");
        }
        if (parsed.isEmpty()) {
            throw ApiException.badRequest("samples", "no examples given");
        }
        if (parsed.size() > MAX_EXAMPLES) {
            throw ApiException.badRequest("samples", "at most " + MAX_EXAMPLES + " examples, got " + parsed.size());
        }
        return Reply.ok(draftReply(parsed, 0, body.path("title").asText("inferred from examples")));
    }

    /** The reply every draft endpoint answers: the inferred contract, skipped count, and the last samples shown. */
    ObjectNode draftReply(List<JsonNode> parsed, int skipped, String title) {
        ObjectNode out = inferrer.infer(parsed, title).toJson();
        out.put("skipped", skipped);
        out.put("applied", false);
        ArrayNode shown = out.putArray("samples");
        parsed.subList(Math.max(0, parsed.size() - 20), parsed.size()).forEach(shown::add);
        return out;
    }
}
