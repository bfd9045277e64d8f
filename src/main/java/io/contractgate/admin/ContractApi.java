package io.contractgate.admin;

import com.fasterxml.jackson.databind.JsonNode;
import org.apache.camel.Exchange;

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
                       TopicDrafts topicDrafts, int maxBodyBytes) {
        super(maxBodyBytes);
        this.contracts = contracts;
        this.compatibility = compatibility;
        this.trials = trials;
        this.topicDrafts = topicDrafts;
    }

    public void listContracts(Exchange ex) {
        run(ex, m -> contracts.listContracts());
    }

    public void getContract(Exchange ex) {
        run(ex, m -> contracts.getContract(param(m, "id")));
    }

    /** POST /contracts with {"id": "...", "schema": {...}}. */
    public void createContract(Exchange ex) {
        run(ex, m -> {
            JsonNode body = AdminJson.jsonBody(body(m));
            if (!body.isObject()) {
                throw ApiException.badRequest("body", "expected {\"id\": ..., \"schema\": {...}}");
            }
            JsonNode schema = body.get("schema");
            if (schema == null || schema.isNull()) {
                throw ApiException.badRequest("schema", "schema is required");
            }
            String text = schema.isTextual() ? schema.textValue() : AdminJson.pretty(schema);
            return contracts.createContract(user(m), body.path("id").asText(null), text);
        });
    }

    /** PUT /contracts/{id} with the raw JSON Schema as body: creates or replaces. */
    public void putContract(Exchange ex) {
        run(ex, m -> contracts.putContract(user(m), param(m, "id"), new String(body(m), StandardCharsets.UTF_8),
                ifMatch(m), acceptBreak(m)));
    }

    public void deleteContract(Exchange ex) {
        run(ex, m -> contracts.deleteContract(user(m), param(m, "id"), ifMatch(m)));
    }

    public void listVersions(Exchange ex) {
        run(ex, m -> contracts.listVersions(param(m, "id")));
    }

    public void getVersion(Exchange ex) {
        run(ex, m -> contracts.getVersion(param(m, "id"), param(m, "version")));
    }

    public void diff(Exchange ex) {
        run(ex, m -> contracts.diff(param(m, "id"), param(m, "from"), param(m, "to")));
    }

    public void rollback(Exchange ex) {
        run(ex, m -> contracts.rollback(user(m), param(m, "id"), param(m, "version"), ifMatch(m), acceptBreak(m)));
    }

    public void getCompatibility(Exchange ex) {
        run(ex, m -> compatibility.getCompatibility(param(m, "id")));
    }

    public void putCompatibility(Exchange ex) {
        run(ex, m -> contracts.putCompatibility(user(m), param(m, "id"), AdminJson.jsonBody(body(m))));
    }

    /** POST /contracts/{id}/compatibility/check with the candidate JSON Schema as body. */
    public void checkCompatibility(Exchange ex) {
        run(ex, m -> {
            byte[] b = body(m);
            return compatibility.checkCompatibility(param(m, "id"), b == null ? null : new String(b, StandardCharsets.UTF_8));
        });
    }

    public void testContract(Exchange ex) {
        run(ex, m -> trials.dryRun(param(m, "id"), body(m), param(m, "mapping"), param(m, "topic")));
    }

    /** POST /mappings/{id}/test?topic=: the body is a payload, checked as the mapping's route would check it. */
    public void testMapping(Exchange ex) {
        run(ex, m -> trials.dryRunMapping(param(m, "id"), body(m), param(m, "topic")));
    }

    public void testDraft(Exchange ex) {
        run(ex, m -> trials.dryRunDraft(AdminJson.jsonBody(body(m))));
    }

    public void recentSamples(Exchange ex) {
        run(ex, m -> trials.recentSamples(param(m, "id")));
    }

    public void inferFromMapping(Exchange ex) {
        run(ex, m -> trials.inferFromMapping(param(m, "id")));
    }

    public void inferFromExamples(Exchange ex) {
        run(ex, m -> trials.inferFromExamples(AdminJson.jsonBody(body(m))));
    }

    /** POST /contracts/infer/topic: a draft from what a short subscription to any topic filter receives. */
    public void inferFromTopic(Exchange ex) {
        run(ex, m -> topicDrafts.inferFromTopic(AdminJson.jsonBody(body(m))));
    }
}
