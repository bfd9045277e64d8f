package io.contractgate.admin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.contractgate.contract.Contract;
import io.contractgate.contract.ContractStore;
import io.contractgate.contract.InvalidContractException;
import io.contractgate.contract.PayloadValidator;
import io.contractgate.contract.ReportBuilder;
import io.contractgate.contract.Verdict;
import io.contractgate.mqtt.TopicPattern;
import io.contractgate.contract.ReportJson;

import java.nio.charset.StandardCharsets;
import java.time.Instant;

/**
 * Trying contracts without applying anything: dry runs of a payload against a saved contract or an unsaved draft,
 * answering what the pipeline would publish. Drafting contracts from traffic is {@link ContractDrafts}; its three
 * requests are passed on from here for the REST adapter.
 */
public final class ContractTrials {

    private final ContractFiles files;
    private final ContractStore contracts;
    private final MappingAdmin mappings;
    private final PayloadValidator validator;
    private final ReportBuilder reports;
    private final ContractDrafts drafts;

    ContractTrials(ContractFiles files, MappingAdmin mappings, PayloadValidator validator, ReportBuilder reports,
                   ContractDrafts drafts) {
        this.files = files;
        this.contracts = files.store();
        this.mappings = mappings;
        this.validator = validator;
        this.reports = reports;
        this.drafts = drafts;
    }

    /**
     * Checks a payload against the contract in force and answers what the pipeline would publish, publishing nothing.
     * The mapping (for the report's mapping, topic and sensor field) is {@code mappingId}, else the one
     * {@link #defaultMapping} picks.
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
            m = defaultMapping(mappings.mappingStore().mappings(), id);
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
     * Of the mappings using contract {@code id}, the one a dry run without {@code ?mapping=} stands for: an enabled one
     * before a disabled one, a concrete source topic before a wildcard filter, the mapping named like the contract
     * before others, then by id. Null when no mapping uses the contract.
     */
    static Mapping defaultMapping(java.util.List<Mapping> all, String id) {
        return all.stream().filter(x -> x.contractId().equals(id))
                .min(java.util.Comparator.comparing((Mapping x) -> !x.enabled())
                        .thenComparing(x -> TopicFilters.topicProblem(x.sourceTopic()) != null)
                        .thenComparing(x -> !x.id().equals(id))
                        .thenComparing(Mapping::id))
                .orElse(null);
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
            // a mapping's concrete topic, or one its filter matches (plant/+/level -> plant/x/level); "dry-run" when
            // no mapping uses the contract
            t = m == null ? "dry-run" : TopicFilters.topicProblem(m.sourceTopic()) == null ? m.sourceTopic()
                    : TopicFilters.samples(m.sourceTopic()).get(0);
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
            ReportJson.put(out, "report", reports.build(mappingName, t, contract, contractId, Instant.now(), verdict,
                    payload));
        }
        return Reply.ok(out);
    }

    /** The recent payloads of a mapping ({@link ContractDrafts#recentSamples}). */
    public Reply recentSamples(String mappingId) {
        return drafts.recentSamples(mappingId);
    }

    /** A draft contract from the mapping's recent messages ({@link ContractDrafts#inferFromMapping}). */
    public Reply inferFromMapping(String mappingId) {
        return drafts.inferFromMapping(mappingId);
    }

    /** A draft from pasted examples ({@link ContractDrafts#inferFromExamples}). */
    public Reply inferFromExamples(JsonNode body) {
        return drafts.inferFromExamples(body);
    }
}
