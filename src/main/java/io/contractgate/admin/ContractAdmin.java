package io.contractgate.admin;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.contractgate.contract.Contract;
import io.contractgate.contract.ContractCompiler;
import io.contractgate.contract.ContractStore;
import io.contractgate.contract.InvalidContractException;
import io.contractgate.contract.compat.CompatibilityLevel;
import io.contractgate.contract.compat.Reason;

import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * The admin operations on contracts and their history: list, read, create, replace (refused when it breaks the
 * contract's compatibility level unless accepted), set the compatibility level, delete, versions, diff and rollback.
 * A saved contract is used by the very next message; no route restarts.
 *
 * <p>Longer than ~250 lines on purpose: every write (save, level, delete, rollback) takes the same steps (If-Match,
 * compatibility check, version, journal) through one private path, and the history reads answer from the versions
 * those writes keep.
 */
public final class ContractAdmin {

    private final ContractFiles files;
    private final ContractStore contracts;
    private final ContractVersions versions;
    private final ContractCompatibility compatibility;
    private final MappingStore mappings;
    private final ChangeJournal journal;

    ContractAdmin(ContractFiles files, ContractVersions versions, ContractCompatibility compatibility,
                  MappingStore mappings, ChangeJournal journal) {
        this.files = files;
        this.contracts = files.store();
        this.versions = versions;
        this.compatibility = compatibility;
        this.mappings = mappings;
        this.journal = journal;
    }

    public Reply listContracts() {
        List<Mapping> all = mappings.mappings();
        ArrayNode out = AdminJson.array();
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
        String text = files.require(id);
        return new Reply(200, text, AtomicFiles.etag(text), "application/schema+json");
    }

    /** Takes a version that never came into force back out of the history; a failure to do so rides on {@code cause}. */
    private void undo(String id, ContractVersions.Version v, RuntimeException cause) {
        try {
            versions.undo(id, v);
        } catch (UncheckedIOException e) {
            cause.addSuppressed(e);
        }
    }

    public Reply createContract(String user, String id, String schemaText) {
        return save(user, id, schemaText, null, "create", true, false);
    }

    /** Creates or replaces a contract; a change that breaks its compatibility level is refused unless acceptBreak. */
    public Reply putContract(String user, String id, String schemaText, String ifMatch, boolean acceptBreak) {
        return save(user, id, schemaText, ifMatch, "replace", false, acceptBreak);
    }

    /** Validates, versions, writes and loads one contract; restores the previous text when it does not load. */
    Reply save(String user, String id, String text, String ifMatch, String action, boolean createOnly,
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
        return journal.serialised(() -> {
            Optional<String> current = files.read(id);
            if (createOnly && current.isPresent()) {
                throw ApiException.conflict("id", "contract '" + id + "' already exists; replace it with PUT /api/contracts/"
                        + id + " (saved as its next version)");
            }
            AdminJson.checkIfMatch(ifMatch, current.map(AtomicFiles::etag).orElse(null));
            if (current.isPresent() && ContractCompiler.hash(current.get()).equals(compiled.hash())) {
                // the very bytes in force: nothing to version, write, reload, audit or announce
                return unchanged(id, compiled.hash(), current.get());
            }
            String act = current.isEmpty() && "replace".equals(action) ? "create" : action;
            CompatibilityLevel level = versions.level(id);
            List<Reason> breaks = current.isEmpty() ? List.of() : compatibility.breaks(id, level, current.get(), text);
            if (!breaks.isEmpty() && !acceptBreak) {
                throw new ApiException(409, "the change breaks " + level + " compatibility of contract '" + id + "' ("
                        + breaks.size() + " reason" + (breaks.size() > 1 ? "s" : "") + "); resend with acceptBreak=true"
                        + " to save it anyway", "schema", ContractCompatibility.reasonsJson(breaks));
            }
            ContractVersions.Version v = versions.record(id, current.orElse(null), text, user, act);
            try {
                files.write(id, text);
            } catch (UncheckedIOException e) {
                undo(id, v, e); // a full disk: the history must not show a version that is not in force
                throw e;
            }
            try {
                contracts.reload(id); // the very next message uses it; no route restarts
            } catch (RuntimeException e) {
                undo(id, v, e);
                current.ifPresentOrElse(old -> files.write(id, old), () -> files.delete(id));
                contracts.forget(id);
                String msg = "contract '" + id + "' did not load: " + e.getMessage() + "; the previous version is in force";
                journal.record(user, "contract", id, act, false, msg);
                journal.notifyListeners("contract", false);
                throw new ApiException(422, msg, "schema");
            }
            journal.record(user, "contract", id, act, true, "version " + v.version() + " " + compiled.hash()
                    + (breaks.isEmpty() ? "" : "; breaking change accepted (" + level + "): "
                    + String.join("; ", breaks.stream().map(Reason::text).toList())));
            journal.notifyListeners("contract", true);
            journal.broadcast("contract", id, act);
            ObjectNode out = AdminJson.object();
            out.put("action", act);
            out.put("id", id);
            out.put("version", v.version());
            out.put("hash", compiled.hash());
            if (!breaks.isEmpty()) {
                out.put("acceptedBreak", true);
                out.set("reasons", AdminJson.tree(ContractCompatibility.reasonsJson(breaks)));
            }
            String etag = AtomicFiles.etag(text);
            return current.isEmpty() ? Reply.created(out, etag) : Reply.ok(out, etag);
        });
    }

    /** A save of the text in force: 200 with the version it already is (none when it was never saved here). */
    private Reply unchanged(String id, String hash, String text) {
        ObjectNode out = AdminJson.object();
        out.put("action", "unchanged");
        out.put("id", id);
        int version = versions.versionOf(id, hash);
        if (version > 0) {
            out.put("version", version);
        }
        out.put("hash", hash);
        return Reply.ok(out, AtomicFiles.etag(text));
    }

    /**
     * Puts a contract committed by another gateway of the fleet in force here (null text: removes it): written and
     * loaded like a save through this API, the previous text restored when it does not load; its history files are
     * written before, so it is not mistaken for a hand edit. Callers hold the change lock.
     */
    void applyCommitted(String id, String text) {
        Optional<String> current = files.read(id);
        if (text == null ? current.isEmpty() : current.isPresent() && current.get().equals(text)) {
            return;
        }
        if (text == null) {
            files.delete(id);
            contracts.forget(id);
        } else {
            files.write(id, text);
            try {
                contracts.reload(id);
            } catch (RuntimeException e) {
                current.ifPresentOrElse(old -> files.write(id, old), () -> files.delete(id));
                if (current.isEmpty()) {
                    contracts.forget(id);
                }
                throw new IllegalStateException("contract '" + id + "' did not load: " + e.getMessage()
                        + "; the previous version stays in force", e);
            }
        }
        journal.notifyListeners("contract", true);
        journal.broadcast("contract", id, MappingAdmin.ACTION_SYNC);
    }

    /** Sets the compatibility level: {@code {"level": "FULL"}}. */
    public Reply putCompatibility(String user, String id, CompatibilityRequest body) {
        ConfigValidator.requireId("id", id);
        if (body.level() == null) {
            throw ApiException.badRequest("level", "expected {\"level\": \"BACKWARD\"} (one of "
                    + Arrays.toString(CompatibilityLevel.values()) + ")");
        }
        CompatibilityLevel level;
        try {
            level = CompatibilityLevel.parse(body.level());
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest("level", e.getMessage());
        }
        journal.serialised(() -> {
            files.require(id);
            CompatibilityLevel before = versions.level(id);
            versions.setLevel(id, level);
            journal.record(user, "contract", id, "compatibility", true, before + " → " + level);
            journal.broadcast("contract", id, "compatibility");
            return null;
        });
        return compatibility.getCompatibility(id);
    }

    public Reply deleteContract(String user, String id, String ifMatch) {
        ConfigValidator.requireId("id", id);
        return journal.serialised(() -> {
            String current = files.require(id);
            AdminJson.checkIfMatch(ifMatch, AtomicFiles.etag(current));
            List<String> users = mappings.mappings().stream().filter(m -> m.contractId().equals(id)).map(Mapping::id).toList();
            if (!users.isEmpty()) {
                throw ApiException.conflict("id", "contract '" + id + "' is used by mapping" + (users.size() > 1 ? "s " : " ")
                        + String.join(", ", users.stream().map(u -> "'" + u + "'").toList())
                        + "; point " + (users.size() > 1 ? "them" : "it") + " at another contract or delete "
                        + (users.size() > 1 ? "them" : "it") + " first");
            }
            if (versions.list(id).isEmpty()) {
                versions.record(id, null, current, "(file)", "initial"); // keep the text in the history
            }
            files.delete(id);
            contracts.forget(id);
            journal.record(user, "contract", id, "delete", true, null);
            journal.broadcast("contract", id, "delete");
            ObjectNode out = AdminJson.object();
            out.put("action", "delete");
            out.put("id", id);
            return Reply.ok(out);
        });
    }

    public Reply listVersions(String id) {
        ConfigValidator.requireId("id", id);
        List<ContractVersions.Version> all = versions.list(id);
        Optional<String> current = files.read(id);
        if (all.isEmpty() && current.isEmpty()) {
            throw ApiException.notFound("id", "no contract '" + id + "'");
        }
        String currentHash = current.map(ContractCompiler::hash).orElse(null);
        ArrayNode out = AdminJson.array();
        for (ContractVersions.Version v : all) {
            out.add(v.toJson().put("current", v.hash().equals(currentHash)
                    && v.version() == versions.versionOf(id, currentHash)));
        }
        return Reply.ok(out);
    }

    public Reply getVersion(String id, String version) {
        String text = version(id, "version", version);
        return new Reply(200, text, AtomicFiles.etag(text), "application/schema+json");
    }

    /** Unified diff between two versions; {@code to} may be "current" or absent for the file in force. */
    public Reply diff(String id, String from, String to) {
        String left = version(id, "from", from);
        String right;
        String rightName;
        if (to == null || to.isBlank() || "current".equals(to)) {
            right = files.read(id).orElseThrow(() -> ApiException.notFound("to", "contract '" + id + "' has no current file"));
            rightName = id + ".schema.json (current)";
        } else {
            right = version(id, "to", to);
            rightName = id + " version " + AdminJson.versionNumber("to", to);
        }
        return Reply.text(ContractVersions.diff(id + " version " + AdminJson.versionNumber("from", from), left,
                rightName, right), "text/plain; charset=utf-8");
    }

    public Reply rollback(String user, String id, String version, String ifMatch, boolean acceptBreak) {
        String text = version(id, "version", version);
        return save(user, id, text, ifMatch, "rollback to version " + AdminJson.versionNumber("version", version), false,
                acceptBreak);
    }

    /** The text of a saved version, else 400 (not a number) or 404 naming the parameter. */
    private String version(String id, String field, String value) {
        ConfigValidator.requireId("id", id);
        int n = AdminJson.versionNumber(field, value);
        return versions.read(id, n).orElseThrow(() -> ApiException.notFound(field,
                "contract '" + id + "' has no version " + n));
    }
}
