package io.contractgate.admin;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.contractgate.contract.ContractStore;
import io.contractgate.contract.RecentSamples;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The admin operations on topic mappings: list, read, create, replace, enable/disable and delete. Each change is
 * validated, written atomically and applies to exactly one route: in place when the source topic stays, else by
 * reloading that route, restoring the previous file and route when the reload fails.
 */
public final class MappingAdmin {

    /** Registry name of this bean. */
    public static final String BEAN = "mappingAdmin";
    /** Author and action of a change applied because another gateway of the fleet committed it. */
    static final String AUTHOR_FLEET = "fleet";
    static final String ACTION_SYNC = "sync";

    private final MappingStore mappings;
    private final ContractStore contracts;
    private final RouteControl routes;
    private final ChangeJournal journal;
    private final Supplier<RecentSamples> samples;

    public MappingAdmin(MappingStore mappings, ContractStore contracts, RouteControl routes, ChangeJournal journal,
                        Supplier<RecentSamples> samples) {
        this.mappings = mappings;
        this.contracts = contracts;
        this.routes = routes;
        this.journal = journal;
        this.samples = samples;
    }

    public MappingStore mappingStore() {
        return mappings;
    }

    public Reply listMappings() {
        ArrayNode out = AdminJson.array();
        for (MappingStore.Stored s : mappings.list()) {
            out.add(AdminJson.tree(s.mapping().toJson()));
        }
        return Reply.ok(out);
    }

    public Reply getMapping(String id) {
        MappingStore.Stored s = stored(id);
        return Reply.ok(s.mapping().toJson(), s.etag());
    }

    public Reply createMapping(String user, MappingRequest body) {
        Mapping m = body.toMapping(null);
        // before the id reaches a file name: a NUL or a 300-character id was a 500 from the file system
        ConfigValidator.requireId("id", m.id());
        return apply(user, m.id(), m, null, "create");
    }

    public Reply replaceMapping(String user, String id, MappingRequest body, String ifMatch) {
        ConfigValidator.requireId("id", id);
        return apply(user, id, body.toMapping(id), ifMatch, "replace");
    }

    public Reply setMappingEnabled(String user, String id, boolean enabled, String ifMatch) {
        return apply(user, id, stored(id).mapping().withEnabled(enabled), ifMatch, enabled ? "enable" : "disable");
    }

    public Reply deleteMapping(String user, String id, String ifMatch) {
        ConfigValidator.requireId("id", id);
        return apply(user, id, null, ifMatch, "delete");
    }

    /** An existing mapping, else 404 naming the id. */
    public Mapping require(String id) {
        return stored(id).mapping();
    }

    private MappingStore.Stored stored(String id) {
        ConfigValidator.requireId("id", id);
        return mappings.read(id).orElseThrow(() -> ApiException.notFound("id", "no mapping '" + id + "'"));
    }

    /** The mapping ids that use each contract (for the status page). */
    public Map<String, List<String>> contractUsers() {
        Map<String, List<String>> out = new LinkedHashMap<>();
        for (Mapping m : mappings.mappings()) {
            out.computeIfAbsent(m.contractId(), k -> new ArrayList<>()).add(m.id());
        }
        return out;
    }

    /** Creates (next without a current mapping), replaces, or deletes (next null) one mapping. */
    Reply apply(String user, String id, Mapping next, String ifMatch, String action) {
        return journal.serialised(() -> {
            Optional<MappingStore.Stored> current = mappings.read(id);
            if ("create".equals(action) && current.isPresent()) {
                throw ApiException.conflict("id", "mapping '" + id + "' already exists; change it with PUT /api/mappings/"
                        + id);
            }
            if (!"create".equals(action) && current.isEmpty()) {
                throw ApiException.notFound("id", "no mapping '" + id + "'");
            }
            AdminJson.checkIfMatch(ifMatch, current.map(MappingStore.Stored::etag).orElse(null));
            if (next != null) {
                List<Mapping> others = mappings.mappings().stream().filter(o -> !o.id().equals(id)).toList();
                ConfigValidator.validateMapping(next, others, contracts.ids());
            }
            String text = next == null ? null : MappingFiles.render(next);
            long millis = inPlace(current, next) ? retune(user, id, text, next, action)
                    : applyMappingFile(user, id, text, next != null && next.enabled(), current, action);
            journal.record(user, "mapping", id, action, true, text == null ? null : "reloaded in " + millis + " ms");
            if (next == null) {
                samples.get().forget(id);
            }
            journal.notifyListeners("mapping", true);
            journal.broadcast("mapping", id, action);
            ObjectNode out = AdminJson.object();
            out.put("action", action);
            out.put("id", id);
            out.put("reloadMillis", millis);
            if (next != null) {
                out.set("mapping", AdminJson.tree(next.toJson()));
                String etag = AtomicFiles.etag(text);
                return "create".equals(action) ? Reply.created(out, etag) : Reply.ok(out, etag);
            }
            return Reply.ok(out);
        });
    }

    /**
     * Puts a mapping committed by another gateway of the fleet in force here (null text: deletes it): the same file
     * write and route reload as a change through this API, and the same restore when the route does not come up, but
     * no new audit entry (the gateway that made the change recorded it). Callers hold the change lock.
     */
    void applyCommitted(String id, String text) {
        Optional<MappingStore.Stored> current = mappings.read(id);
        if (text == null ? current.isEmpty() : current.isPresent() && current.get().text().equals(text)) {
            return;
        }
        Mapping next = text == null ? null : MappingFiles.parse(text);
        if (inPlace(current, next)) {
            retune(AUTHOR_FLEET, id, text, next, ACTION_SYNC);
        } else {
            applyMappingFile(AUTHOR_FLEET, id, text, next != null && next.enabled(), current, ACTION_SYNC);
        }
        if (next == null) {
            samples.get().forget(id);
        }
        journal.notifyListeners("mapping", true);
        journal.broadcast("mapping", id, ACTION_SYNC);
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
    private long retune(String user, String id, String text, Mapping next, String action) {
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
            journal.record(user, "mapping", id, action, false, msg);
            journal.notifyListeners("mapping", false);
            throw new ApiException(422, msg, null);
        }
        staged.commit();
        return millis;
    }
}
