package io.contractgate.admin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.contractgate.contract.InvalidContractException;
import io.contractgate.contract.compat.CompatibilityChecker;
import io.contractgate.contract.compat.CompatibilityLevel;
import io.contractgate.contract.compat.Reason;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Each contract's compatibility level and the check of a candidate schema against it: against the version in force,
 * or every saved version for the _TRANSITIVE levels. Changes nothing (setting a level is a change: ContractAdmin).
 */
public final class ContractCompatibility {

    private final ContractFiles files;
    private final ContractVersions versions;

    ContractCompatibility(ContractFiles files, ContractVersions versions) {
        this.files = files;
        this.versions = versions;
    }

    /** The contract's compatibility level. */
    public Reply getCompatibility(String id) {
        ConfigValidator.requireId("id", id);
        files.require(id);
        ObjectNode out = AdminJson.object();
        out.put("id", id);
        out.put("level", versions.level(id).name());
        return Reply.ok(out);
    }

    /** Would saving this schema break the contract's level? Answers the reasons; saves nothing. */
    public Reply checkCompatibility(String id, String text) {
        ConfigValidator.requireId("id", id);
        if (text == null || text.isBlank()) {
            throw ApiException.badRequest("schema", "the schema is empty");
        }
        try {
            files.store().compile(id, text);
        } catch (InvalidContractException e) {
            throw ApiException.badRequest("schema", e.getMessage());
        }
        Optional<String> current = files.read(id);
        CompatibilityLevel level = versions.level(id);
        List<Reason> breaks = current.isEmpty() ? List.of() : breaks(id, level, current.get(), text);
        ObjectNode out = AdminJson.object();
        out.put("id", id);
        out.put("level", level.name());
        out.put("compatible", breaks.isEmpty());
        out.set("reasons", AdminJson.tree(reasonsJson(breaks)));
        return Reply.ok(out);
    }

    /** Checks a candidate against the version in force, or every saved version for the _TRANSITIVE levels. */
    List<Reason> breaks(String id, CompatibilityLevel level, String currentText, String nextText) {
        if (level == CompatibilityLevel.NONE) {
            return List.of();
        }
        List<JsonNode> history = new ArrayList<>();
        if (level.transitive()) {
            for (ContractVersions.Version v : versions.list(id)) {
                versions.read(id, v.version()).map(AdminJson::parseOrNull).ifPresent(history::add);
            }
        }
        JsonNode current = AdminJson.parseOrNull(currentText);
        if (current != null && (history.isEmpty() || !history.get(history.size() - 1).equals(current))) {
            history.add(current);
        }
        JsonNode next = AdminJson.parseOrNull(nextText);
        return next == null ? List.of() : CompatibilityChecker.checkHistory(history, next, level);
    }

    /** The reasons as the API shows them: pointer, rule, message, proven, direction and one line of text. */
    static List<Map<String, Object>> reasonsJson(List<Reason> reasons) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (Reason r : reasons) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("pointer", r.pointer());
            m.put("rule", r.rule());
            m.put("message", r.message());
            m.put("proven", r.proven());
            m.put("direction", r.direction());
            m.put("text", r.text());
            out.add(m);
        }
        return out;
    }
}
