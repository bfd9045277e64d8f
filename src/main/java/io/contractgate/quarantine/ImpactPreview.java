package io.contractgate.quarantine;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.contractgate.admin.ApiException;
import io.contractgate.contract.Contract;
import io.contractgate.contract.ContractValidationProcessor;
import io.contractgate.contract.MappingParameters;
import io.contractgate.contract.GatewayServices;
import io.contractgate.contract.InvalidContractException;
import io.contractgate.contract.Verdict;
import io.contractgate.contract.Violation;
import io.contractgate.contract.ReportJson;

import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a draft contract would have decided on a mapping's real traffic: its recent validated messages
 * ({@link RecentTraffic}) and its newest quarantined ones ({@value #QUARANTINED_CHECKED} at most). Answers how many
 * would flip validated→failed and failed→validated, examples of each, and the top error types and fields of the newly
 * failing ones. Nothing is saved or published.
 */
public final class ImpactPreview {

    static final int QUARANTINED_CHECKED = 2000;
    /**
     * Quarantined rows read per query: each holds its payload and report (up to 256 KiB and more), so 500 a page were
     * 128 MB and more, the whole heap, on a quarantine filled by a flood of large messages.
     */
    static final int PAGE = 50;
    static final int EXAMPLES = 5;

    private final GatewayServices services;
    private final RecentTraffic recent;
    private final QuarantineStore store;

    public ImpactPreview(GatewayServices services, RecentTraffic recent, QuarantineStore store) {
        this.services = services;
        this.recent = recent;
        this.store = store;
    }

    public ObjectNode preview(String mapping, String draft) {
        if (mapping == null || mapping.isBlank()) {
            throw ApiException.badRequest("mapping", "mapping is required");
        }
        MappingParameters.Parameters running = services.parameters().get(mapping)
                .orElseThrow(() -> ApiException.notFound("mapping", "mapping '" + mapping + "' is not running"));
        if (draft == null || draft.isBlank()) {
            throw ApiException.badRequest("schema", "schema is required");
        }
        Contract contract;
        try {
            contract = services.contracts().compile(running.contractId(), draft);
        } catch (InvalidContractException | IllegalArgumentException e) {
            throw ApiException.badRequest("schema", "the draft does not compile: " + e.getMessage());
        }
        String sensorField = running.sensorIdField();
        ObjectNode out = QuarantineJson.JSON.createObjectNode();
        out.put("mapping", mapping);
        out.put("contract_id", running.contractId());
        out.put("draft_version", contract.hash());

        Map<String, Integer> newTypes = new HashMap<>();
        Map<String, Integer> newFields = new HashMap<>();
        List<RecentTraffic.Recent> validated = recent.recent(mapping);
        int toFailed = 0;
        ArrayNode failedExamples = QuarantineJson.JSON.createArrayNode();
        for (RecentTraffic.Recent r : validated) {
            Verdict v = services.validator().validate(r.payload(), contract, sensorField);
            if (!v.valid()) {
                toFailed++;
                for (Violation x : v.violations()) {
                    newTypes.merge(x.type().wireName(), 1, Integer::sum);
                    newFields.merge(x.pointer(), 1, Integer::sum);
                }
                if (failedExamples.size() < EXAMPLES) {
                    ObjectNode e = failedExamples.addObject();
                    e.put("topic", r.topic());
                    e.put("received_at", Instant.ofEpochMilli(r.receivedAt()).toString());
                    ReportJson.put(e, "report", services.reports().build(mapping, r.topic(), contract,
                            running.contractId(), Instant.ofEpochMilli(r.receivedAt()), v, r.payload()));
                }
            }
        }
        QuarantineFilter quarantined = QuarantineFilter.from(Map.of("mapping", mapping, "status",
                QuarantinedMessage.QUARANTINED)::get);
        int toValidated = 0;
        int checked = 0;
        ArrayNode passExamples = QuarantineJson.JSON.createArrayNode();
        long before = Long.MAX_VALUE;
        while (checked < QUARANTINED_CHECKED) {
            List<QuarantinedMessage> page = store.pageDescending(quarantined, before, PAGE);
            for (QuarantinedMessage m : page) {
                checked++;
                if (services.validator().validate(m.payload(), contract, sensorField).valid()) {
                    toValidated++;
                    if (passExamples.size() < EXAMPLES) {
                        passExamples.add(QuarantineJson.message(m, true));
                    }
                }
            }
            if (page.size() < PAGE) {
                break;
            }
            before = page.get(page.size() - 1).id();
        }
        out.put("recent_validated_checked", validated.size());
        out.put("validated_to_failed", toFailed);
        out.put("quarantined_checked", checked);
        out.put("failed_to_validated", toValidated);
        out.set("validated_to_failed_examples", failedExamples);
        out.set("failed_to_validated_examples", passExamples);
        out.set("top_new_error_types", top(newTypes));
        out.set("top_new_fields", top(newFields));
        return out;
    }

    private static ArrayNode top(Map<String, Integer> counts) {
        ArrayNode a = QuarantineJson.JSON.createArrayNode();
        Map<String, Integer> sorted = new LinkedHashMap<>();
        counts.entrySet().stream().sorted((x, y) -> y.getValue() - x.getValue()).limit(5)
                .forEach(e -> sorted.put(e.getKey(), e.getValue()));
        sorted.forEach((k, v) -> a.addObject().put("name", k).put("count", v));
        return a;
    }
}
