package io.contractgate.quarantine;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.contractgate.admin.ApiException;
import io.contractgate.settings.Settings;

import java.io.InputStream;
import java.util.List;
import java.util.function.Function;

/**
 * What the quarantine admin endpoints do, without HTTP: search (filtered, newest first, keyset pages), one message
 * with its report and payload, streamed export, re-drive jobs. Bad input becomes an {@link ApiException} naming the
 * parameter.
 */
public final class QuarantineService {

    static final int DEFAULT_LIMIT = 50;
    static final int MAX_LIMIT = 500;

    /** Records re-drives in the audit log: user, job id, action, outcome, detail. */
    @FunctionalInterface
    public interface Audit {
        void record(String user, String id, String action, boolean ok, String detail);
    }

    private final QuarantineStore store;
    private final Redriver redriver;
    private final QuarantineMetrics metrics;
    private final QuarantineWriter writer;
    private final QuarantineSettings settings;
    private final Audit audit;
    private final ImpactPreview preview;

    public QuarantineService(QuarantineStore store, Redriver redriver, QuarantineMetrics metrics,
                             QuarantineWriter writer, QuarantineSettings settings, Audit audit, ImpactPreview preview) {
        this.store = store;
        this.redriver = redriver;
        this.metrics = metrics;
        this.writer = writer;
        this.settings = settings;
        this.audit = audit;
        this.preview = preview;
    }

    /** GET /quarantine/messages: {items, next}; pass {@code next} as {@code before} for the following page. */
    public ObjectNode search(Function<String, String> params) {
        QuarantineFilter f = filter(params);
        int limit = intParam(params, "limit", DEFAULT_LIMIT, 1, MAX_LIMIT);
        Long before = longParam(params, "before");
        List<QuarantinedMessage> rows = store.search(f, before, limit + 1);
        ObjectNode out = QuarantineJson.JSON.createObjectNode();
        ArrayNode items = out.putArray("items");
        rows.stream().limit(limit).forEach(m -> items.add(QuarantineJson.message(m, false)));
        if (rows.size() > limit) {
            out.put("next", rows.get(limit - 1).id());
        } else {
            out.putNull("next");
        }
        return out;
    }

    /** GET /quarantine/messages/{id}: the message with its report and original payload. */
    public ObjectNode get(String id) {
        long n = parseId(id, "id");
        return store.get(n).map(m -> QuarantineJson.message(m, true))
                .orElseThrow(() -> ApiException.notFound("id", "no quarantined message " + n));
    }

    /** GET /quarantine/export?format=ndjson|csv: the filter's rows, newest first, streamed. */
    public InputStream export(Function<String, String> params) {
        String format = params.apply("format") == null ? "ndjson" : params.apply("format");
        if (!format.equals("ndjson") && !format.equals("csv")) {
            throw ApiException.badRequest("format", "format must be ndjson or csv, was '" + format + "'");
        }
        return new ExportStream(store, filter(params), format.equals("csv"), store.maxId() + 1);
    }

    /** GET /quarantine/stats. */
    public ObjectNode stats() {
        ObjectNode out = QuarantineJson.JSON.createObjectNode();
        out.put("rows", metrics.rows());
        out.put("queued", writer.waiting());
        out.put("queued_bytes", writer.waitingBytes());
        out.put("dropped_queue_full", (long) metrics.droppedOverflowCount());
        out.put("dropped_queue_bytes", (long) metrics.droppedBytesCount());
        out.put("store", settings.describe());
        return out;
    }

    /**
     * POST /quarantine/redrives with {@code {"filter": {...}, "ids": [..], "force": false}} or {@code {"all": true}}:
     * creates a job over the selection as it is now (rows quarantined later are not part of it) and queues it; a 409
     * while a job of the same selection (and force) runs. Synchronized so that a double click makes one job.
     */
    public synchronized ObjectNode startRedrive(String user, RedriveRequest req) {
        QuarantineFilter f;
        try {
            f = req.selection();
        } catch (QuarantineFilter.BadFilter e) {
            throw ApiException.badRequest(e.field(), e.getMessage());
        }
        boolean force = req.forced();
        long maxId = store.maxId();
        ObjectNode selection = QuarantineJson.JSON.createObjectNode();
        f.asParameters().forEach(selection::put);
        store.runningJobs().stream()
                .filter(j -> j.selection().equals(selection.toString()) && j.includeRedriven() == force)
                .findFirst().ifPresent(j -> {
                    // a second click: with force, every message of the selection was published twice
                    throw ApiException.conflict("filter", "re-drive job " + j.id() + " of the same selection"
                            + (force ? " with force" : "") + " is still running; wait for it or cancel it");
                });
        RedriveJob probe = new RedriveJob(0, 0, user, selection.toString(), force, maxId, RedriveJob.RUNNING, 0, 0, 0,
                0, 0, 0, null, null);
        long total = store.count(Redriver.selection(probe), maxId);
        long id = store.createJob(user, selection.toString(), force, maxId, total, System.currentTimeMillis());
        audit.record(user, Long.toString(id), "redrive", true, "started: " + total + " messages, selection "
                + selection + (force ? ", force" : ""));
        redriver.submit(id);
        return QuarantineJson.job(store.job(id).orElseThrow());
    }

    /** POST /quarantine/preview with {@code {"mapping": "...", "schema": {...} or "text"}}: the draft on real traffic. */
    public ObjectNode preview(PreviewRequest req) {
        return preview.preview(req.mapping(), req.schemaText());
    }

    /** POST /quarantine/redrives/{id}/cancel: stops a running job after its current page. */
    public ObjectNode cancel(String user, String id) {
        long n = parseId(id, "id");
        RedriveJob j = store.job(n).orElseThrow(() -> ApiException.notFound("id", "no re-drive job " + n));
        if (!RedriveJob.RUNNING.equals(j.state())) {
            throw ApiException.conflict("id", "re-drive job " + n + " is " + j.state());
        }
        store.finishJob(n, RedriveJob.CANCELLED, System.currentTimeMillis(), "cancelled by " + user);
        audit.record(user, Long.toString(n), "redrive-cancel", true, j.done() + " of " + j.total() + " done");
        return QuarantineJson.job(store.job(n).orElseThrow());
    }

    public ArrayNode jobs() {
        ArrayNode out = QuarantineJson.JSON.createArrayNode();
        store.recentJobs(50).forEach(j -> out.add(QuarantineJson.job(j)));
        return out;
    }

    public ObjectNode job(String id) {
        long n = parseId(id, "id");
        return store.job(n).map(QuarantineJson::job)
                .orElseThrow(() -> ApiException.notFound("id", "no re-drive job " + n));
    }

    private static QuarantineFilter filter(Function<String, String> params) {
        try {
            return QuarantineFilter.from(params);
        } catch (QuarantineFilter.BadFilter e) {
            throw ApiException.badRequest(e.field(), e.getMessage());
        }
    }

    private static long parseId(String v, String name) {
        try {
            return Long.parseLong(v);
        } catch (NumberFormatException | NullPointerException e) {
            throw ApiException.badRequest(name, name + " must be a row id, was '" + v + "'");
        }
    }

    private static Long longParam(Function<String, String> params, String name) {
        String v = params.apply(name);
        return v == null || v.isBlank() ? null : parseId(v.trim(), name);
    }

    private static int intParam(Function<String, String> params, String name, int dflt, int min, int max) {
        try {
            return Settings.of(params).integer(name, dflt, min, max);
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest(name, e.getMessage());
        }
    }
}
