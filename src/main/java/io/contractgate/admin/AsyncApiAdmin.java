package io.contractgate.admin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.contractgate.asyncapi.AsyncApiExporter;
import io.contractgate.asyncapi.AsyncApiImporter;
import io.contractgate.contract.ContractStore;
import io.contractgate.contract.InvalidContractException;
import io.contractgate.contract.compat.CompatibilityLevel;
import io.contractgate.contract.compat.Reason;
import io.contractgate.settings.Settings;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * The gateway as an AsyncAPI 3 document: export of every mapping with its contract, and import of the mappings and
 * contracts a document describes (a dry run, or applied through the usual save paths when the dry run has no problem).
 */
public final class AsyncApiAdmin {

    private final ContractFiles files;
    private final ContractStore contracts;
    private final ContractVersions versions;
    private final ContractCompatibility compatibility;
    private final ContractAdmin contractAdmin;
    private final MappingAdmin mappings;
    private final ChangeJournal journal;
    private final Function<String, String> properties;
    private final AsyncApiExporter exporter = new AsyncApiExporter(Optional.ofNullable(
            AsyncApiAdmin.class.getPackage().getImplementationVersion()).orElse("development"));

    AsyncApiAdmin(ContractFiles files, ContractVersions versions, ContractCompatibility compatibility,
                  ContractAdmin contractAdmin, MappingAdmin mappings, ChangeJournal journal,
                  Function<String, String> properties) {
        this.files = files;
        this.contracts = files.store();
        this.versions = versions;
        this.compatibility = compatibility;
        this.contractAdmin = contractAdmin;
        this.mappings = mappings;
        this.journal = journal;
        this.properties = properties;
    }

    /** The AsyncAPI 3.0 document of every mapping (JSON, or YAML when {@code yaml}). */
    public Reply asyncApi(boolean yaml) {
        List<AsyncApiExporter.Channel> channels = new ArrayList<>();
        Map<String, JsonNode> schemas = new LinkedHashMap<>();
        for (Mapping m : mappings.mappingStore().mappings()) {
            channels.add(new AsyncApiExporter.Channel(m.id(), m.sourceTopic(), m.contractId(), m.validatedTopic(),
                    m.failedTopic(), m.enabled()));
            if (!schemas.containsKey(m.contractId())) {
                files.read(m.contractId()).map(AdminJson::parseOrNull).filter(JsonNode::isObject)
                        .ifPresent(n -> schemas.put(m.contractId(), n));
            }
        }
        Map<String, String> broker = BrokerSettingsFile.effective(properties);
        Settings settings = Settings.of(properties);
        String bind = settings.text("mqtt.embedded.bind", "");
        int port = settings.integer("mqtt.embedded.port", 1883);
        ObjectNode doc = exporter.build(channels, schemas, new AsyncApiExporter.Broker(broker.get("mqtt.broker.url"),
                bind.isBlank() || bind.equals("0.0.0.0") ? "localhost" : bind, port));
        return yaml ? Reply.text(AsyncApiExporter.yaml(doc), "application/yaml")
                : new Reply(200, AsyncApiExporter.json(doc), null, "application/json");
    }

    /**
     * Imports the mappings and contracts an AsyncAPI 3 document describes. Without {@code apply} it only answers what
     * would be created, replaced or left unchanged, and every problem; with it, it applies the plan through the usual
     * save paths, and only when the dry run has no problem (a contract change that breaks its compatibility level is
     * a problem unless {@code acceptBreak}).
     */
    public Reply importAsyncApi(String user, byte[] body, boolean apply, boolean acceptBreak) {
        if (body == null || body.length == 0) {
            throw ApiException.badRequest("body", "send the AsyncAPI document (JSON or YAML) as the body");
        }
        AsyncApiImporter.Plan plan;
        try {
            plan = new AsyncApiImporter().plan(AsyncApiImporter.parse(body));
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest("body", e.getMessage());
        }
        ObjectNode out = AdminJson.object();
        out.put("dryRun", !apply);
        int problems = 0;
        Map<String, String> texts = new LinkedHashMap<>();
        ArrayNode cs = out.putArray("contracts");
        for (AsyncApiImporter.PlannedContract c : plan.contracts()) {
            ObjectNode n = cs.addObject().put("id", c.id()).put("channel", c.channel());
            String text = AdminJson.pretty(c.schema());
            texts.put(c.id(), text);
            problems += planContract(c, text, n, acceptBreak);
        }
        List<String> contractIds = new ArrayList<>(contracts.ids());
        contractIds.addAll(texts.keySet());
        List<Mapping> existing = mappings.mappingStore().mappings();
        List<Mapping> planned = new ArrayList<>();
        ArrayNode ms = out.putArray("mappings");
        for (AsyncApiImporter.PlannedMapping m : plan.mappings()) {
            problems += planMapping(m, existing, planned, contractIds, ms.addObject());
        }
        ArrayNode sk = out.putArray("skipped");
        plan.skipped().forEach(x -> sk.addObject().put("channel", x.channel()).put("reason", x.reason()));
        out.put("problems", problems);
        if (!apply) {
            return Reply.ok(out);
        }
        if (problems > 0) {
            throw new ApiException(422, "the import has " + problems + " problem" + (problems > 1 ? "s" : "")
                    + "; nothing was changed (see the dry run: POST /api/asyncapi/import)", "body");
        }
        for (JsonNode n : cs) {
            String id = n.get("id").asText();
            switch (n.get("action").asText()) {
                case "create" -> contractAdmin.save(user, id, texts.get(id), null, "import", true, false);
                case "replace" -> contractAdmin.save(user, id, texts.get(id), null, "import", false, acceptBreak);
                default -> { }
            }
        }
        for (Mapping m : planned) {
            mappings.apply(user, m.id(), m, null, "create");
        }
        journal.record(user, "asyncapi", "import", "import", true, cs.size() + " contract(s), " + ms.size()
                + " mapping(s) in the document; created " + planned.size() + " mapping(s)");
        out.put("dryRun", false);
        out.put("applied", true);
        return Reply.ok(out);
    }

    /** Fills in the planned action for one contract; returns the number of problems (0 or 1). */
    private int planContract(AsyncApiImporter.PlannedContract c, String text, ObjectNode n, boolean acceptBreak) {
        try {
            contracts.compile(c.id(), text);
        } catch (InvalidContractException e) {
            n.put("action", "invalid").put("problem", e.getMessage());
            return 1;
        }
        int problems = 0;
        Optional<String> current = files.read(c.id());
        if (current.isEmpty()) {
            n.put("action", "create");
        } else if (withoutIdentity(c.schema()).equals(withoutIdentity(AdminJson.parseOrNull(current.get())))) {
            n.put("action", "unchanged");
        } else {
            n.put("action", "replace");
            CompatibilityLevel level = versions.level(c.id());
            List<Reason> breaks = compatibility.breaks(c.id(), level, current.get(), text);
            if (!breaks.isEmpty()) {
                n.set("reasons", AdminJson.tree(ContractCompatibility.reasonsJson(breaks)));
                if (!acceptBreak) {
                    n.put("problem", "breaks " + level + " compatibility (acceptBreak=true to import anyway)");
                    problems++;
                }
            }
        }
        n.set("schema", c.schema());
        return problems;
    }

    /** Fills in the planned action for one mapping; returns the number of problems (0 or 1). */
    private static int planMapping(AsyncApiImporter.PlannedMapping m, List<Mapping> existing, List<Mapping> planned,
                                   List<String> contractIds, ObjectNode n) {
        Mapping next = new Mapping(m.id(), m.sourceTopic(), m.contractId(), Mapping.DEFAULT_VALIDATED,
                Mapping.DEFAULT_FAILED, Mapping.DEFAULT_SENSOR_FIELD, true);
        n.put("id", m.id()).put("channel", m.channel()).put("sourceTopic", m.sourceTopic()).put("contractId", m.contractId());
        Optional<Mapping> same = existing.stream().filter(x -> x.id().equals(m.id())).findFirst();
        if (same.isPresent()) {
            boolean unchanged = same.get().sourceTopic().equals(m.sourceTopic()) && same.get().contractId().equals(m.contractId());
            n.put("action", unchanged ? "unchanged" : "conflict");
            if (unchanged) {
                return 0;
            }
            n.put("problem", "mapping '" + m.id() + "' exists with source topic " + same.get().sourceTopic()
                    + " and contract " + same.get().contractId() + "; edit it instead");
            return 1;
        }
        try {
            List<Mapping> others = new ArrayList<>(existing);
            others.addAll(planned);
            ConfigValidator.validateMapping(next, others, contractIds);
            n.put("action", "create");
            planned.add(next);
            return 0;
        } catch (ApiException e) {
            n.put("action", "invalid").put("problem", e.getMessage());
            return 1;
        }
    }

    /** A schema without $schema and $id, which an export leaves out: the same rules read back as unchanged. */
    private static JsonNode withoutIdentity(JsonNode n) {
        if (n == null || !n.isObject()) {
            return n;
        }
        ObjectNode copy = ((ObjectNode) n).deepCopy();
        copy.remove("$schema");
        copy.remove("$id");
        return copy;
    }
}
