package io.contractgate.admin;

import com.fasterxml.jackson.databind.JsonNode;
import org.apache.camel.Exchange;
import org.apache.camel.Message;

import java.nio.charset.StandardCharsets;

/**
 * REST adapter for the /api/contracts routes (routes/admin-api.camel.yaml): contracts and their history
 * ({@link ContractAdmin}), compatibility ({@link ContractCompatibility}), dry runs, samples and inference
 * ({@link ContractTrials}).
 */
public class ContractApi extends ApiAdapter {

    /** Registry name the REST routes call. */
    public static final String BEAN = "contractApi";

    private final ContractAdmin contracts;
    private final ContractCompatibility compatibility;
    private final ContractTrials trials;
    private final TopicDrafts topicDrafts;

    public ContractApi(ContractAdmin contracts, ContractCompatibility compatibility, ContractTrials trials,
                       TopicDrafts topicDrafts) {
        this.contracts = contracts;
        this.compatibility = compatibility;
        this.trials = trials;
        this.topicDrafts = topicDrafts;
    }

    public void listContracts(Exchange ex) {
        reply(ex, contracts.listContracts());
    }

    /** GET /contracts/{id}: the file's exact text (its hash is the ETag), not re-written by the binding. */
    public void getContract(Exchange ex) {
        replyUnbound(ex, contracts.getContract(param(ex.getMessage(), "id")));
    }

    /** POST /contracts with {"id": "...", "schema": {...} or "the schema's text"}. */
    public void createContract(Exchange ex) {
        Message m = ex.getMessage();
        ContractRequest body = body(m, ContractRequest.class);
        JsonNode schema = body.schema();
        if (schema == null || schema.isNull()) {
            throw ApiException.badRequest("schema", "schema is required");
        }
        String text = schema.isTextual() ? schema.textValue() : AdminJson.pretty(schema);
        reply(ex, contracts.createContract(user(m), body.id(), text));
    }

    /** PUT /contracts/{id} with the raw JSON Schema as body, saved verbatim: creates or replaces. */
    public void putContract(Exchange ex) {
        Message m = ex.getMessage();
        byte[] b = rawBody(m);
        replyUnbound(ex, contracts.putContract(user(m), param(m, "id"), b == null ? "" : new String(b, StandardCharsets.UTF_8),
                ifMatch(m), acceptBreak(m)));
    }

    public void deleteContract(Exchange ex) {
        Message m = ex.getMessage();
        reply(ex, contracts.deleteContract(user(m), param(m, "id"), ifMatch(m)));
    }

    public void listVersions(Exchange ex) {
        reply(ex, contracts.listVersions(param(ex.getMessage(), "id")));
    }

    /** GET /contracts/{id}/versions/{version}: the saved text as it is. */
    public void getVersion(Exchange ex) {
        Message m = ex.getMessage();
        replyUnbound(ex, contracts.getVersion(param(m, "id"), param(m, "version")));
    }

    /** GET /contracts/{id}/diff: a unified diff (text). */
    public void diff(Exchange ex) {
        Message m = ex.getMessage();
        replyUnbound(ex, contracts.diff(param(m, "id"), param(m, "from"), param(m, "to")));
    }

    public void rollback(Exchange ex) {
        Message m = ex.getMessage();
        reply(ex, contracts.rollback(user(m), param(m, "id"), param(m, "version"), ifMatch(m), acceptBreak(m)));
    }

    public void getCompatibility(Exchange ex) {
        reply(ex, compatibility.getCompatibility(param(ex.getMessage(), "id")));
    }

    public void putCompatibility(Exchange ex) {
        Message m = ex.getMessage();
        reply(ex, contracts.putCompatibility(user(m), param(m, "id"), body(m, CompatibilityRequest.class)));
    }

    /** POST /contracts/{id}/compatibility/check with the candidate JSON Schema as body, read as it came. */
    public void checkCompatibility(Exchange ex) {
        Message m = ex.getMessage();
        byte[] b = rawBody(m);
        replyUnbound(ex, compatibility.checkCompatibility(param(m, "id"),
                b == null ? null : new String(b, StandardCharsets.UTF_8)));
    }

    /** POST /contracts/{id}/test: the body is a payload, checked byte for byte as the pipeline would. */
    public void testContract(Exchange ex) {
        Message m = ex.getMessage();
        replyUnbound(ex, trials.dryRun(param(m, "id"), rawBody(m), param(m, "mapping"), param(m, "topic")));
    }

    /** POST /mappings/{id}/test?topic=: the body is a payload, checked as the mapping's route would check it. */
    public void testMapping(Exchange ex) {
        Message m = ex.getMessage();
        replyUnbound(ex, trials.dryRunMapping(param(m, "id"), rawBody(m), param(m, "topic")));
    }

    public void testDraft(Exchange ex) {
        reply(ex, trials.dryRunDraft(body(ex.getMessage(), JsonNode.class)));
    }

    public void recentSamples(Exchange ex) {
        reply(ex, trials.recentSamples(param(ex.getMessage(), "id")));
    }

    public void inferFromMapping(Exchange ex) {
        reply(ex, trials.inferFromMapping(param(ex.getMessage(), "id")));
    }

    public void inferFromExamples(Exchange ex) {
        reply(ex, trials.inferFromExamples(body(ex.getMessage(), JsonNode.class)));
    }

    /** POST /contracts/infer/topic: a draft from what a short subscription to any topic filter receives. */
    public void inferFromTopic(Exchange ex) {
        reply(ex, topicDrafts.inferFromTopic(body(ex.getMessage(), JsonNode.class)));
    }
}
