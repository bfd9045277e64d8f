package io.contractgate.admin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.contractgate.contract.Contract;
import io.contractgate.contract.ContractStore;
import io.contractgate.contract.InvalidContractException;
import io.contractgate.contract.PayloadValidator;
import io.contractgate.contract.RecentSamples;
import io.contractgate.contract.ReportBuilder;
import io.contractgate.contract.Verdict;
import io.contractgate.infer.ContractInferrer;
import io.contractgate.mqtt.TopicPattern;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * Trying contracts without applying anything: dry runs of a payload against a saved contract or an unsaved draft
 * (answering what the pipeline would publish), a mapping's recent payloads, and draft contracts inferred from them or
 * from pasted examples.
 */
public final class ContractTrials {

    /** Most examples one request may paste. */
    public static final int MAX_EXAMPLES = 1000;

    private final ContractFiles files;
    private final ContractStore contracts;
    private final MappingAdmin mappings;
    private final PayloadValidator validator;
    private final ReportBuilder reports;
    private final Supplier<RecentSamples> samples;
    private final ContractInferrer inferrer = new ContractInferrer();

    ContractTrials(ContractFiles files, MappingAdmin mappings, PayloadValidator validator, ReportBuilder reports,
                   Supplier<RecentSamples> samples) {
        this.files = files;
        this.contracts = files.store();
        this.mappings = mappings;
        this.validator = validator;
        this.reports = reports;
        this.samples = samples;
    }

    /**
     * Checks a payload against the contract in force and answers what the pipeline would publish, publishing nothing.
     * The mapping (for the report's mapping, topic and sensor field) is {@code mappingId}, else the first mapping
     * using the contract.
     */
    public Reply dryRun(String id, byte[] payload, String mappingId, String topic) {
        ConfigValidator.requireId("id", id);
        files.require(id);
        Mapping m;
        if (mappingId != null && !mappingId.isBlank()) {
            ConfigValidator.requireId("mapping", mappingId);
            m = mappings.mappingStore().read(mappingId).map(MappingStore.Stored::mapping)
                    .orElseThrow(() -> ApiException.badRequest("mapping", "no mapping '" + mappingId + "'"));
        } else {
            m = mappings.mappingStore().mappings().stream().filter(x -> x.contractId().equals(id)).findFirst().orElse(null);
        }
        Contract contract;
        try {
            contract = contracts.get(id);
        } catch (InvalidContractException e) {
            throw new ApiException(422, e.getMessage(), "id");
        }
        return check(contract, id, payload, m, topic);
    }

    /**
     * Dry run on a mapping, exactly as its route would check a message arriving on {@code topic}: the mapping's
     * contract in force, its sensor field and its output topics. {@code topic} must be a topic the mapping's filter
     * matches; without one, the filter itself when it has no wildcards.
     */
    public Reply dryRunMapping(String mappingId, byte[] payload, String topic) {
        Mapping m = mappings.require(mappingId);
        String t = topicFor(m, topic);
        Contract contract;
        try {
            contract = contracts.get(m.contractId());
        } catch (InvalidContractException e) {
            throw new ApiException(422, e.getMessage(), "contractId");
        }
        return check(contract, m.contractId(), payload, m, t);
    }

    /**
     * The concrete topic a dry run on mapping {@code m} checks a message as arriving on: {@code topic} when the
     * mapping's filter matches it, else a 400 naming {@code topic}; none given: the filter when it has no wildcards.
     */
    static String topicFor(Mapping m, String topic) {
        String filter = m.sourceTopic();
        if (topic == null || topic.isBlank()) {
            if (TopicFilters.topicProblem(filter) == null) {
                return filter;
            }
            throw ApiException.badRequest("topic", "mapping '" + m.id() + "' consumes the filter '" + filter
                    + "': give the concrete topic the message arrives on, e.g. '" + TopicFilters.samples(filter).get(0) + "'");
        }
        if (topic.contains("+") || topic.contains("#")) {
            throw ApiException.badRequest("topic", "topic '" + topic + "': a message arrives on a concrete topic,"
                    + " without the wildcards '+' or '#'");
        }
        String problem = TopicFilters.topicProblem(topic);
        if (problem != null) {
            throw ApiException.badRequest("topic", "topic '" + topic + "': " + problem);
        }
        if (!TopicFilters.matches(filter, topic)) {
            throw ApiException.badRequest("topic", "mapping '" + m.id() + "' does not consume '" + topic
                    + "': its filter is '" + filter + "'");
        }
        return topic;
    }

    /**
     * Dry run of an unsaved draft: {@code {"schema": {...}, "payload": {...} or "text", "sensorIdField", "topic",
     * "mapping"}}. With {@code mapping}, the draft is checked as that mapping would check it (its sensor field, output
     * topics, and a topic its filter matches, see {@link #topicFor}).
     */
    public Reply dryRunDraft(JsonNode body) {
        if (body == null || !body.isObject()) {
            throw ApiException.badRequest("body", "expected a JSON object with schema and payload");
        }
        JsonNode schema = body.get("schema");
        if (schema == null || schema.isNull()) {
            throw ApiException.badRequest("schema", "schema is required");
        }
        JsonNode payload = body.get("payload");
        if (payload == null) {
            throw ApiException.badRequest("payload", "payload is required (a JSON value, or a string holding the raw payload)");
        }
        String id = body.path("id").asText("draft");
        ConfigValidator.requireId("id", id);
        Contract contract;
        try {
            contract = contracts.compile(id, schema.isTextual() ? schema.textValue() : schema.toString());
        } catch (InvalidContractException e) {
            throw ApiException.badRequest("schema", e.getMessage());
        }
        byte[] raw = (payload.isTextual() ? payload.textValue() : payload.toString()).getBytes(StandardCharsets.UTF_8);
        JsonNode mappingId = body.get("mapping");
        if (mappingId != null && !mappingId.isNull()) {
            if (!mappingId.isTextual()) {
                throw ApiException.badRequest("mapping", "mapping must be a mapping id (a string)");
            }
            ConfigValidator.requireId("mapping", mappingId.textValue());
            Mapping m = mappings.mappingStore().read(mappingId.textValue()).map(MappingStore.Stored::mapping)
                    .orElseThrow(() -> ApiException.badRequest("mapping", "no mapping '" + mappingId.textValue() + "'"));
            return check(contract, id, raw, m, topicFor(m, body.path("topic").asText(null)));
        }
        String sensorField = body.path("sensorIdField").asText(Mapping.DEFAULT_SENSOR_FIELD);
        Mapping m = new Mapping("draft", body.path("topic").asText("draft"), id, Mapping.DEFAULT_VALIDATED,
                Mapping.DEFAULT_FAILED, sensorField, true);
        return check(contract, id, raw, m, body.path("topic").asText(null));
    }

    private Reply check(Contract contract, String contractId, byte[] payload, Mapping m, String topic) {
        String mappingName = m == null ? "dry-run" : m.id();
        String sensorField = m == null ? Mapping.DEFAULT_SENSOR_FIELD : m.sensorIdField();
        String t = topic;
        if (t == null || t.isBlank()) {
            t = m != null && TopicFilters.topicProblem(m.sourceTopic()) == null ? m.sourceTopic() : "dry-run";
        }
        Verdict verdict = validator.validate(payload, contract, sensorField);
        ObjectNode out = AdminJson.object();
        out.put("verdict", verdict.valid() ? "validated" : "failed");
        out.put("mapping", mappingName);
        out.put("topic", t);
        ObjectNode c = out.putObject("contract").put("id", contractId).put("version", contract.hash());
        if (contract.label() != null) {
            c.put("number", contract.label());
        }
        String validatedTopic = m == null ? Mapping.DEFAULT_VALIDATED : m.validatedTopic();
        String failedTopic = m == null ? Mapping.DEFAULT_FAILED : m.failedTopic();
        out.put("publishTo", new TopicPattern(verdict.valid() ? validatedTopic : failedTopic).resolve(t));
        if (!verdict.valid()) {
            out.set("report", AdminJson.readTree(reports.build(mappingName, t, contract, contractId, Instant.now(),
                    verdict, payload)));
        }
        return Reply.ok(out);
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
            JsonNode n = AdminJson.parseOrNull(b);
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
            JsonNode n = AdminJson.parseOrNull(b);
            if (n == null) {
                skipped++;
            } else {
                parsed.add(n);
            }
        }
        if (parsed.isEmpty()) {
            throw ApiException.conflict("samples", "mapping '" + mappingId + "' has received no JSON message since the"
                    + " gateway started" + (buffer.capacity() == 0 ? " (contracts.sample-buffer is 0: none are kept)" : "")
                    + "; paste examples instead (POST /api/contracts/infer)");
        }
        ObjectNode out = draftReply(parsed, skipped, m.contractId() + " (inferred from " + mappingId + ")");
        out.put("mapping", mappingId);
        out.put("contractId", m.contractId());
        return Reply.ok(out);
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
                JsonNode n = AdminJson.parseOrNull(l.getBytes(StandardCharsets.UTF_8));
                if (n == null) {
                    throw ApiException.badRequest("samples", "line " + line + " is not valid JSON");
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
