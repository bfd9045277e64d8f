package io.contractgate.web;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.contractgate.contract.ErrorType;
import io.contractgate.contract.ReportJson;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * The JSON the dashboard receives from the live feed: one {@code live} event per batch window (totals, rates, top
 * error types and fields, the sampled messages) and the shape of one sampled message (documented in docs/web.md).
 */
final class LiveFeedJson {

    /** Entries of the top error types and top fields lists. */
    static final int TOP = 8;

    private static final ObjectMapper JSON = new ObjectMapper();

    private LiveFeedJson() {
    }

    /** What one batch window closed with, read by the feed's batch thread. */
    record Batch(double seconds, long rateWindowMillis, Map<String, LiveFeed.Counts> counts, RateWindow.Result rates,
                 long[] errorTypes, Map<LiveFeed.FieldKey, Long> fields, long otherFields, List<LiveFeed.Sample> samples) {
    }

    static String event(Batch b) {
        ObjectNode out = JSON.createObjectNode();
        out.put("at", Instant.now().toString());
        out.put("intervalMillis", Math.round(b.seconds() * 1000));
        out.put("rateWindowSeconds", b.rateWindowMillis() / 1000.0);
        long validated = 0;
        long failed = 0;
        double validatedRate = 0;
        double failedRate = 0;
        ArrayNode ms = out.putArray("mappings");
        for (Map.Entry<String, LiveFeed.Counts> e : b.counts().entrySet()) {
            long v = e.getValue().validated();
            long f = e.getValue().failed();
            RateWindow.Rates r = b.rates().rates().get(e.getKey());
            validated += v;
            failed += f;
            validatedRate += r.validated();
            failedRate += r.failed();
            ms.addObject().put("mapping", e.getKey()).put("validated", v).put("failed", f)
                    .put("validatedRate", round(r.validated())).put("failedRate", round(r.failed()));
        }
        ObjectNode totals = out.putObject("totals");
        totals.put("validated", validated);
        totals.put("failed", failed);
        totals.put("failureRatio", validated + failed == 0 ? 0 : round((double) failed / (validated + failed), 4));
        totals.put("validatedRate", round(validatedRate));
        totals.put("failedRate", round(failedRate));

        ArrayNode types = out.putArray("topErrorTypes");
        List<Object[]> typeCounts = new ArrayList<>();
        ErrorType[] all = ErrorType.values();
        for (ErrorType t : all) {
            long n = b.errorTypes()[t.ordinal()];
            if (n > 0) {
                typeCounts.add(new Object[]{t.wireName(), n});
            }
        }
        typeCounts.sort(Comparator.comparingLong((Object[] a) -> (Long) a[1]).reversed());
        typeCounts.stream().limit(TOP).forEach(a -> types.addObject().put("errorType", (String) a[0]).put("count", (Long) a[1]));

        ArrayNode fs = out.putArray("topFields");
        b.fields().entrySet().stream()
                .sorted(Map.Entry.<LiveFeed.FieldKey, Long>comparingByValue().reversed()
                        .thenComparing(e -> e.getKey().mapping() + e.getKey().pointer()))
                .limit(TOP)
                .forEach(e -> fs.addObject().put("mapping", e.getKey().mapping())
                        .put("pointer", e.getKey().pointer().isEmpty() ? "(payload)" : e.getKey().pointer())
                        .put("count", e.getValue()));
        if (b.otherFields() > 0) {
            out.put("otherFieldViolations", b.otherFields());
        }
        ArrayNode messages = out.putArray("messages");
        b.samples().forEach(s -> messages.add(sample(s)));
        return out.toString();
    }

    /** The JSON shape of one sampled message (the report is embedded as JSON, not as a string). */
    static ObjectNode sample(LiveFeed.Sample s) {
        ObjectNode n = JSON.createObjectNode();
        n.put("seq", s.seq());
        n.put("at", s.at());
        n.put("mapping", s.mapping());
        n.put("topic", s.topic());
        n.put("sensorId", s.sensorId());
        n.put("verdict", s.valid() ? "validated" : "failed");
        if (!s.valid()) {
            n.put("primaryError", s.primaryError());
        }
        if (s.payload() != null) {
            n.put("payload", s.payload());
        }
        if (s.report() != null) {
            ReportJson.put(n, "report", s.report());
        }
        return n;
    }

    private static double round(double v) {
        return round(v, 2);
    }

    private static double round(double v, int digits) {
        double f = Math.pow(10, digits);
        return Math.round(v * f) / f;
    }
}
