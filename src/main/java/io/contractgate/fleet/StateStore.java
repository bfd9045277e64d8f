package io.contractgate.fleet;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import javax.sql.DataSource;
import java.io.IOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The fleet's tables (db/fleet/V*.sql) in plain JDBC: the configuration version and its row lock, the shared items,
 * the audit log and the members' reports. Changes are written on a connection the caller holds in a transaction.
 */
public final class StateStore {

    /** The PostgreSQL channel a committed change is announced on; the payload is the new version. */
    public static final String CHANNEL = "contractgate_state";
    private static final ObjectMapper JSON = new ObjectMapper();

    /** The shared configuration as of one version. */
    public record Snapshot(long version, Map<String, String> items) {
    }

    /** Raised when the version moved although the row was locked: never expected, never silently ignored. */
    public static final class ConcurrentChange extends SQLException {
        ConcurrentChange(long expected) {
            super("the configuration version is no longer " + expected);
        }
    }

    private final DataSource dataSource;

    public StateStore(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    public DataSource dataSource() {
        return dataSource;
    }

    /** Locks the version row until the transaction ends (every change in the fleet waits here) and reads it. */
    public long lockVersion(Connection c) throws SQLException {
        try (Statement s = c.createStatement();
             ResultSet r = s.executeQuery("SELECT version FROM fleet_config WHERE id = 1 FOR UPDATE")) {
            r.next();
            return r.getLong(1);
        }
    }

    /** The version in force, without locking. */
    public long version() throws SQLException {
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement();
             ResultSet r = s.executeQuery("SELECT version FROM fleet_config WHERE id = 1")) {
            r.next();
            return r.getLong(1);
        }
    }

    /** The version and every item, read in one snapshot of the database. */
    public Snapshot read() throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            c.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
            try {
                long v;
                try (Statement s = c.createStatement();
                     ResultSet r = s.executeQuery("SELECT version FROM fleet_config WHERE id = 1")) {
                    r.next();
                    v = r.getLong(1);
                }
                Map<String, String> items = items(c);
                c.commit();
                return new Snapshot(v, items);
            } finally {
                c.setTransactionIsolation(Connection.TRANSACTION_READ_COMMITTED);
            }
        }
    }

    /** Every item, by key. */
    public Map<String, String> items(Connection c) throws SQLException {
        Map<String, String> out = new TreeMap<>();
        try (Statement s = c.createStatement();
             ResultSet r = s.executeQuery("SELECT item_key, content FROM fleet_item")) {
            while (r.next()) {
                out.put(r.getString(1), r.getString(2));
            }
        }
        return out;
    }

    /**
     * Writes the steps and raises the version from {@code from} to {@code from + 1} if it still is {@code from}
     * (the optimistic check), then announces it; takes effect when the caller commits.
     */
    public long write(Connection c, List<ApplyPlan.Step> steps, long from, String by) throws SQLException {
        try (PreparedStatement up = c.prepareStatement("INSERT INTO fleet_item (item_key, kind, content, version,"
                + " changed_at) VALUES (?, ?, ?, ?, now()) ON CONFLICT (item_key) DO UPDATE SET content = EXCLUDED.content,"
                + " version = EXCLUDED.version, changed_at = EXCLUDED.changed_at");
             PreparedStatement del = c.prepareStatement("DELETE FROM fleet_item WHERE item_key = ?")) {
            for (ApplyPlan.Step s : steps) {
                if (s.removal()) {
                    del.setString(1, s.key().toString());
                    del.addBatch();
                } else {
                    up.setString(1, s.key().toString());
                    up.setString(2, s.key().kind().name().toLowerCase());
                    up.setString(3, s.text());
                    up.setLong(4, from + 1);
                    up.addBatch();
                }
            }
            up.executeBatch();
            del.executeBatch();
        }
        try (PreparedStatement p = c.prepareStatement("UPDATE fleet_config SET version = ?, changed_at = now(),"
                + " changed_by = ? WHERE id = 1 AND version = ?")) {
            p.setLong(1, from + 1);
            p.setString(2, by);
            p.setLong(3, from);
            if (p.executeUpdate() != 1) {
                throw new ConcurrentChange(from);
            }
        }
        try (PreparedStatement p = c.prepareStatement("SELECT pg_notify('" + CHANNEL + "', ?)")) {
            p.setString(1, Long.toString(from + 1)); // delivered to the listeners when the transaction commits
            p.execute();
        }
        return from + 1;
    }

    /** Appends audit entries on the caller's connection (committed with the change). */
    public void audit(Connection c, String instanceId, List<JsonNode> entries) throws SQLException {
        if (entries.isEmpty()) {
            return;
        }
        try (PreparedStatement p = c.prepareStatement("INSERT INTO fleet_audit (instance_id, entry) VALUES (?, ?)")) {
            for (JsonNode e : entries) {
                p.setString(1, instanceId);
                p.setString(2, e.toString());
                p.addBatch();
            }
            p.executeBatch();
        }
    }

    /** Appends audit entries in their own transaction. */
    public void audit(String instanceId, List<JsonNode> entries) throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            audit(c, instanceId, entries);
        }
    }

    /** The newest {@code limit} audit entries of the fleet, oldest first. */
    public List<JsonNode> auditTail(int limit) throws SQLException {
        List<JsonNode> out = new ArrayList<>();
        try (Connection c = dataSource.getConnection();
             PreparedStatement p = c.prepareStatement("SELECT entry FROM fleet_audit ORDER BY seq DESC LIMIT ?")) {
            p.setInt(1, limit);
            try (ResultSet r = p.executeQuery()) {
                while (r.next()) {
                    try {
                        out.add(JSON.readTree(r.getString(1)));
                    } catch (IOException e) {
                        // not an entry this code wrote: skip it rather than hide the rest
                    }
                }
            }
        }
        Collections.reverse(out);
        return out;
    }

    /** Records this gateway's report (the database's clock stamps it). */
    public void report(FleetMember m) throws SQLException {
        try (Connection c = dataSource.getConnection();
             PreparedStatement p = c.prepareStatement("INSERT INTO fleet_instance (instance_id, app_version, host,"
                     + " started_at, last_seen, mappings_running, config_version, problem) VALUES (?, ?, ?, ?, now(), ?, ?, ?)"
                     + " ON CONFLICT (instance_id) DO UPDATE SET app_version = EXCLUDED.app_version, host = EXCLUDED.host,"
                     + " started_at = EXCLUDED.started_at, last_seen = EXCLUDED.last_seen,"
                     + " mappings_running = EXCLUDED.mappings_running, config_version = EXCLUDED.config_version,"
                     + " problem = EXCLUDED.problem")) {
            p.setString(1, m.id());
            p.setString(2, m.appVersion());
            p.setString(3, m.host());
            p.setTimestamp(4, Timestamp.from(m.started()));
            p.setInt(5, m.mappingsRunning());
            p.setLong(6, m.configVersion());
            p.setString(7, m.problem());
            p.executeUpdate();
        }
    }

    /** Removes this gateway from the fleet view (it stopped in order). */
    public void leave(String instanceId) throws SQLException {
        try (Connection c = dataSource.getConnection();
             PreparedStatement p = c.prepareStatement("DELETE FROM fleet_instance WHERE instance_id = ?")) {
            p.setString(1, instanceId);
            p.executeUpdate();
        }
    }

    /** The fleet as reported: the version in force, the database's clock now, every member sorted by id. */
    public record Fleet(long version, Instant now, List<FleetMember> members) {
    }

    public Fleet fleet() throws SQLException {
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
            long v;
            Instant now;
            try (ResultSet r = s.executeQuery("SELECT version, now() FROM fleet_config WHERE id = 1")) {
                r.next();
                v = r.getLong(1);
                now = r.getTimestamp(2).toInstant();
            }
            List<FleetMember> members = new ArrayList<>();
            try (ResultSet r = s.executeQuery("SELECT instance_id, app_version, host, started_at, last_seen,"
                    + " mappings_running, config_version, problem FROM fleet_instance ORDER BY instance_id")) {
                while (r.next()) {
                    members.add(new FleetMember(r.getString(1), r.getString(2), r.getString(3),
                            r.getTimestamp(4).toInstant(), r.getTimestamp(5).toInstant(), r.getInt(6), r.getLong(7),
                            r.getString(8)));
                }
            }
            return new Fleet(v, now, members);
        }
    }
}
