package io.contractgate.admin;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Instant;
import java.util.Collection;
import java.util.Set;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

/**
 * The one change journal of the admin feature: serialises changes (mappings, contracts, broker), records each in the
 * audit log, tells the reload listeners (metrics) and fans a {@code config_updated} event out to the SSE clients.
 */
public final class ChangeJournal {

    /** Registry name of this bean. */
    public static final String BEAN = "adminJournal";
    public static final String EVENT_CONFIG_UPDATED = "config_updated";

    private static final Logger LOG = LoggerFactory.getLogger(ChangeJournal.class);

    private final AuditLog audit;
    private final EventHub events;
    private final Supplier<Collection<ReloadListener>> listeners;
    private final ReentrantLock changes = new ReentrantLock();
    private volatile ChangeGate gate = ChangeGate.LOCAL;

    /**
     * Where a change is committed besides this gateway's files. The default commits nothing more; the fleet's shared
     * state (io.contractgate.fleet) commits each change in its database, in a transaction around the local change.
     */
    public interface ChangeGate {
        /** Only the local files: a single gateway. */
        ChangeGate LOCAL = new ChangeGate() {
            @Override
            public <T> T commit(Supplier<T> change) {
                return change.get();
            }
        };

        /**
         * Runs {@code change} (which writes this gateway's files and applies them) and commits its effect; an
         * exception from either leaves the previous configuration in force.
         */
        <T> T commit(Supplier<T> change);

        /**
         * Broker setting keys each gateway keeps for itself (not committed with the others): left out of the broker
         * settings' ETag, so that one shared version has one ETag on every gateway of a fleet.
         */
        default Set<String> ownBrokerKeys() {
            return Set.of();
        }
    }

    public ChangeJournal(AuditLog audit, EventHub events, Supplier<Collection<ReloadListener>> listeners) {
        this.audit = audit;
        this.events = events;
        events.declare(EVENT_CONFIG_UPDATED);
        this.listeners = listeners;
    }

    public AuditLog auditLog() {
        return audit;
    }

    public EventHub events() {
        return events;
    }

    /** The broker setting keys the gate leaves to this gateway alone (none without a fleet). */
    public Set<String> ownBrokerKeys() {
        return gate.ownBrokerKeys();
    }

    /** Installs the gate every change passes (once, at start). */
    public void setGate(ChangeGate gate) {
        this.gate = gate;
    }

    /**
     * Runs a change while no other change runs, through the gate; reads are never serialised. A change is refused
     * before it starts while the audit log cannot be written (every change is audited: one applied and then not
     * recorded was answered as an internal error although it was in force); a file of the change that cannot be
     * written is a 500 naming the file and why.
     */
    <T> T serialised(Supplier<T> change) {
        changes.lock();
        try {
            try {
                audit.requireWritable();
            } catch (java.io.UncheckedIOException e) {
                throw ApiException.notSaved(e, "changes are refused until it can be written; nothing changed");
            }
            try {
                return gate.commit(change);
            } catch (java.io.UncheckedIOException e) {
                throw ApiException.notSaved(e, "the change was not made");
            }
        } finally {
            changes.unlock();
        }
    }

    /**
     * Runs while no other change runs, without the gate: for applying a change that is already committed elsewhere
     * (a change another gateway of the fleet made).
     */
    public <T> T locally(Supplier<T> change) {
        changes.lock();
        try {
            return change.get();
        } finally {
            changes.unlock();
        }
    }

    /**
     * One audit entry. The change it records is already made (or already refused), and the log was writable when the
     * change began: when the entry cannot be appended now (the change took the disk's last room), the change is not
     * turned into an error that says it was not made; the entry goes to the gateway's log instead, as an error.
     */
    public void record(String user, String kind, String id, String action, boolean ok, String detail) {
        try {
            audit.record(user, kind, id, action, ok, detail);
        } catch (java.io.UncheckedIOException e) {
            LOG.error("{}: {}; the entry it could not take: user={} kind={} id={} action={} result={}{}", e.getMessage(),
                    ApiException.reason(e.getCause()), user, kind, id, action, ok ? "ok" : "failed",
                    detail == null ? "" : " detail=" + detail);
        }
    }

    /** Tells every reload listener; a listener that throws never turns a done change into an error. */
    public void notifyListeners(String kind, boolean ok) {
        for (ReloadListener l : listeners.get()) {
            try {
                l.reloadCompleted(kind, ok);
            } catch (RuntimeException ignored) {
                // a metrics hook must never turn a done change into an error
            }
        }
    }

    /** The {@code config_updated} event the pages reload on. */
    public void broadcast(String kind, String id, String action) {
        ObjectNode n = AdminJson.object();
        n.put("kind", kind);
        n.put("id", id);
        n.put("action", action);
        n.put("at", Instant.now().toString());
        events.publish(EVENT_CONFIG_UPDATED, n.toString());
    }

    /** The newest audit entries ({@code limit}: 1 to 10000, default 100). */
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
        ArrayNode out = AdminJson.array();
        audit.tail(n).forEach(out::add);
        return Reply.ok(out);
    }
}
