package io.contractgate.fleet;

import com.fasterxml.jackson.databind.JsonNode;
import io.contractgate.admin.ApiException;
import io.contractgate.admin.AuditLog;
import io.contractgate.admin.ChangeJournal;
import io.contractgate.admin.CommittedChanges;
import io.contractgate.database.PooledDatabase;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * The database as the fleet's source of truth, seen from one gateway. Every admin change passes {@link #commit}: the
 * fleet-wide version row is locked, this gateway's files are brought to the version in force, the change runs on
 * them (its If-Match check included, now against the newest state), and what it changed is written with the version
 * raised by one, in the same transaction, then announced by NOTIFY. Changes committed by other gateways are put in
 * force by {@link #follow}, through the same file writes and reloads as a change made here. Plain Java: the
 * transport is JDBC, the local effects go through {@link CommittedChanges}.
 * <p>Longer than ~250 lines on purpose: commit and follow are the two halves of one protocol (the same version row,
 * the same file comparison, the same audit rows) and read best side by side; the SQL itself is in {@link StateStore}.
 */
public final class SharedState implements ChangeJournal.ChangeGate, AuditLog.Mirror {

    private static final Logger LOG = LoggerFactory.getLogger(SharedState.class);

    private final StateStore store;
    private final LocalFiles files;
    private final String instanceId;
    private final AtomicLong applied = new AtomicLong();
    private final ThreadLocal<List<JsonNode>> changeAudit = new ThreadLocal<>();
    private volatile CommittedChanges changes;
    private volatile String problem;

    public SharedState(StateStore store, LocalFiles files, String instanceId) {
        this.store = store;
        this.files = files;
        this.instanceId = instanceId;
    }

    /** The admin side that applies committed changes (set once the admin feature is wired). */
    public void setChanges(CommittedChanges changes) {
        this.changes = changes;
    }

    /** The configuration version this gateway's files are at. */
    public long applied() {
        return applied.get();
    }

    /** Why the newest version is not in force here, or null. */
    public String problem() {
        return problem;
    }

    public StateStore store() {
        return store;
    }

    /**
     * At start, before any route or contract is loaded: a database without configuration is seeded from this
     * gateway's files (unless it has none either); otherwise the files are made what the database holds (mappings and contracts it does not
     * know are removed). Returns what happened, for the log.
     */
    public String start() throws SQLException {
        try (Connection c = store.dataSource().getConnection()) {
            c.setAutoCommit(false);
            try {
                long v = store.lockVersion(c);
                Map<String, String> local = files.snapshot();
                String done;
                if (v == 0 && local.isEmpty()) {
                    // seeding an empty configuration would empty the next gateway that starts with files
                    done = "the shared state and this gateway's configuration are both empty: nothing to seed";
                } else if (v == 0) {
                    List<ApplyPlan.Step> steps = ApplyPlan.between(Map.of(), local);
                    v = store.write(c, steps, 0, instanceId);
                    done = "the shared state was empty: seeded it from this gateway's files (" + steps.size()
                            + " items), version " + v;
                } else {
                    List<ApplyPlan.Step> steps = ApplyPlan.between(local, store.items(c));
                    String overridden = ApplyPlan.overridden(local, steps);
                    if (overridden != null) {
                        LOG.warn("Shared state version {}: {}", v, overridden);
                    }
                    files.writeAll(steps);
                    done = "files brought to the shared configuration version " + v + ": " + ApplyPlan.describe(steps);
                }
                c.commit();
                applied.set(v);
                return done;
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        }
    }

    @Override
    public <T> T commit(Supplier<T> change) {
        if (changeAudit.get() != null) {
            return change.get(); // a change inside a change (e.g. an AsyncAPI import): committed with the outer one
        }
        return commit(change, true);
    }

    /**
     * A pooled connection the database cut (a restart, an outage now over) fails on first use; the pool then drops it.
     * Such a failure before the change ran is tried once more on a fresh connection.
     */
    static boolean connectionLost(SQLException e) {
        String state = e.getSQLState();
        return state != null && (state.startsWith("08") || state.startsWith("57P0"));
    }

    private <T> T commit(Supplier<T> change, boolean mayRetry) {
        Connection c;
        try {
            c = store.dataSource().getConnection();
        } catch (SQLException e) {
            throw unavailable(e);
        }
        List<JsonNode> audit = new ArrayList<>();
        Map<String, String> inForce = null;
        boolean ran = false;
        try {
            c.setAutoCommit(false);
            long v = store.lockVersion(c);
            inForce = store.items(c);
            if (v != applied.get() || !files.snapshot().equals(inForce)) {
                // another gateway's change not applied here yet: the change must be judged against it
                catchUp(inForce, v);
            }
            T result;
            changeAudit.set(audit);
            try {
                ran = true;
                result = change.get();
            } finally {
                changeAudit.remove();
            }
            List<ApplyPlan.Step> steps = ApplyPlan.between(inForce, files.snapshot());
            long next = steps.isEmpty() ? v : store.write(c, steps, v, instanceId);
            store.audit(c, instanceId, audit);
            c.commit();
            applied.set(next);
            if (!steps.isEmpty()) {
                LOG.info("Configuration version {} committed for the fleet: {}", next, ApplyPlan.describe(steps));
            }
            return result;
        } catch (SQLException e) {
            close(c); // rolls back and releases the lock before the undo below
            if (!ran && mayRetry && connectionLost(e)) {
                LOG.info("Shared state database: a pooled connection was cut ({}); trying a fresh one", e.getMessage());
                return commit(change, false);
            }
            if (ran) {
                restore(inForce); // the change ran here but is not committed: put the version in force back
            }
            appendAlone(audit);
            throw unavailable(e);
        } catch (RuntimeException e) {
            close(c);
            if (ran && !(e instanceof ApiException)) {
                restore(inForce); // an admin refusal (4xx, 422) has already put its files back itself
            }
            appendAlone(audit); // e.g. the failed reload a 422 reports: recorded although nothing is committed
            throw e;
        } finally {
            close(c);
        }
    }

    /** Brings the files to a version already read under the lock; refuses the change when that fails. */
    private void catchUp(Map<String, String> inForce, long v) {
        List<String> problems = apply(ApplyPlan.between(files.snapshot(), inForce));
        if (!problems.isEmpty()) {
            problem = String.join("; ", problems);
            throw new ApiException(503, "this gateway cannot put the fleet's configuration version " + v
                    + " in force (" + problem + "); the change is not saved", null);
        }
        applied.set(v);
        problem = null;
    }

    /**
     * Puts the newest committed version in force when it is newer than this gateway's (called on NOTIFY and by the
     * periodic check). A step that fails leaves the version not applied, so it is tried again and the fleet view
     * shows this gateway behind.
     */
    public void follow() throws SQLException {
        if (store.version() <= applied.get() && problem == null) {
            return;
        }
        StateStore.Snapshot s = store.read();
        CommittedChanges admin = changes;
        if (admin == null) {
            return;
        }
        admin.locally(() -> {
            if (s.version() <= applied.get() && problem == null) {
                return null; // applied meanwhile (by a change made here)
            }
            List<ApplyPlan.Step> steps = ApplyPlan.between(files.snapshot(), s.items());
            List<String> problems = apply(steps);
            if (problems.isEmpty()) {
                applied.set(Math.max(applied.get(), s.version()));
                problem = null;
                if (!steps.isEmpty()) {
                    LOG.info("Configuration version {} of the fleet in force: {}", s.version(), ApplyPlan.describe(steps));
                }
            } else {
                String now = String.join("; ", problems);
                if (!now.equals(problem)) {
                    LOG.error("Configuration version {} of the fleet is not in force here: {}", s.version(), now);
                }
                problem = now;
            }
            return null;
        });
    }

    /** Applies steps through the admin side (reloads included); returns the problems, one per failed step. */
    private List<String> apply(List<ApplyPlan.Step> steps) {
        List<String> problems = new ArrayList<>();
        CommittedChanges admin = changes;
        for (ApplyPlan.Step s : steps) {
            try {
                StateKey k = s.key();
                switch (k.kind()) {
                    case HISTORY -> {
                        if (s.removal()) {
                            files.remove(k);
                        } else {
                            files.write(k, s.text());
                        }
                    }
                    case CONTRACT -> admin.contract(k.id(), s.text());
                    case MAPPING -> admin.mapping(k.id(), s.text());
                    case BROKER -> {
                        if (!s.removal()) {
                            admin.broker(LocalFiles.parseBroker(s.text()));
                            files.write(k, s.text());
                        } else {
                            files.remove(k); // the settings in force stay until the next start
                        }
                    }
                }
            } catch (RuntimeException e) {
                problems.add(s + ": " + PooledDatabase.rootMessage(e));
            }
        }
        return problems;
    }

    @Override
    public Set<String> ownBrokerKeys() {
        return Set.copyOf(LocalFiles.PER_GATEWAY);
    }

    /** Puts the files (and what runs) back to the committed state after a change that could not be committed. */
    private void restore(Map<String, String> inForce) {
        if (inForce == null) {
            return;
        }
        List<String> problems = apply(ApplyPlan.between(files.snapshot(), inForce));
        if (!problems.isEmpty()) {
            problem = "a change that was not committed could not be undone here: " + String.join("; ", problems);
            LOG.error(problem);
        }
    }

    @Override
    public void append(JsonNode entry) {
        List<JsonNode> pending = changeAudit.get();
        if (pending != null) {
            pending.add(entry); // committed with the change, or on its own if the change fails
        } else {
            appendAlone(List.of(entry));
        }
    }

    private void appendAlone(List<JsonNode> entries) {
        if (entries.isEmpty()) {
            return;
        }
        try {
            store.audit(instanceId, entries);
        } catch (SQLException e) {
            LOG.warn("Audit entries kept in this gateway's file only: the shared state database is unreachable ({})",
                    PooledDatabase.rootMessage(e));
        }
    }

    @Override
    public List<JsonNode> tail(int limit) {
        try {
            return store.auditTail(limit);
        } catch (SQLException e) {
            throw new IllegalStateException(PooledDatabase.rootMessage(e), e);
        }
    }

    /** Rolls back what is not committed and returns the connection (once; later calls do nothing). */
    private static void close(Connection c) {
        try {
            if (c.isClosed()) {
                return;
            }
            try {
                c.rollback();
            } finally {
                c.close();
            }
        } catch (SQLException ignored) {
            // the connection is gone: the database rolls back on its own
        }
    }

    /** The 503 every refused change gets while the database is unreachable; names the setting, never a secret. */
    static ApiException unavailable(SQLException e) {
        return new ApiException(503, "the shared state database is unreachable (state.jdbc-url): "
                + PooledDatabase.rootMessage(e) + "; the change is not saved and this gateway keeps its configuration",
                null);
    }
}
