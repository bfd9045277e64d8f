package io.contractgate.quarantine;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The body of {@code POST /api/quarantine/redrives}: {@code {"filter": {search parameters}, "ids": [row ids],
 * "force": false}} or {@code {"all": true, "force": false}}, as the REST binding reads it. A re-drive names what it
 * takes: an empty request ({@code {}}, no body, {@code "ids": []}, a filter whose values are all empty) re-drove every
 * quarantined message.
 */
public record RedriveRequest(Map<String, JsonNode> filter, List<Long> ids, Boolean force, Boolean all) {

    /** No body: the same as {@code {}}, which {@link #selection()} refuses. */
    static final RedriveRequest EMPTY = new RedriveRequest(null, null, null, null);

    public boolean forced() {
        return Boolean.TRUE.equals(force);
    }

    /**
     * The messages this request selects, or a {@link QuarantineFilter.BadFilter} naming the field at fault: an empty
     * selection without {@code "all": true}, {@code "all": true} beside a filter or ids, an empty {@code ids}, a filter
     * value that is not a string, number or boolean, and {@code status: redriven} without {@code force} (the job then
     * took the quarantined ones, the opposite of what was asked).
     */
    public QuarantineFilter selection() {
        Map<String, String> params = new LinkedHashMap<>();
        if (filter != null) {
            filter.forEach((k, v) -> {
                if (v != null && !v.isNull() && !v.isValueNode()) {
                    throw new QuarantineFilter.BadFilter(k, k + " must be a string or a number, was " + kind(v));
                }
                params.put(k, v == null || v.isNull() ? null : v.asText());
            });
        }
        QuarantineFilter f = QuarantineFilter.fromBody(params);
        if (ids != null) {
            if (ids.isEmpty()) {
                throw new QuarantineFilter.BadFilter("ids", "ids is empty and would select no message; leave it out");
            }
            if (ids.size() > QuarantineFilter.MAX_IDS) {
                throw new QuarantineFilter.BadFilter("ids", "at most " + QuarantineFilter.MAX_IDS + " ids; select by filter instead");
            }
            if (ids.stream().anyMatch(java.util.Objects::isNull)) {
                throw new QuarantineFilter.BadFilter("ids", "ids must be whole numbers");
            }
            f = f.withIds(ids);
        }
        boolean everything = f.equals(QuarantineFilter.ALL);
        if (Boolean.TRUE.equals(all) && !everything) {
            throw new QuarantineFilter.BadFilter("all", "\"all\": true re-drives every quarantined message;"
                    + " give it without a filter and ids, or leave it out");
        }
        if (everything && !Boolean.TRUE.equals(all)) {
            throw new QuarantineFilter.BadFilter("filter", "say what to re-drive: a filter, ids, or \"all\": true for"
                    + " every quarantined message");
        }
        if (QuarantinedMessage.REDRIVEN.equals(f.status()) && !forced()) {
            throw new QuarantineFilter.BadFilter("force", "status redriven selects messages already re-driven, and"
                    + " those are re-driven again only with \"force\": true");
        }
        return f;
    }

    private static String kind(JsonNode v) {
        return v.isArray() ? "an array" : "an object";
    }
}
