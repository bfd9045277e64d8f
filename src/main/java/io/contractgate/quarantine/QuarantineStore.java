package io.contractgate.quarantine;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;

import javax.sql.DataSource;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * The quarantine's SQL, the same for H2 and PostgreSQL: batch inserts, filtered pages (keyset, by id), single rows,
 * retention deletes, re-drive marks and the re-drive job table. Plain JDBC on a pooled {@link DataSource}; every
 * method takes a connection from the pool and gives it back. SQL errors surface as {@link QuarantineException}.
 *
 * <p>Longer than ~250 lines on purpose: all the SQL of the quarantine's two tables in one place, so the one store
 * contract test (StoreContract, run on H2 and on PostgreSQL) covers every statement on both databases.
 */
public final class QuarantineStore {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String SUMMARY_COLUMNS = "id, received_at, mapping_id, topic, qos, contract_id, "
            + "contract_version, sensor_id, primary_error, error_count, error_types, pointers, content_type, "
            + "response_topic, correlation_data, payload_format, message_expiry, user_properties, status, redriven_at, "
            + "redrive_job";
    private static final String ALL_COLUMNS = SUMMARY_COLUMNS + ", payload, report";
    private static final String INSERT = "INSERT INTO quarantine_message (received_at, mapping_id, topic, qos, "
            + "contract_id, contract_version, sensor_id, primary_error, error_count, error_types, pointers, payload, "
            + "content_type, response_topic, correlation_data, payload_format, message_expiry, user_properties, report, "
            + "status) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)";

    /** Column sizes of quarantine_message (V1__quarantine.sql) that filters compare against. */
    static final int MAPPING_CHARS = 128;
    static final int SENSOR_ID_CHARS = 256;

    /** A database problem, with the operation that failed. */
    public static final class QuarantineException extends RuntimeException {
        QuarantineException(String what, SQLException e) {
            super("quarantine database: " + what + " failed: " + e.getMessage(), e);
        }
    }

    private final DataSource ds;

    public QuarantineStore(DataSource ds) {
        this.ds = ds;
    }

    /** Writes the rows in one JDBC batch and one transaction. */
    public void insert(List<QuarantinedMessage> rows) {
        if (rows.isEmpty()) {
            return;
        }
        batch(INSERT, "insert of " + rows.size() + " rows", ps -> {
            for (QuarantinedMessage m : rows) {
                int i = 1;
                ps.setLong(i++, m.receivedAt());
                ps.setString(i++, cut(m.mapping(), MAPPING_CHARS));
                ps.setString(i++, cut(m.topic(), 1024));
                ps.setShort(i++, (short) m.qos());
                ps.setString(i++, cut(m.contractId(), 128));
                ps.setString(i++, cut(m.contractVersion(), 64));
                ps.setString(i++, cut(m.sensorId(), SENSOR_ID_CHARS));
                ps.setString(i++, cut(m.primaryError(), 32));
                ps.setInt(i++, m.errorCount());
                ps.setString(i++, cut(QuarantineFilter.joined(m.errorTypes()), 1024));
                ps.setString(i++, cut(QuarantineFilter.joined(m.pointers()), 8192));
                ps.setBytes(i++, m.payload());
                ps.setString(i++, cut(m.contentType(), 256));
                ps.setString(i++, cut(m.responseTopic(), 1024));
                ps.setBytes(i++, m.correlationData());
                if (m.payloadFormat() == null) {
                    ps.setNull(i++, Types.BOOLEAN);
                } else {
                    ps.setBoolean(i++, m.payloadFormat());
                }
                if (m.messageExpiry() == null) {
                    ps.setNull(i++, Types.BIGINT);
                } else {
                    ps.setLong(i++, m.messageExpiry());
                }
                ps.setString(i++, userPropertiesJson(m.userProperties()));
                ps.setBytes(i++, m.report());
                ps.setString(i, QuarantinedMessage.QUARANTINED);
                ps.addBatch();
            }
        });
    }

    /** Newest first: rows matching {@code f} with an id below {@code beforeId} (null: from the newest). */
    public List<QuarantinedMessage> search(QuarantineFilter f, Long beforeId, int limit) {
        List<Object> args = new ArrayList<>();
        String where = f.where(args);
        if (beforeId != null) {
            where += " AND id < ?";
            args.add(beforeId);
        }
        args.add(limit);
        return query("SELECT " + SUMMARY_COLUMNS + " FROM quarantine_message WHERE " + where
                + " ORDER BY id DESC LIMIT ?", args, false, "search");
    }

    /**
     * Oldest first, with payload and report: rows matching {@code f} with {@code afterId < id <= maxId}; for export
     * and re-drive, which walk a selection in pages.
     */
    public List<QuarantinedMessage> page(QuarantineFilter f, long afterId, long maxId, int limit) {
        List<Object> args = new ArrayList<>();
        String where = f.where(args) + " AND id > ? AND id <= ?";
        args.add(afterId);
        args.add(maxId);
        args.add(limit);
        return query("SELECT " + ALL_COLUMNS + " FROM quarantine_message WHERE " + where + " ORDER BY id LIMIT ?",
                args, true, "page");
    }

    /** Newest first with payload and report, for export: ids below {@code beforeId}. */
    public List<QuarantinedMessage> pageDescending(QuarantineFilter f, long beforeId, int limit) {
        List<Object> args = new ArrayList<>();
        String where = f.where(args) + " AND id < ?";
        args.add(beforeId);
        args.add(limit);
        return query("SELECT " + ALL_COLUMNS + " FROM quarantine_message WHERE " + where + " ORDER BY id DESC LIMIT ?",
                args, true, "export page");
    }

    public Optional<QuarantinedMessage> get(long id) {
        List<QuarantinedMessage> r = query("SELECT " + ALL_COLUMNS + " FROM quarantine_message WHERE id = ?",
                List.of(id), true, "read");
        return r.stream().findFirst();
    }

    public long count(QuarantineFilter f, long maxId) {
        List<Object> args = new ArrayList<>();
        String where = f.where(args) + " AND id <= ?";
        args.add(maxId);
        return scalar("SELECT COUNT(*) FROM quarantine_message WHERE " + where, args, "count");
    }

    public long countAll() {
        return scalar("SELECT COUNT(*) FROM quarantine_message", List.of(), "count");
    }

    /**
     * The database's clock in epoch milliseconds. Re-drive leases are stamped and compared with it, so the members of a
     * fleet sharing one database agree on who is silent even when their own clocks differ.
     */
    public long databaseMillis() {
        return scalar("SELECT CAST(EXTRACT(EPOCH FROM CURRENT_TIMESTAMP) * 1000 AS BIGINT)", List.of(), "clock");
    }

    /** The newest row id, 0 when empty. */
    public long maxId() {
        return scalar("SELECT COALESCE(MAX(id), 0) FROM quarantine_message", List.of(), "max id");
    }

    /** Marks rows re-driven by {@code job} at {@code at} (epoch ms). */
    public void markRedriven(List<Long> ids, long job, long at) {
        batchUpdate("UPDATE quarantine_message SET status = ?, redriven_at = ?, redrive_job = ?, checked_at = ? WHERE id = ?",
                ids.stream().map(id -> new Object[]{QuarantinedMessage.REDRIVEN, at, job, at, id}).toList(), "mark redriven");
    }

    /** A fresh report for rows that still fail: the new report, its searchable parts and the contract version. */
    public void updateStillFailing(List<QuarantinedMessage> rows, long at) {
        batchUpdate("UPDATE quarantine_message SET report = ?, contract_version = ?, primary_error = ?, error_count = ?,"
                        + " error_types = ?, pointers = ?, checked_at = ? WHERE id = ?",
                rows.stream().map(m -> new Object[]{m.report(), m.contractVersion(), m.primaryError(), m.errorCount(),
                        cut(QuarantineFilter.joined(m.errorTypes()), 1024), cut(QuarantineFilter.joined(m.pointers()), 8192),
                        at, m.id()}).toList(), "update report");
    }

    /** Deletes rows received before {@code cutoff} (epoch ms); answers how many. */
    public int deleteOlderThan(long cutoff) {
        return update("DELETE FROM quarantine_message WHERE received_at < ?", List.of(cutoff), "age retention");
    }

    /**
     * Deletes the oldest rows beyond {@code maxRows}; answers how many. Reads only the excess, from the oldest end of
     * the primary key (ids grow with arrival), so a full store of a million rows costs a count, not a scan of them all.
     */
    public int trimTo(long maxRows) {
        long excess = countAll() - maxRows;
        if (excess <= 0) {
            return 0;
        }
        long threshold = scalar("SELECT COALESCE(MAX(id), 0) + 1 FROM (SELECT id FROM quarantine_message ORDER BY id"
                + " LIMIT ?) oldest", List.of(excess), "size retention");
        return update("DELETE FROM quarantine_message WHERE id < ?", List.of(threshold), "size retention");
    }

    // --- re-drive jobs -------------------------------------------------------------------------------------------

    public long createJob(String user, String selectionJson, boolean includeRedriven, long maxId, long total, long now) {
        try (Connection c = ds.getConnection();
             PreparedStatement ps = c.prepareStatement("INSERT INTO quarantine_redrive_job (created_at, created_by, "
                     + "selection, include_redriven, max_id, state, total, done, passed, still_failing, skipped, cursor_id)"
                     + " VALUES (?,?,?,?,?,?,?,0,0,0,0,0)", Statement.RETURN_GENERATED_KEYS)) {
            ps.setLong(1, now);
            ps.setString(2, cut(user, 128));
            ps.setString(3, selectionJson);
            ps.setBoolean(4, includeRedriven);
            ps.setLong(5, maxId);
            ps.setString(6, RedriveJob.RUNNING);
            ps.setLong(7, total);
            ps.executeUpdate();
            try (ResultSet k = ps.getGeneratedKeys()) {
                k.next();
                return k.getLong(1);
            }
        } catch (SQLException e) {
            throw new QuarantineException("create re-drive job", e);
        }
    }

    /** Records a finished page of a job: its counts and the id up to which it is done, in one statement. */
    public void advanceJob(long job, long cursorId, long done, long passed, long stillFailing, long skipped) {
        update("UPDATE quarantine_redrive_job SET cursor_id = ?, done = done + ?, passed = passed + ?,"
                        + " still_failing = still_failing + ?, skipped = skipped + ? WHERE id = ?",
                List.of(cursorId, done, passed, stillFailing, skipped, job), "job progress");
    }

    /**
     * Takes a running job for {@code runner} when no one else holds it: it has no runner yet, {@code runner} already
     * holds it (its own job after a restart), or its runner's last heartbeat is before {@code staleBefore} (a member
     * that died). Answers whether {@code runner} holds it now; one statement, so two members never both get it.
     */
    public boolean claimJob(long job, String runner, long now, long staleBefore) {
        return update("UPDATE quarantine_redrive_job SET runner = ?, heartbeat_at = ? WHERE id = ? AND state = ?"
                        + " AND (runner IS NULL OR runner = ? OR heartbeat_at IS NULL OR heartbeat_at < ?)",
                List.of(cut(runner, 256), now, job, RedriveJob.RUNNING, cut(runner, 256), staleBefore), "claim job") == 1;
    }

    /** Records that {@code runner} still runs {@code job}; false when it does not hold it any more (taken over, ended). */
    public boolean heartbeatJob(long job, String runner, long now) {
        return update("UPDATE quarantine_redrive_job SET heartbeat_at = ? WHERE id = ? AND runner = ? AND state = ?",
                List.of(now, job, cut(runner, 256), RedriveJob.RUNNING), "job heartbeat") == 1;
    }

    /** Running jobs whose runner has not reported since {@code staleBefore} (or that no one holds). */
    public List<RedriveJob> orphanedJobs(long staleBefore) {
        return jobs("SELECT * FROM quarantine_redrive_job WHERE state = ? AND (heartbeat_at IS NULL OR heartbeat_at < ?)"
                + " ORDER BY id", List.of(RedriveJob.RUNNING, staleBefore));
    }

    public void finishJob(long job, String state, long at, String detail) {
        List<Object> args = new ArrayList<>(Arrays.asList(state, at, detail == null ? null : cut(detail, 1024), job));
        update("UPDATE quarantine_redrive_job SET state = ?, finished_at = ?, detail = ? WHERE id = ?", args, "finish job");
    }

    public Optional<RedriveJob> job(long id) {
        return jobs("SELECT * FROM quarantine_redrive_job WHERE id = ?", List.of(id)).stream().findFirst();
    }

    public List<RedriveJob> recentJobs(int limit) {
        return jobs("SELECT * FROM quarantine_redrive_job ORDER BY id DESC LIMIT ?", List.of(limit));
    }

    public List<RedriveJob> runningJobs() {
        return jobs("SELECT * FROM quarantine_redrive_job WHERE state = ? ORDER BY id", List.of(RedriveJob.RUNNING));
    }

    private List<RedriveJob> jobs(String sql, List<Object> args) {
        try (Connection c = ds.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            bind(ps, args);
            List<RedriveJob> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    long finished = rs.getLong("finished_at");
                    out.add(new RedriveJob(rs.getLong("id"), rs.getLong("created_at"), rs.getString("created_by"),
                            rs.getString("selection"), rs.getBoolean("include_redriven"), rs.getLong("max_id"),
                            rs.getString("state"), rs.getLong("total"), rs.getLong("done"), rs.getLong("passed"),
                            rs.getLong("still_failing"), rs.getLong("skipped"), rs.getLong("cursor_id"),
                            rs.wasNull() || finished == 0 ? null : finished, rs.getString("detail")));
                }
            }
            return out;
        } catch (SQLException e) {
            throw new QuarantineException("read re-drive jobs", e);
        }
    }

    // --- plumbing ------------------------------------------------------------------------------------------------

    private List<QuarantinedMessage> query(String sql, List<Object> args, boolean full, String what) {
        try (Connection c = ds.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            bind(ps, args);
            List<QuarantinedMessage> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(row(rs, full));
                }
            }
            return out;
        } catch (SQLException e) {
            throw new QuarantineException(what, e);
        }
    }

    private long scalar(String sql, List<Object> args, String what) {
        try (Connection c = ds.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            bind(ps, args);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getLong(1) : 0;
            }
        } catch (SQLException e) {
            throw new QuarantineException(what, e);
        }
    }

    private int update(String sql, List<Object> args, String what) {
        try (Connection c = ds.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            bind(ps, args);
            return ps.executeUpdate();
        } catch (SQLException e) {
            throw new QuarantineException(what, e);
        }
    }

    private void batchUpdate(String sql, List<Object[]> rows, String what) {
        if (rows.isEmpty()) {
            return;
        }
        batch(sql, what, ps -> {
            for (Object[] r : rows) {
                bind(ps, Arrays.asList(r));
                ps.addBatch();
            }
        });
    }

    /** Adds the rows of one batch to the statement. */
    private interface Rows {
        void add(PreparedStatement ps) throws SQLException;
    }

    /** One JDBC batch in one transaction, rolled back whole when any row fails. */
    private void batch(String sql, String what, Rows rows) {
        try (Connection c = ds.getConnection()) {
            c.setAutoCommit(false);
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                rows.add(ps);
                ps.executeBatch();
                c.commit();
            } catch (SQLException e) {
                c.rollback();
                throw e;
            }
        } catch (SQLException e) {
            throw new QuarantineException(what, e);
        }
    }

    private static void bind(PreparedStatement ps, List<Object> args) throws SQLException {
        for (int i = 0; i < args.size(); i++) {
            Object a = args.get(i);
            if (a == null) {
                ps.setNull(i + 1, Types.VARCHAR);
            } else if (a instanceof byte[] b) {
                ps.setBytes(i + 1, b);
            } else if (a instanceof Integer n) {
                ps.setInt(i + 1, n);
            } else if (a instanceof Long n) {
                ps.setLong(i + 1, n);
            } else {
                ps.setObject(i + 1, a);
            }
        }
    }

    private static QuarantinedMessage row(ResultSet rs, boolean full) throws SQLException {
        Boolean format = rs.getBoolean("payload_format");
        if (rs.wasNull()) {
            format = null;
        }
        Long expiry = rs.getLong("message_expiry");
        if (rs.wasNull()) {
            expiry = null;
        }
        Long redrivenAt = rs.getLong("redriven_at");
        if (rs.wasNull()) {
            redrivenAt = null;
        }
        Long job = rs.getLong("redrive_job");
        if (rs.wasNull()) {
            job = null;
        }
        return new QuarantinedMessage(rs.getLong("id"), rs.getLong("received_at"), rs.getString("mapping_id"),
                rs.getString("topic"), rs.getShort("qos"), rs.getString("contract_id"), rs.getString("contract_version"),
                rs.getString("sensor_id"), rs.getString("primary_error"), rs.getInt("error_count"),
                split(rs.getString("error_types")), split(rs.getString("pointers")),
                full ? rs.getBytes("payload") : null, rs.getString("content_type"), rs.getString("response_topic"),
                rs.getBytes("correlation_data"), format, expiry, userProperties(rs.getString("user_properties")),
                full ? rs.getBytes("report") : null, rs.getString("status"), redrivenAt, job);
    }

    private static List<String> split(String joined) {
        if (joined == null || joined.length() <= 2) {
            return List.of();
        }
        return List.of(joined.substring(1, joined.length() - 1).split("\n", -1));
    }

    static String userPropertiesJson(List<QuarantinedMessage.UserProperty> props) {
        if (props == null || props.isEmpty()) {
            return null;
        }
        // the pairs that fit the column, in order: a message with 10,000 user properties failed the whole batch
        StringBuilder json = new StringBuilder("[");
        try {
            for (QuarantinedMessage.UserProperty p : props) {
                String pair = JSON.writeValueAsString(Arrays.asList(p.name(), p.value()));
                if (json.length() + pair.length() + 2 > USER_PROPERTIES_CHARS) {
                    break;
                }
                json.append(json.length() > 1 ? "," : "").append(pair);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return json.append(']').toString();
    }

    /** Size of the user_properties column (V1__quarantine.sql). */
    static final int USER_PROPERTIES_CHARS = 16384;

    private static List<QuarantinedMessage.UserProperty> userProperties(String json) {
        if (json == null) {
            return List.of();
        }
        try {
            List<List<String>> pairs = JSON.readValue(json, new TypeReference<>() { });
            return pairs.stream().map(p -> new QuarantinedMessage.UserProperty(p.get(0), p.get(1))).toList();
        } catch (IOException e) {
            return List.of();
        }
    }

    /**
     * {@code s} as a column of {@code max} characters takes it: cut (not inside a surrogate pair), and U+0000, which
     * PostgreSQL refuses in text (a sensor id with U+0000 failed the whole batch), as U+FFFD.
     */
    /** The text as a column keeps it: at most {@code max} chars (no half surrogate pair), U+0000 as U+FFFD. */
    static String cut(String s, int max) {
        if (s == null) {
            return null;
        }
        String c = s;
        if (c.length() > max) {
            int end = Character.isHighSurrogate(c.charAt(max - 1)) ? max - 1 : max;
            c = c.substring(0, end);
        }
        return c.indexOf('\0') < 0 ? c : c.replace('\0', '\uFFFD');
    }
}
