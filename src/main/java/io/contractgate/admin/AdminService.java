package io.contractgate.admin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.contractgate.contract.Contract;
import io.contractgate.contract.ContractStore;
import io.contractgate.contract.InvalidContractException;
import io.contractgate.contract.PayloadValidator;
import io.contractgate.contract.Verdict;
import io.contractgate.asyncapi.AsyncApiExporter;
import io.contractgate.asyncapi.AsyncApiImporter;
import io.contractgate.contract.RecentSamples;
import io.contractgate.contract.compat.CompatibilityChecker;
import io.contractgate.infer.ContractInferrer;
import io.contractgate.contract.compat.CompatibilityLevel;
import io.contractgate.contract.compat.Reason;
import io.contractgate.mqtt.BrokerSettings;
import io.contractgate.mqtt.TopicPattern;
import io.contractgate.contract.ReportBuilder;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The admin operations on mappings, contracts and broker settings: validate, write atomically, reload only what
 * changed, restore the previous config when the reload fails, then audit, notify reload listeners and broadcast a
 * {@code config_updated} event. Changes are serialised; reads are not.
 */
public final class AdminService {

    public static final String EVENT_CONFIG_UPDATED = "config_updated";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final MappingStore mappings;
    private final ContractStore contracts;
    private final ContractVersions versions;
    private final AuditLog audit;
    private final EventHub events;
    private final PayloadValidator validator;
    private final ReportBuilder reports;
    private final RouteControl routes;
    private final Supplier<Collection<ReloadListener>> listeners;
    private final BrokerSettingsFile brokerFile;
    private final Function<String, String> properties;
    private final Function<String, String> env;
    private final boolean embeddedBroker;
    private final ReentrantLock changes = new ReentrantLock();

    public AdminService(MappingStore mappings, ContractStore contracts, ContractVersions versions, AuditLog audit,
                        EventHub events, PayloadValidator validator, ReportBuilder reports, RouteControl routes,
                        Supplier<Collection<ReloadListener>> listeners, BrokerSettingsFile brokerFile,
                        Function<String, String> properties, Function<String, String> env, boolean embeddedBroker) {
        this.mappings = mappings;
        this.contracts = contracts;
        this.versions = versions;
        this.audit = audit;
        this.events = events;
        this.validator = validator;
        this.reports = reports;
        this.routes = routes;
        this.listeners = listeners;
        this.brokerFile = brokerFile;
        this.properties = properties;
        this.env = env;
        this.embeddedBroker = embeddedBroker;
    }

    public MappingStore mappingStore() {
        return mappings;
    }

    public ContractStore contractStore() {
        return contracts;
    }

    public ContractVersions contractVersions() {
        return versions;
    }

    public AuditLog auditLog() {
        return audit;
    }

    // ---------------------------------------------------------------- mappings

    public Reply listMappings() {
        ArrayNode out = JSON.createArrayNode();
        for (MappingStore.Stored s : mappings.list()) {
            out.add(JSON.valueToTree(s.mapping().toJson()));
        }
        return Reply.ok(out);
    }

    public Reply getMapping(String id) {
        ConfigValidator.requireId("id", id);
        MappingStore.Stored s = mappings.read(id).orElseThrow(() -> ApiException.notFound("id", "no mapping '" + id + "'"));
        return Reply.ok(s.mapping().toJson(), s.etag());
    }

    public Reply createMapping(String user, Map<String, Object> body) {
        Mapping m = Mapping.fromJson(body, null);
        return applyMapping(user, m.id(), m, null, "create");
    }

    public Reply replaceMapping(String user, String id, Map<String, Object> body, String ifMatch) {
        ConfigValidator.requireId("id", id);
        return applyMapping(user, id, Mapping.fromJson(body, id), ifMatch, "replace");
    }

    public Reply setMappingEnabled(String user, String id, boolean enabled, String ifMatch) {
        ConfigValidator.requireId("id", id);
        MappingStore.Stored s = mappings.read(id).orElseThrow(() -> ApiException.notFound("id", "no mapping '" + id + "'"));
        return applyMapping(user, id, s.mapping().withEnabled(enabled), ifMatch, enabled ? "enable" : "disable");
    }

    public Reply deleteMapping(String user, String id, String ifMatch) {
        ConfigValidator.requireId("id", id);
        return applyMapping(user, id, null, ifMatch, "delete");
    }

    private Reply applyMapping(String user, String id, Mapping next, String ifMatch, String action) {
        changes.lock();
        try {
            Optional<MappingStore.Stored> current = mappings.read(id);
            if ("create".equals(action) && current.isPresent()) {
                throw ApiException.conflict("id", "mapping '" + id + "' already exists");
            }
            if (!"create".equals(action) && current.isEmpty()) {
                throw ApiException.notFound("id", "no mapping '" + id + "'");
            }
            checkIfMatch(ifMatch, current.map(MappingStore.Stored::etag).orElse(null));
            if (next != null) {
                List<Mapping> others = mappings.mappings().stream().filter(o -> !o.id().equals(id)).toList();
                ConfigValidator.validateMapping(next, others, contracts.ids());
            }
            String text = next == null ? null : MappingFiles.render(next);
            long millis = inPlace(current, next) ? retuneMapping(user, id, text, next, action)
                    : applyMappingFile(user, id, text, next != null && next.enabled(), current, action);
            audit.record(user, "mapping", id, action, true, text == null ? null : "reloaded in " + millis + " ms");
            if (next == null) {
                samples.forget(id);
            }
            notifyListeners("mapping", true);
            broadcast("mapping", id, action);
            ObjectNode out = JSON.createObjectNode();
            out.put("action", action);
            out.put("id", id);
            out.put("reloadMillis", millis);
            if (next != null) {
                out.set("mapping", JSON.valueToTree(next.toJson()));
                String etag = AtomicFiles.etag(text);
                return "create".equals(action) ? Reply.created(out, etag) : Reply.ok(out, etag);
            }
            return Reply.ok(out);
        } finally {
            changes.unlock();
        }
    }

    /** An edit that keeps the source topic of a running mapping needs no new subscription: apply it in place. */
    private static boolean inPlace(Optional<MappingStore.Stored> current, Mapping next) {
        return next != null && current.isPresent() && current.get().mapping().enabled() && next.enabled()
                && current.get().mapping().sourceTopic().equals(next.sourceTopic());
    }

    /**
     * Writes the mapping file and retunes the running route (contract, output topics, sensor field) from the next
     * message on, without restarting its consumer; falls back to a reload when the route cannot be retuned.
     */
    private long retuneMapping(String user, String id, String text, Mapping next, String action) {
        long started = System.nanoTime();
        MappingStore.Staged staged = mappings.stage(id, text);
        if (!routes.retune(next)) {
            staged.rollback();
            return applyMappingFile(user, id, text, true, mappings.read(id), action);
        }
        staged.commit();
        return (System.nanoTime() - started) / 1_000_000;
    }

    /**
     * Puts a mapping file in place (null: deletes it), reloads only that route, and restores the previous file and
     * route when Camel refuses the new one or it does not reach the expected state. Returns the reload time in ms.
     * Callers validate first; package-private so a test can hand it a file Camel refuses.
     */
    long applyMappingFile(String user, String id, String text, boolean expectStarted,
                          Optional<MappingStore.Stored> current, String action) {
        String routeId = Mapping.routeId(id);
        long started = System.nanoTime();
        MappingStore.Staged staged = mappings.stage(id, text);
        String problem = text == null ? routes.delete(routeId) : routes.reload(routeId, staged.target(), expectStarted);
        long millis = (System.nanoTime() - started) / 1_000_000;
        if (problem != null) {
            staged.rollback();
            String restore = current.isEmpty() ? routes.remove(routeId)
                    : routes.reload(routeId, staged.target(), current.get().mapping().enabled());
            String msg = "reload of mapping '" + id + "' failed: " + problem
                    + (restore == null ? "; the previous config is restored and running"
                    : "; restoring the previous config failed too: " + restore);
            audit.record(user, "mapping", id, action, false, msg);
            notifyListeners("mapping", false);
            throw new ApiException(422, msg, null);
        }
        staged.commit();
        return millis;
    }

    // ---------------------------------------------------------------- contracts

    public Reply listContracts() {
        List<Mapping> all = mappings.mappings();
        ArrayNode out = JSON.createArrayNode();
        for (String id : contracts.ids()) {
            ObjectNode n = out.addObject();
            n.put("id", id);
            try {
                Contract c = contracts.get(id);
                n.put("hash", c.hash());
                n.put("title", c.title());
                n.put("version", versions.versionOf(id, c.hash()));
            } catch (RuntimeException e) {
                n.put("error", e.getMessage());
            }
            ArrayNode used = n.putArray("usedBy");
            all.stream().filter(m -> m.contractId().equals(id)).forEach(m -> used.add(m.id()));
        }
        return Reply.ok(out);
    }

    /** The contract text as saved (raw JSON Schema), with its ETag. */
    public Reply getContract(String id) {
        ConfigValidator.requireId("id", id);
        String text = readContract(id).orElseThrow(() -> ApiException.notFound("id", "no contract '" + id + "'"));
        return new Reply(200, text, AtomicFiles.etag(text), "application/schema+json");
    }

    public Reply createContract(String user, String id, String schemaText) {
        return saveContract(user, id, schemaText, null, "create", true, false);
    }

    public Reply putContract(String user, String id, String schemaText, String ifMatch) {
        return putContract(user, id, schemaText, ifMatch, false);
    }

    /** Creates or replaces a contract; a change that breaks its compatibility level is refused unless acceptBreak. */
    public Reply putContract(String user, String id, String schemaText, String ifMatch, boolean acceptBreak) {
        return saveContract(user, id, schemaText, ifMatch, "replace", false, acceptBreak);
    }

    private Reply saveContract(String user, String id, String text, String ifMatch, String action, boolean createOnly,
                               boolean acceptBreak) {
        ConfigValidator.requireId("id", id);
        if (text == null || text.isBlank()) {
            throw ApiException.badRequest("schema", "the schema is empty");
        }
        Contract compiled;
        try {
            compiled = contracts.compile(id, text);
        } catch (InvalidContractException e) {
            throw ApiException.badRequest("schema", e.getMessage());
        }
        changes.lock();
        try {
            Optional<String> current = readContract(id);
            if (createOnly && current.isPresent()) {
                throw ApiException.conflict("id", "contract '" + id + "' already exists");
            }
            checkIfMatch(ifMatch, current.map(AtomicFiles::etag).orElse(null));
            String act = current.isEmpty() && "replace".equals(action) ? "create" : action;
            CompatibilityLevel level = versions.level(id);
            List<Reason> breaks = current.isEmpty() ? List.of() : compatibility(id, level, current.get(), text);
            if (!breaks.isEmpty() && !acceptBreak) {
                throw new ApiException(409, "the change breaks " + level + " compatibility of contract '" + id + "' ("
                        + breaks.size() + " reason" + (breaks.size() > 1 ? "s" : "") + "); resend with acceptBreak=true"
                        + " to save it anyway", "schema", reasonsJson(breaks));
            }
            ContractVersions.Version v = versions.record(id, current.orElse(null), text, user, act);
            AtomicFiles.write(contracts.file(id), text);
            try {
                contracts.reload(id); // the very next message uses it; no route restarts
            } catch (RuntimeException e) {
                current.ifPresentOrElse(old -> AtomicFiles.write(contracts.file(id), old), () -> deleteQuietly(id));
                contracts.forget(id);
                String msg = "contract '" + id + "' did not load: " + e.getMessage() + "; the previous version is in force";
                audit.record(user, "contract", id, act, false, msg);
                notifyListeners("contract", false);
                throw new ApiException(422, msg, "schema");
            }
            audit.record(user, "contract", id, act, true, "version " + v.version() + " " + compiled.hash()
                    + (breaks.isEmpty() ? "" : "; breaking change accepted (" + level + "): "
                    + String.join("; ", breaks.stream().map(Reason::text).toList())));
            notifyListeners("contract", true);
            broadcast("contract", id, act);
            ObjectNode out = JSON.createObjectNode();
            out.put("action", act);
            out.put("id", id);
            out.put("version", v.version());
            out.put("hash", compiled.hash());
            if (!breaks.isEmpty()) {
                out.put("acceptedBreak", true);
                out.set("reasons", JSON.valueToTree(reasonsJson(breaks)));
            }
            String etag = AtomicFiles.etag(text);
            return current.isEmpty() ? Reply.created(out, etag) : Reply.ok(out, etag);
        } finally {
            changes.unlock();
        }
    }

    public Reply deleteContract(String user, String id, String ifMatch) {
        ConfigValidator.requireId("id", id);
        changes.lock();
        try {
            String current = readContract(id).orElseThrow(() -> ApiException.notFound("id", "no contract '" + id + "'"));
            checkIfMatch(ifMatch, AtomicFiles.etag(current));
            List<String> users = mappings.mappings().stream().filter(m -> m.contractId().equals(id)).map(Mapping::id).toList();
            if (!users.isEmpty()) {
                throw ApiException.conflict("id", "contract '" + id + "' is used by mapping" + (users.size() > 1 ? "s " : " ")
                        + String.join(", ", users.stream().map(u -> "'" + u + "'").toList()));
            }
            if (versions.list(id).isEmpty()) {
                versions.record(id, null, current, "(file)", "initial"); // keep the text in the history
            }
            deleteQuietly(id);
            contracts.forget(id);
            audit.record(user, "contract", id, "delete", true, null);
            broadcast("contract", id, "delete");
            ObjectNode out = JSON.createObjectNode();
            out.put("action", "delete");
            out.put("id", id);
            return Reply.ok(out);
        } finally {
            changes.unlock();
        }
    }

    public Reply listVersions(String id) {
        ConfigValidator.requireId("id", id);
        List<ContractVersions.Version> all = versions.list(id);
        Optional<String> current = readContract(id);
        if (all.isEmpty() && current.isEmpty()) {
            throw ApiException.notFound("id", "no contract '" + id + "'");
        }
        String currentHash = current.map(io.contractgate.contract.ContractCompiler::hash).orElse(null);
        ArrayNode out = JSON.createArrayNode();
        for (ContractVersions.Version v : all) {
            out.add(v.toJson().put("current", v.hash().equals(currentHash)
                    && v.version() == versions.versionOf(id, currentHash)));
        }
        return Reply.ok(out);
    }

    public Reply getVersion(String id, String version) {
        ConfigValidator.requireId("id", id);
        int n = versionNumber("version", version);
        String text = versions.read(id, n).orElseThrow(() -> ApiException.notFound("version",
                "contract '" + id + "' has no version " + n));
        return new Reply(200, text, AtomicFiles.etag(text), "application/schema+json");
    }

    /** Unified diff between two versions; {@code to} may be "current" or absent for the file in force. */
    public Reply diff(String id, String from, String to) {
        ConfigValidator.requireId("id", id);
        int a = versionNumber("from", from);
        String left = versions.read(id, a).orElseThrow(() -> ApiException.notFound("from", "contract '" + id + "' has no version " + a));
        String right;
        String rightName;
        if (to == null || to.isBlank() || "current".equals(to)) {
            right = readContract(id).orElseThrow(() -> ApiException.notFound("to", "contract '" + id + "' has no current file"));
            rightName = id + ".schema.json (current)";
        } else {
            int b = versionNumber("to", to);
            right = versions.read(id, b).orElseThrow(() -> ApiException.notFound("to", "contract '" + id + "' has no version " + b));
            rightName = id + " version " + b;
        }
        return Reply.text(ContractVersions.diff(id + " version " + a, left, rightName, right), "text/plain; charset=utf-8");
    }

    public Reply rollback(String user, String id, String version, String ifMatch) {
        return rollback(user, id, version, ifMatch, false);
    }

    public Reply rollback(String user, String id, String version, String ifMatch, boolean acceptBreak) {
        ConfigValidator.requireId("id", id);
        int n = versionNumber("version", version);
        String text = versions.read(id, n).orElseThrow(() -> ApiException.notFound("version",
                "contract '" + id + "' has no version " + n));
        return saveContract(user, id, text, ifMatch, "rollback to version " + n, false, acceptBreak);
    }

    // ---------------------------------------------------------------- compatibility

    /** The contract's compatibility level. */
    public Reply getCompatibility(String id) {
        ConfigValidator.requireId("id", id);
        if (readContract(id).isEmpty()) {
            throw ApiException.notFound("id", "no contract '" + id + "'");
        }
        ObjectNode out = JSON.createObjectNode();
        out.put("id", id);
        out.put("level", versions.level(id).name());
        return Reply.ok(out);
    }

    /** Sets the compatibility level: {@code {"level": "FULL"}}. */
    public Reply putCompatibility(String user, String id, JsonNode body) {
        ConfigValidator.requireId("id", id);
        if (body == null || !body.isObject() || !body.path("level").isTextual()) {
            throw ApiException.badRequest("level", "expected {\"level\": \"BACKWARD\"} (one of "
                    + java.util.Arrays.toString(CompatibilityLevel.values()) + ")");
        }
        CompatibilityLevel level;
        try {
            level = CompatibilityLevel.parse(body.get("level").textValue());
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest("level", e.getMessage());
        }
        changes.lock();
        try {
            if (readContract(id).isEmpty()) {
                throw ApiException.notFound("id", "no contract '" + id + "'");
            }
            CompatibilityLevel before = versions.level(id);
            versions.setLevel(id, level);
            audit.record(user, "contract", id, "compatibility", true, before + " → " + level);
            broadcast("contract", id, "compatibility");
        } finally {
            changes.unlock();
        }
        return getCompatibility(id);
    }

    /** Would saving this schema break the contract's level? Answers the reasons; saves nothing. */
    public Reply checkCompatibility(String id, String text) {
        ConfigValidator.requireId("id", id);
        if (text == null || text.isBlank()) {
            throw ApiException.badRequest("schema", "the schema is empty");
        }
        try {
            contracts.compile(id, text);
        } catch (InvalidContractException e) {
            throw ApiException.badRequest("schema", e.getMessage());
        }
        Optional<String> current = readContract(id);
        CompatibilityLevel level = versions.level(id);
        List<Reason> breaks = current.isEmpty() ? List.of() : compatibility(id, level, current.get(), text);
        ObjectNode out = JSON.createObjectNode();
        out.put("id", id);
        out.put("level", level.name());
        out.put("compatible", breaks.isEmpty());
        out.set("reasons", JSON.valueToTree(reasonsJson(breaks)));
        return Reply.ok(out);
    }

    /** Checks a candidate against the version in force, or every saved version for the _TRANSITIVE levels. */
    private List<Reason> compatibility(String id, CompatibilityLevel level, String currentText, String nextText) {
        if (level == CompatibilityLevel.NONE) {
            return List.of();
        }
        List<JsonNode> history = new ArrayList<>();
        if (level.transitive()) {
            for (ContractVersions.Version v : versions.list(id)) {
                versions.read(id, v.version()).map(AdminService::parseOrNull).ifPresent(history::add);
            }
        }
        JsonNode current = parseOrNull(currentText);
        if (current != null && (history.isEmpty() || !history.get(history.size() - 1).equals(current))) {
            history.add(current);
        }
        JsonNode next = parseOrNull(nextText);
        return next == null ? List.of() : CompatibilityChecker.checkHistory(history, next, level);
    }

    private static JsonNode parseOrNull(String text) {
        try {
            return JSON.readTree(text);
        } catch (IOException e) {
            return null;
        }
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

    /**
     * Checks a payload against the contract in force and answers what the pipeline would publish, publishing nothing.
     * The mapping (for the report's mapping, topic and sensor field) is {@code mappingId}, else the first mapping
     * using the contract.
     */
    public Reply dryRun(String id, byte[] payload, String mappingId, String topic) {
        ConfigValidator.requireId("id", id);
        if (readContract(id).isEmpty()) {
            throw ApiException.notFound("id", "no contract '" + id + "'");
        }
        Mapping m = null;
        if (mappingId != null && !mappingId.isBlank()) {
            ConfigValidator.requireId("mapping", mappingId);
            m = mappings.read(mappingId).map(MappingStore.Stored::mapping)
                    .orElseThrow(() -> ApiException.badRequest("mapping", "no mapping '" + mappingId + "'"));
        } else {
            m = mappings.mappings().stream().filter(x -> x.contractId().equals(id)).findFirst().orElse(null);
        }
        Contract contract;
        try {
            contract = contracts.get(id);
        } catch (InvalidContractException e) {
            throw new ApiException(422, e.getMessage(), "id");
        }
        return check(contract, id, payload, m, topic);
    }

    /** Dry run of an unsaved draft: {@code {"schema": {...}, "payload": {...} or "text", "sensorIdField", "topic"}}. */
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
        ObjectNode out = JSON.createObjectNode();
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
            byte[] report = reports.build(mappingName, t, contract, contractId, Instant.now(), verdict, payload);
            try {
                out.set("report", JSON.readTree(report));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return Reply.ok(out);
    }

    // ---------------------------------------------------------------- hand edits

    /**
     * The contract store's view of the files: a text loaded from disk that is not the newest version in the history
     * was edited by hand (an editor, git pull, Kaoto) and becomes a version with author "file", audited. A file that
     * predates the admin API and was never changed stays the "original file" with no history.
     * Never takes the change lock: it runs inside the store's refresh, which an admin save may be waiting for.
     */
    public ContractStore.ChangeListener handEdits() {
        return new ContractStore.ChangeListener() {
            @Override
            public void loaded(String id, java.nio.file.Path file, Contract previous, Contract current) {
                List<ContractVersions.Version> all = versions.list(id);
                if (all.isEmpty() && previous == null) {
                    return; // the original file, as the gateway found it at start
                }
                if (!all.isEmpty() && all.get(all.size() - 1).hash().equals(current.hash())) {
                    return; // saved through the admin API: already the newest version
                }
                ContractVersions.Version v = versions.record(id, previous == null ? null : previous.source(),
                        current.source(), AUTHOR_FILE, "hand edit");
                audit.record(AUTHOR_FILE, "contract", id, "hand edit", true, "version " + v.version() + " " + current.hash()
                        + " from " + file);
                notifyListeners("contract", true);
                broadcast("contract", id, "hand edit");
            }

            @Override
            public void broken(String id, java.nio.file.Path file, String problem, Contract inForce) {
                int n = versions.versionOf(id, inForce.hash());
                audit.record(AUTHOR_FILE, "contract", id, "hand edit", false, "file " + file + " does not load: " + problem
                        + "; " + (n > 0 ? "version " + n + " " : "") + inForce.hash() + " stays in force");
                notifyListeners("contract", false);
            }
        };
    }

    /**
     * At start: a contract file whose text is not the newest version in its history was edited while the gateway was
     * stopped; it becomes a version by "file" like any hand edit.
     */
    public void recordEditsMadeWhileStopped() {
        ContractStore.ChangeListener l = handEdits();
        for (String id : contracts.ids()) {
            try {
                l.loaded(id, contracts.file(id), null, contracts.get(id));
            } catch (RuntimeException e) {
                // a file that does not load was already refused at start, or is reported by the scan
            }
        }
    }

    /** Looks at every contract file (at most once a second each), so hand edits are noticed without traffic. */
    public void scanContracts() {
        for (String id : contracts.ids()) {
            try {
                contracts.get(id);
            } catch (RuntimeException e) {
                // a new file that never compiled: reported once per problem, not every scan
                if (brokenNew.add(id + "\n" + e.getMessage())) {
                    org.slf4j.LoggerFactory.getLogger(AdminService.class).error("Contract file {} does not load: {}",
                            contracts.file(id), e.getMessage());
                    audit.record(AUTHOR_FILE, "contract", id, "hand edit", false, e.getMessage());
                }
            }
        }
    }

    /** The author of versions that came from the file on disk. */
    public static final String AUTHOR_FILE = "file";
    private final java.util.Set<String> brokenNew = java.util.concurrent.ConcurrentHashMap.newKeySet();

    // ---------------------------------------------------------------- inferred contracts

    /** Most examples one request may paste. */
    public static final int MAX_EXAMPLES = 1000;
    private volatile RecentSamples samples = new RecentSamples(0);
    private final ContractInferrer inferrer = new ContractInferrer();

    /** The buffer of recent payloads the running mappings fill. */
    public void useSamples(RecentSamples samples) {
        this.samples = samples;
    }

    /** The recent payloads of a mapping, oldest first: JSON as JSON, anything else as text. */
    public Reply recentSamples(String mappingId) {
        requireMapping(mappingId);
        ObjectNode out = JSON.createObjectNode();
        out.put("mapping", mappingId);
        out.put("capacity", samples.capacity());
        ArrayNode list = out.putArray("samples");
        for (byte[] b : samples.recent(mappingId)) {
            JsonNode n = parseOrNull(b);
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
        Mapping m = requireMapping(mappingId);
        List<JsonNode> parsed = new ArrayList<>();
        int skipped = 0;
        for (byte[] b : samples.recent(mappingId)) {
            JsonNode n = parseOrNull(b);
            if (n == null) {
                skipped++;
            } else {
                parsed.add(n);
            }
        }
        if (parsed.isEmpty()) {
            throw ApiException.conflict("samples", "mapping '" + mappingId + "' has received no JSON message since the"
                    + " gateway started" + (samples.capacity() == 0 ? " (contracts.sample-buffer is 0: none are kept)" : "")
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
                JsonNode n = parseOrNull(l.getBytes(StandardCharsets.UTF_8));
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

    private ObjectNode draftReply(List<JsonNode> parsed, int skipped, String title) {
        ObjectNode out = inferrer.infer(parsed, title).toJson();
        out.put("skipped", skipped);
        out.put("applied", false);
        ArrayNode shown = out.putArray("samples");
        parsed.subList(Math.max(0, parsed.size() - 20), parsed.size()).forEach(shown::add);
        return out;
    }

    private Mapping requireMapping(String id) {
        ConfigValidator.requireId("id", id);
        return mappings.read(id).map(MappingStore.Stored::mapping)
                .orElseThrow(() -> ApiException.notFound("id", "no mapping '" + id + "'"));
    }

    private static JsonNode parseOrNull(byte[] bytes) {
        try {
            JsonNode n = JSON.readTree(bytes);
            return n == null || n.isMissingNode() ? null : n;
        } catch (IOException e) {
            return null;
        }
    }

    // ---------------------------------------------------------------- AsyncAPI

    private final AsyncApiExporter asyncApi = new AsyncApiExporter(Optional.ofNullable(
            AdminService.class.getPackage().getImplementationVersion()).orElse("development"));

    /** The AsyncAPI 3.0 document of every mapping (JSON, or YAML when {@code yaml}). */
    public Reply asyncApi(boolean yaml) {
        List<AsyncApiExporter.Channel> channels = new ArrayList<>();
        Map<String, JsonNode> schemas = new LinkedHashMap<>();
        for (Mapping m : mappings.mappings()) {
            channels.add(new AsyncApiExporter.Channel(m.id(), m.sourceTopic(), m.contractId(), m.validatedTopic(),
                    m.failedTopic(), m.enabled()));
            if (!schemas.containsKey(m.contractId())) {
                readContract(m.contractId()).map(AdminService::parseOrNull).filter(JsonNode::isObject)
                        .ifPresent(n -> schemas.put(m.contractId(), n));
            }
        }
        Map<String, String> broker = BrokerSettingsFile.effective(properties);
        String bind = Optional.ofNullable(properties.apply("mqtt.embedded.bind")).orElse("");
        int port;
        try {
            port = Integer.parseInt(Optional.ofNullable(properties.apply("mqtt.embedded.port")).orElse("1883").trim());
        } catch (NumberFormatException e) {
            port = 1883;
        }
        ObjectNode doc = asyncApi.build(channels, schemas, new AsyncApiExporter.Broker(broker.get("mqtt.broker.url"),
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
        ObjectNode out = JSON.createObjectNode();
        out.put("dryRun", !apply);
        int problems = 0;
        Map<String, String> texts = new LinkedHashMap<>();
        ArrayNode cs = out.putArray("contracts");
        for (AsyncApiImporter.PlannedContract c : plan.contracts()) {
            ObjectNode n = cs.addObject().put("id", c.id()).put("channel", c.channel());
            String text = prettyJson(c.schema());
            texts.put(c.id(), text);
            try {
                contracts.compile(c.id(), text);
            } catch (InvalidContractException e) {
                n.put("action", "invalid").put("problem", e.getMessage());
                problems++;
                continue;
            }
            Optional<String> current = readContract(c.id());
            if (current.isEmpty()) {
                n.put("action", "create");
            } else if (withoutIdentity(c.schema()).equals(withoutIdentity(parseOrNull(current.get())))) {
                n.put("action", "unchanged");
            } else {
                n.put("action", "replace");
                CompatibilityLevel level = versions.level(c.id());
                List<Reason> breaks = compatibility(c.id(), level, current.get(), text);
                if (!breaks.isEmpty()) {
                    n.set("reasons", JSON.valueToTree(reasonsJson(breaks)));
                    if (!acceptBreak) {
                        n.put("problem", "breaks " + level + " compatibility (acceptBreak=true to import anyway)");
                        problems++;
                    }
                }
            }
            n.set("schema", c.schema());
        }
        List<String> contractIds = new ArrayList<>(contracts.ids());
        contractIds.addAll(texts.keySet());
        List<Mapping> existing = mappings.mappings();
        List<Mapping> planned = new ArrayList<>();
        ArrayNode ms = out.putArray("mappings");
        for (AsyncApiImporter.PlannedMapping m : plan.mappings()) {
            Mapping next = new Mapping(m.id(), m.sourceTopic(), m.contractId(), Mapping.DEFAULT_VALIDATED,
                    Mapping.DEFAULT_FAILED, Mapping.DEFAULT_SENSOR_FIELD, true);
            ObjectNode n = ms.addObject().put("id", m.id()).put("channel", m.channel()).put("sourceTopic", m.sourceTopic())
                    .put("contractId", m.contractId());
            Optional<Mapping> same = existing.stream().filter(x -> x.id().equals(m.id())).findFirst();
            if (same.isPresent()) {
                boolean unchanged = same.get().sourceTopic().equals(m.sourceTopic()) && same.get().contractId().equals(m.contractId());
                n.put("action", unchanged ? "unchanged" : "conflict");
                if (!unchanged) {
                    n.put("problem", "mapping '" + m.id() + "' exists with source topic " + same.get().sourceTopic()
                            + " and contract " + same.get().contractId() + "; edit it instead");
                    problems++;
                }
                continue;
            }
            try {
                List<Mapping> others = new ArrayList<>(existing);
                others.addAll(planned);
                ConfigValidator.validateMapping(next, others, contractIds);
                n.put("action", "create");
                planned.add(next);
            } catch (ApiException e) {
                n.put("action", "invalid").put("problem", e.getMessage());
                problems++;
            }
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
                case "create" -> saveContract(user, id, texts.get(id), null, "import", true, false);
                case "replace" -> saveContract(user, id, texts.get(id), null, "import", false, acceptBreak);
                default -> { }
            }
        }
        for (Mapping m : planned) {
            applyMapping(user, m.id(), m, null, "create");
        }
        audit.record(user, "asyncapi", "import", "import", true, cs.size() + " contract(s), " + ms.size()
                + " mapping(s) in the document; created " + planned.size() + " mapping(s)");
        out.put("dryRun", false);
        out.put("applied", true);
        return Reply.ok(out);
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

    private static String prettyJson(JsonNode n) {
        try {
            return JSON.writerWithDefaultPrettyPrinter().writeValueAsString(n) + "\n";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    // ---------------------------------------------------------------- broker

    public Reply getBroker() {
        Map<String, String> values = BrokerSettingsFile.effective(properties);
        ObjectNode out = JSON.valueToTree(BrokerSettingsFile.masked(values));
        return Reply.ok(out, AtomicFiles.etag(BrokerSettingsFile.render(values)));
    }

    public Reply putBroker(String user, JsonNode body, String ifMatch) {
        if (body == null || !body.isObject()) {
            throw ApiException.badRequest("body", "expected a JSON object of mqtt.* settings");
        }
        changes.lock();
        try {
            Map<String, String> current = BrokerSettingsFile.effective(properties);
            checkIfMatch(ifMatch, AtomicFiles.etag(BrokerSettingsFile.render(current)));
            Map<String, String> next = new LinkedHashMap<>(current);
            var fields = body.fields();
            while (fields.hasNext()) {
                var e = fields.next();
                String key = e.getKey();
                if (!BrokerSettingsFile.KEYS.contains(key)) {
                    throw ApiException.badRequest(key, "unknown setting '" + ConfigValidator.printable(key)
                            + "' (allowed: " + BrokerSettingsFile.KEYS + ")");
                }
                JsonNode v = e.getValue();
                if (!v.isValueNode()) {
                    throw ApiException.badRequest(key, key + " must be a string, number or boolean");
                }
                String value = v.isNull() ? "" : v.asText();
                if (BrokerSettingsFile.isSecret(key) && BrokerSettingsFile.MASK.equals(value)) {
                    continue; // the masked value sent back unchanged: keep the secret
                }
                if (value.chars().anyMatch(c -> c < 0x20)) {
                    throw ApiException.badRequest(key, key + " must not contain control characters");
                }
                String envName = key.toUpperCase().replace('.', '_').replace('-', '_');
                if (env.apply(envName) != null && !value.equals(current.get(key))) {
                    throw ApiException.conflict(key, key + " is set by the environment variable " + envName
                            + ", which wins at every start; change it there");
                }
                next.put(key, value);
            }
            BrokerSettings settings;
            try {
                settings = BrokerSettings.from(next::get);
                settings.socketFactory(); // TLS stores are loaded now, not at the first reconnect
            } catch (IllegalArgumentException e) {
                String msg = e.getMessage();
                String field = BrokerSettingsFile.KEYS.stream().filter(k -> msg != null && msg.startsWith(k)).findFirst()
                        .orElse(msg != null && msg.contains("mqtt.tls") ? "mqtt.tls" : null);
                throw ApiException.badRequest(field, msg);
            }
            if (settings.embedded() && !embeddedBroker) {
                throw ApiException.badRequest("mqtt.broker.url", "mqtt.broker.url is empty but no embedded broker"
                        + " is running (it starts only when the URL is empty at start)");
            }
            if (next.equals(current)) {
                return getBroker();
            }
            long started = System.nanoTime();
            String problem = routes.reconnect(next);
            long millis = (System.nanoTime() - started) / 1_000_000;
            if (problem != null) {
                String restore = routes.reconnect(current);
                String msg = "the MQTT routes did not come up with the new broker settings: " + problem
                        + (restore == null ? "; the previous settings are restored and running"
                        : "; restoring the previous settings failed too: " + restore);
                audit.record(user, "broker", "broker", "replace", false, msg);
                notifyListeners("broker", false);
                throw new ApiException(422, msg, null);
            }
            AtomicFiles.write(brokerFile.file(), BrokerSettingsFile.render(next));
            audit.record(user, "broker", "broker", "replace", true, settings.describe() + ", reconnected in " + millis + " ms");
            notifyListeners("broker", true);
            broadcast("broker", "broker", "replace");
            ObjectNode out = JSON.createObjectNode();
            out.put("action", "replace");
            out.put("reloadMillis", millis);
            out.set("settings", JSON.valueToTree(BrokerSettingsFile.masked(next)));
            return Reply.ok(out, AtomicFiles.etag(BrokerSettingsFile.render(next)));
        } finally {
            changes.unlock();
        }
    }

    // ---------------------------------------------------------------- audit

    public Reply audit(String limit) {
        int n = 100;
        if (limit != null && !limit.isBlank()) {
            try {
                n = Integer.parseInt(limit);
            } catch (NumberFormatException e) {
                n = -1;
            }
            if (n < 1 || n > 10_000) {
                throw ApiException.badRequest("limit", "limit must be a whole number from 1 to 10000");
            }
        }
        ArrayNode out = JSON.createArrayNode();
        audit.tail(n).forEach(out::add);
        return Reply.ok(out);
    }

    // ---------------------------------------------------------------- helpers

    private Optional<String> readContract(String id) {
        try {
            return Optional.of(Files.readString(contracts.file(id), StandardCharsets.UTF_8));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void deleteQuietly(String id) {
        try {
            Files.deleteIfExists(contracts.file(id));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static int versionNumber(String field, String value) {
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

    private static void checkIfMatch(String ifMatch, String currentEtag) {
        if (!AtomicFiles.ifMatchAllows(ifMatch, currentEtag)) {
            throw new ApiException(412, "If-Match " + ifMatch + " does not match the current version "
                    + (currentEtag == null ? "(none)" : currentEtag) + ": reload and retry", "If-Match");
        }
    }

    private void notifyListeners(String kind, boolean ok) {
        for (ReloadListener l : listeners.get()) {
            try {
                l.reloadCompleted(kind, ok);
            } catch (RuntimeException ignored) {
                // a metrics hook must never turn a done change into an error
            }
        }
    }

    private void broadcast(String kind, String id, String action) {
        ObjectNode n = JSON.createObjectNode();
        n.put("kind", kind);
        n.put("id", id);
        n.put("action", action);
        n.put("at", Instant.now().toString());
        events.publish(EVENT_CONFIG_UPDATED, n.toString());
    }

    /** Reads a JSON object body, naming the problem; used by the HTTP adapter. */
    @SuppressWarnings("unchecked")
    public static Map<String, Object> objectBody(byte[] body) {
        JsonNode n = jsonBody(body);
        if (!n.isObject()) {
            throw ApiException.badRequest("body", "expected a JSON object");
        }
        return JSON.convertValue(n, Map.class);
    }

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

    /** The mapping ids that use each contract (for the status page). */
    public Map<String, List<String>> contractUsers() {
        Map<String, List<String>> out = new LinkedHashMap<>();
        for (Mapping m : mappings.mappings()) {
            out.computeIfAbsent(m.contractId(), k -> new ArrayList<>()).add(m.id());
        }
        return out;
    }
}
