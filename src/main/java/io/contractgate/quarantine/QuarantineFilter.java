package io.contractgate.quarantine;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * A selection of quarantined messages: by mapping, contract version, error type, field (JSON pointer), sensor id,
 * receive time range, status and explicit ids. Built from request parameters with errors naming the parameter at
 * fault ({@link BadFilter}); turned into one SQL condition shared by search, export, counting and re-drive.
 */
public record QuarantineFilter(String mapping, String contractVersion, String errorType, String field,
                               String sensorId, Long from, Long to, String status, List<Long> ids) {

    /** A filter parameter that cannot be used: {@link #field()} names it. */
    public static final class BadFilter extends IllegalArgumentException {
        private final String field;

        public BadFilter(String field, String message) {
            super(message);
            this.field = field;
        }

        public String field() {
            return field;
        }
    }

    private static final Pattern ERROR_TYPE = Pattern.compile("[a-z_]{1,32}");
    /** A contract version as reports name it: "sha256:" and 12 hex digits; the digits alone as the admin page lists them. */
    private static final Pattern CONTRACT_VERSION = Pattern.compile("(sha256:)?[0-9a-f]{12}");
    static final int MAX_IDS = 10_000;
    public static final QuarantineFilter ALL = new QuarantineFilter(null, null, null, null, null, null, null, null,
            List.of());

    /** The parameter names a filter reads. */
    public static final List<String> NAMES = List.of("mapping", "contractVersion", "errorType", "field", "sensorId",
            "from", "to", "status", "ids");

    /**
     * Reads a filter from a request body's {@code filter} object: as {@link #from}, and a name it does not read is
     * refused. Ignored, a misspelt name ({@code sensor_id}, as reports spell it) selected every message: a re-drive of
     * one sensor's messages re-drove them all.
     */
    public static QuarantineFilter fromBody(Map<String, String> params) {
        unknownName(params.keySet(), List.of()).ifPresent(name -> {
            throw new BadFilter("filter", "unknown filter '" + name + "' " + allowed(List.of()));
        });
        return from(params::get);
    }

    /**
     * The first query parameter name in {@code rawQuery} (as sent, {@code a=1&b=2}) that is neither a filter name nor
     * one of {@code extra}; empty when all are known. A misspelt name ({@code sensor_id}) would otherwise be ignored and
     * the answer would list every message as if it were the filtered one.
     */
    public static java.util.Optional<String> unknownQueryName(String rawQuery, List<String> extra) {
        return unknownName(queryNames(rawQuery), extra);
    }

    /**
     * The first query parameter given more than once: the server joins the values into one text ({@code [a, b]}),
     * which selected nothing, so {@code ?mapping=a&mapping=b} answered an empty listing and export instead of a 400.
     */
    public static java.util.Optional<String> repeatedQueryName(String rawQuery) {
        java.util.Set<String> seen = new java.util.HashSet<>();
        return queryNames(rawQuery).stream().filter(n -> !seen.add(n)).findFirst();
    }

    private static List<String> queryNames(String rawQuery) {
        List<String> names = new java.util.ArrayList<>();
        for (String pair : rawQuery == null ? new String[0] : rawQuery.split("&")) {
            if (!pair.isEmpty()) {
                int eq = pair.indexOf('=');
                names.add(java.net.URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), java.nio.charset.StandardCharsets.UTF_8));
            }
        }
        return names;
    }

    /** The first of {@code names} that is neither a filter name nor one of {@code extra}. */
    private static java.util.Optional<String> unknownName(java.util.Collection<String> names, List<String> extra) {
        return names.stream().filter(n -> !NAMES.contains(n) && !extra.contains(n)).findFirst();
    }

    /** {@code (allowed: mapping, contractVersion, ...)}: the filter names, then {@code extra}. */
    public static String allowed(List<String> extra) {
        List<String> all = new java.util.ArrayList<>(NAMES);
        all.addAll(extra);
        return "(allowed: " + String.join(", ", all) + ")";
    }

    /** Reads a filter from request parameters ({@code get} answers null when absent). */
    public static QuarantineFilter from(Function<String, String> get) {
        String status = text(get, "status");
        if (status != null && !status.equals(QuarantinedMessage.QUARANTINED) && !status.equals(QuarantinedMessage.REDRIVEN)) {
            throw new BadFilter("status", "status must be quarantined or redriven, was '" + status + "'");
        }
        String errorType = text(get, "errorType");
        if (errorType != null && !ERROR_TYPE.matcher(errorType).matches()) {
            throw new BadFilter("errorType", "errorType must be an error type such as out_of_range, was '" + errorType + "'");
        }
        String field = get.apply("field");
        if (field != null && !field.isEmpty() && !field.startsWith("/")) {
            throw new BadFilter("field", "field must be a JSON pointer such as /temperature, was '" + field + "'");
        }
        if (field != null && field.isEmpty()) {
            field = null;
        }
        Long from = time(get, "from");
        Long to = time(get, "to");
        if (from != null && to != null && from > to) {
            throw new BadFilter("to", "to must not be before from");
        }
        // text is compared as the store keeps it (U+0000 as U+FFFD, cut to the column): a sensor id with U+0000 was
        // found on no row (and PostgreSQL refused the query, a 500)
        return new QuarantineFilter(QuarantineStore.cut(text(get, "mapping"), QuarantineStore.MAPPING_CHARS),
                contractVersion(text(get, "contractVersion")), errorType, QuarantineStore.cut(field, Integer.MAX_VALUE),
                QuarantineStore.cut(text(get, "sensorId"), QuarantineStore.SENSOR_ID_CHARS), from, to, status,
                ids(text(get, "ids")));
    }

    /** The same filter with only the given ids. */
    public QuarantineFilter withIds(List<Long> newIds) {
        return new QuarantineFilter(mapping, contractVersion, errorType, field, sensorId, from, to, status,
                List.copyOf(newIds));
    }

    /** The filter as request parameters (for the job record and the audit log); unset ones left out. */
    public Map<String, String> asParameters() {
        Map<String, String> m = new LinkedHashMap<>();
        put(m, "mapping", mapping);
        put(m, "contractVersion", contractVersion);
        put(m, "errorType", errorType);
        put(m, "field", field);
        put(m, "sensorId", sensorId);
        put(m, "from", from == null ? null : Instant.ofEpochMilli(from).toString());
        put(m, "to", to == null ? null : Instant.ofEpochMilli(to).toString());
        put(m, "status", status);
        if (!ids.isEmpty()) {
            m.put("ids", String.join(",", ids.stream().map(String::valueOf).toList()));
        }
        return m;
    }

    /** An SQL condition (never empty: "1=1" for everything) with its parameters appended to {@code args}. */
    String where(List<Object> args) {
        List<String> c = new ArrayList<>();
        c.add("1=1");
        eq(c, args, "mapping_id", mapping);
        eq(c, args, "contract_version", contractVersion);
        eq(c, args, "sensor_id", sensorId);
        eq(c, args, "status", status);
        if (errorType != null) {
            c.add("error_types LIKE ? ESCAPE '!'");
            args.add(member(errorType));
        }
        if (field != null) {
            c.add("pointers LIKE ? ESCAPE '!'");
            args.add(member(field));
        }
        if (from != null) {
            c.add("received_at >= ?");
            args.add(from);
        }
        if (to != null) {
            c.add("received_at <= ?");
            args.add(to);
        }
        if (!ids.isEmpty()) {
            c.add("id IN (" + String.join(",", ids.stream().map(i -> "?").toList()) + ")");
            args.addAll(ids);
        }
        return String.join(" AND ", c);
    }

    /** Values of a list column are stored between newlines: "\nout_of_range\nlength\n". */
    static String joined(List<String> values) {
        return values.isEmpty() ? "\n" : "\n" + String.join("\n", values) + "\n";
    }

    private static String member(String value) {
        String escaped = value.replace("!", "!!").replace("%", "!%").replace("_", "!_");
        return "%\n" + escaped + "\n%";
    }

    private static void eq(List<String> c, List<Object> args, String column, String value) {
        if (value != null) {
            c.add(column + " = ?");
            args.add(value);
        }
    }

    private static void put(Map<String, String> m, String k, String v) {
        if (v != null) {
            m.put(k, v);
        }
    }

    private static String text(Function<String, String> get, String key) {
        String v = get.apply(key);
        return v == null || v.isBlank() ? null : v.trim();
    }

    /**
     * The version as stored ("sha256:" + 12 hex digits); the 12 digits alone (what the admin page's list shows) get the
     * prefix. Anything else is refused: it could match no row, and an empty answer would read as "nothing quarantined".
     */
    private static String contractVersion(String v) {
        if (v == null) {
            return null;
        }
        String lower = v.toLowerCase(java.util.Locale.ROOT);
        if (!CONTRACT_VERSION.matcher(lower).matches()) {
            throw new BadFilter("contractVersion", "contractVersion must be a contract hash such as sha256:d20964456246"
                    + " (as reports show it), was '" + v + "'");
        }
        return lower.startsWith("sha256:") ? lower : "sha256:" + lower;
    }

    private static Long time(Function<String, String> get, String key) {
        String v = text(get, key);
        if (v == null) {
            return null;
        }
        if (v.chars().allMatch(Character::isDigit) && v.length() <= 15) {
            return Long.parseLong(v);
        }
        try {
            return Instant.parse(v).toEpochMilli();
        } catch (DateTimeParseException | ArithmeticException e) {
            // ArithmeticException: a valid instant beyond the milliseconds a long holds (+1000000000-12-31T23:59:59Z)
            throw new BadFilter(key, key + " must be an ISO-8601 instant (2026-11-30T10:00:00Z) or epoch milliseconds, was '"
                    + v + "'");
        }
    }

    private static List<Long> ids(String v) {
        if (v == null) {
            return List.of();
        }
        List<Long> out = new ArrayList<>();
        for (String part : v.split(",")) {
            String p = part.trim();
            if (p.isEmpty()) {
                continue;
            }
            try {
                out.add(Long.parseLong(p));
            } catch (NumberFormatException e) {
                throw new BadFilter("ids", "ids must be comma-separated row ids, found '" + p + "'");
            }
            if (out.size() > MAX_IDS) {
                throw new BadFilter("ids", "at most " + MAX_IDS + " ids; select by filter instead");
            }
        }
        return List.copyOf(out);
    }
}
