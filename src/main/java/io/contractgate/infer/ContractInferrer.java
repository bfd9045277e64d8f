package io.contractgate.infer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.contractgate.contract.ContractCompiler;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * Drafts a contract (JSON Schema 2020-12) from example messages: the types seen per field, required = present in
 * every sample, numeric bounds seen, a string format when every value has it (date-time, date, email, uuid, ipv4),
 * an enum for low-cardinality strings, and how often each field appeared. The draft accepts every sample it was
 * drawn from; it is a proposal for a person to edit, never applied by itself.
 *
 * Longer than ~250 lines on purpose: one walk over the samples per JSON type, each a few lines; splitting by type
 * would split one recursion.
 */
public final class ContractInferrer {

    /** A string field with at most this many distinct values (and repeats) becomes an enum. */
    public static final int MAX_ENUM_VALUES = 10;
    /** Fewer samples than this give no enums: too little evidence that the set is closed. */
    public static final int MIN_SAMPLES_FOR_ENUM = 5;
    /**
     * Most fields (JSON pointers) one draft describes; an object with more accepts the rest undescribed. Each field
     * costs about a kilobyte while drafting: 100,000 distinct keys in one example ran a 128 MB gateway out of memory.
     */
    public static final int MAX_FIELDS = 1000;
    /**
     * An object with at least this many distinct keys, more than twice as many as any one instance held, is a map keyed
     * by ids (sensor ids, timestamps): drafted as {@code additionalProperties: <its values>} instead of one optional
     * property per key and {@code additionalProperties: false}, which refused the next message's new id.
     */
    public static final int MAP_MIN_KEYS = 20;
    /** An object with more distinct keys than this is a map whatever its instances hold: no record has so many fields. */
    public static final int MAP_MAX_KEYS = 200;

    private static final ObjectMapper JSON = new ObjectMapper();
    /** RFC 3339 date-time, as the validator checks it (seconds required, zone required). */
    private static final Pattern DATE_TIME = Pattern.compile("\\d{4}-\\d{2}-\\d{2}[Tt]\\d{2}:\\d{2}:\\d{2}(\\.\\d+)?([Zz]|[+-]\\d{2}:\\d{2})");
    private static final Pattern DATE = Pattern.compile("\\d{4}-\\d{2}-\\d{2}");
    private static final Pattern UUID = Pattern.compile("[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");
    private static final Pattern IPV4 = Pattern.compile("((25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)\\.){3}(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)");

    /** The draft and what it was drawn from; {@code fieldsLeftOut} fields were past {@link #MAX_FIELDS}. */
    public record Draft(ObjectNode schema, int sampleCount, List<FieldStats> fields, int fieldsLeftOut) {
        public ObjectNode toJson() {
            ObjectNode n = JSON.createObjectNode();
            n.put("sampleCount", sampleCount);
            n.put("fieldsLeftOut", fieldsLeftOut);
            n.set("schema", schema);
            ArrayNode f = n.putArray("fields");
            for (FieldStats s : fields) {
                ObjectNode o = f.addObject();
                o.put("pointer", s.pointer());
                o.put("seen", s.seen());
                o.put("of", s.of());
                o.put("share", s.share());
                o.set("types", JSON.valueToTree(s.types()));
            }
            return n;
        }
    }

    /**
     * How often a field appeared.
     *
     * @param pointer JSON pointer of the field (array elements as /items)
     * @param seen    in how many of its parent objects it was present
     * @param of      how many parent objects there were
     * @param share   seen / of, rounded to 3 decimals
     * @param types   count of values per JSON type
     */
    public record FieldStats(String pointer, int seen, int of, double share, Map<String, Integer> types) {
    }

    /** Drafts a schema from parsed samples; titles it with {@code title}. */
    public Draft infer(List<JsonNode> samples, String title) {
        if (samples.isEmpty()) {
            throw new IllegalArgumentException("no samples to infer a contract from");
        }
        Budget budget = new Budget();
        Stats root = new Stats(budget);
        samples.forEach(root::add);
        List<FieldStats> fields = new ArrayList<>();
        ObjectNode schema = JSON.createObjectNode();
        schema.put("$schema", "https://json-schema.org/draft/2020-12/schema");
        schema.put("title", title);
        schema.put("description", "Drafted from " + samples.size() + " sample message" + (samples.size() == 1 ? "" : "s")
                + ". Review the bounds, enums and required fields before approving.");
        root.write(schema, "", fields, 1);
        return new Draft(schema, samples.size(), fields, budget.leftOut);
    }

    /** The fields a draft may still describe, shared by every place in it. */
    private static final class Budget {
        int fieldsLeft = MAX_FIELDS;
        int leftOut;
    }

    /** Everything seen at one place in the samples. */
    private static final class Stats {
        final Budget budget;
        int count;
        final Map<String, Integer> types = new TreeMap<>();
        // numbers
        JsonNode min;
        JsonNode max;
        boolean unbounded;
        // strings
        final Map<String, Integer> values = new LinkedHashMap<>();
        boolean tooManyValues;
        Set<String> formats;
        // objects
        int objects;
        final Map<String, Stats> properties = new LinkedHashMap<>();
        // arrays
        Stats items;
        int minItems = Integer.MAX_VALUE;
        int maxItems;
        /** Keys were left out (the field budget ran out), so the object must accept keys it does not describe. */
        boolean open;
        /** Most keys one instance held. */
        int maxKeys;
        /** Not null once the object is a map: the stats of all its values, whatever their key. */
        Stats map;
        /** Keys met while a map, counted with repeats (no key is kept: a map's keys are unbounded). */
        long mapEntries;

        Stats(Budget budget) {
            this.budget = budget;
        }

        void add(JsonNode v) {
            count++;
            String t = typeOf(v);
            types.merge(t, 1, Integer::sum);
            switch (t) {
                case "integer", "number" -> {
                    if (v.isFloatingPointNumber() && !Double.isFinite(v.doubleValue())) {
                        unbounded = true; // e.g. 1e400: no bound would be honest
                    } else {
                        // the bound keeps the sample's own number node, so it reads back exactly as the sample did
                        BigDecimal d = v.decimalValue();
                        min = min == null || d.compareTo(min.decimalValue()) < 0 ? v : min;
                        max = max == null || d.compareTo(max.decimalValue()) > 0 ? v : max;
                    }
                }
                case "string" -> {
                    String s = v.textValue();
                    if (!tooManyValues) {
                        values.merge(s, 1, Integer::sum);
                        tooManyValues = values.size() > MAX_ENUM_VALUES;
                        if (tooManyValues) {
                            values.clear();
                        }
                    }
                    Set<String> f = formatsOf(s);
                    if (formats == null) {
                        formats = f;
                    } else {
                        formats.retainAll(f);
                    }
                }
                case "object" -> {
                    objects++;
                    maxKeys = Math.max(maxKeys, v.size());
                    v.fields().forEachRemaining(e -> {
                        if (map == null && properties.size() >= MAP_MAX_KEYS && !properties.containsKey(e.getKey())) {
                            toMap();
                        }
                        if (map != null) {
                            mapEntries++;
                            map.add(e.getValue());
                            return;
                        }
                        Stats p = property(e.getKey());
                        if (p != null) {
                            p.add(e.getValue());
                        }
                    });
                    if (map == null && properties.size() >= MAP_MIN_KEYS && properties.size() > 2 * maxKeys) {
                        toMap();
                    }
                }
                case "array" -> {
                    minItems = Math.min(minItems, v.size());
                    maxItems = Math.max(maxItems, v.size());
                    if (items == null) {
                        items = new Stats(budget);
                    }
                    v.forEach(items::add);
                }
                default -> { }
            }
        }

        /** From one stats per key to one for all values; the keys' fields go back to the budget. */
        private void toMap() {
            map = new Stats(budget);
            for (Stats p : properties.values()) {
                mapEntries += p.count;
                budget.fieldsLeft += 1 + p.fieldCount();
                map.merge(p);
            }
            budget.fieldsLeft--; // the map's one field
            properties.clear();
        }

        /** Fields this place's descendants hold (each costs one of the budget). */
        private int fieldCount() {
            int n = items == null ? 0 : items.fieldCount();
            n += map == null ? 0 : map.fieldCount();
            for (Stats p : properties.values()) {
                n += 1 + p.fieldCount();
            }
            return n;
        }

        /** Adds what {@code o} saw to what this place saw, as if its values had been added here. */
        private void merge(Stats o) {
            count += o.count;
            o.types.forEach((t, n) -> types.merge(t, n, Integer::sum));
            unbounded |= o.unbounded;
            if (o.min != null) {
                min = min == null || o.min.decimalValue().compareTo(min.decimalValue()) < 0 ? o.min : min;
                max = max == null || o.max.decimalValue().compareTo(max.decimalValue()) > 0 ? o.max : max;
            }
            if (!tooManyValues) {
                o.values.forEach((v, n) -> values.merge(v, n, Integer::sum));
                tooManyValues = o.tooManyValues || values.size() > MAX_ENUM_VALUES;
                if (tooManyValues) {
                    values.clear();
                }
            }
            if (o.formats != null) {
                if (formats == null) {
                    formats = new LinkedHashSet<>(o.formats);
                } else {
                    formats.retainAll(o.formats);
                }
            }
            objects += o.objects;
            maxKeys = Math.max(maxKeys, o.maxKeys);
            open |= o.open;
            if (o.map != null && map == null) {
                toMap();
            }
            if (map != null) {
                if (o.map != null) {
                    map.merge(o.map);
                    mapEntries += o.mapEntries;
                }
                for (Stats p : o.properties.values()) {
                    mapEntries += p.count;
                    map.merge(p);
                }
            } else {
                o.properties.forEach((k, p) -> {
                    Stats mine = properties.get(k);
                    if (mine == null) {
                        properties.put(k, p); // its fields are already counted in the budget
                    } else {
                        mine.merge(p);
                    }
                });
            }
            if (o.items != null) {
                if (items == null) {
                    items = o.items;
                } else {
                    items.merge(o.items);
                }
            }
            minItems = Math.min(minItems, o.minItems);
            maxItems = Math.max(maxItems, o.maxItems);
        }

        /** The stats of a key, new while the budget lasts; past it, null (the key is left out). */
        private Stats property(String key) {
            Stats p = properties.get(key);
            if (p != null) {
                return p;
            }
            if (budget.fieldsLeft == 0) {
                budget.leftOut++;
                open = true;
                return null;
            }
            budget.fieldsLeft--;
            p = new Stats(budget);
            properties.put(key, p);
            return p;
        }

        /**
         * Writes the schema of this place at JSON nesting {@code depth}. Below what a contract may nest
         * ({@link ContractCompiler#MAX_DEPTH}) it accepts any value: a deeper draft could not be saved, and past
         * 1000 levels the API could not even answer it.
         */
        void write(ObjectNode s, String pointer, List<FieldStats> fields, int depth) {
            if (depth + 2 > ContractCompiler.MAX_DEPTH) {
                s.put("description", "nested too deeply for a contract to describe: any value");
                return;
            }
            Set<String> ts = new LinkedHashSet<>(types.keySet());
            if (ts.contains("number")) {
                ts.remove("integer");
            }
            if (ts.size() == 1) {
                s.put("type", ts.iterator().next());
            } else {
                ArrayNode a = s.putArray("type");
                ts.forEach(a::add);
            }
            if (min != null && !unbounded) {
                s.set("minimum", min);
                s.set("maximum", max);
            }
            int strings = types.getOrDefault("string", 0);
            if (strings > 0) {
                if (formats != null && !formats.isEmpty()) {
                    s.put("format", formats.iterator().next());
                } else if (!tooManyValues && strings >= MIN_SAMPLES_FOR_ENUM && values.size() < strings
                        && strings + types.getOrDefault("null", 0) == count) { // enum constrains every type: strings only
                    ArrayNode e = s.putArray("enum");
                    values.keySet().forEach(e::add);
                    if (types.containsKey("null")) {
                        e.addNull();
                    }
                }
            }
            if (objects > 0 && map != null) {
                String at = pointer + "/*";
                fields.add(new FieldStats(at, objects, objects, 1.0, map.types));
                s.put("description", s.path("description").asText("") + (s.has("description") ? "; " : "")
                        + "a map keyed by ids: " + mapEntries + " keys in " + objects + " object" + (objects == 1 ? "" : "s")
                        + ", any key accepted, each value as drafted in additionalProperties");
                if (map.count > 0) {
                    map.write(s.putObject("additionalProperties"), at, fields, depth + 2);
                }
            } else if (objects > 0) {
                ObjectNode props = s.putObject("properties");
                ArrayNode required = JSON.createArrayNode();
                for (Map.Entry<String, Stats> e : properties.entrySet()) {
                    Stats p = e.getValue();
                    String at = pointer + "/" + e.getKey().replace("~", "~0").replace("/", "~1");
                    int seen = p.count;
                    double share = Math.round(1000.0 * seen / objects) / 1000.0;
                    fields.add(new FieldStats(at, seen, objects, share, p.types));
                    ObjectNode ps = props.putObject(e.getKey());
                    ps.put("description", "seen in " + seen + " of " + objects + " (" + Math.round(100.0 * seen / objects) + " %)");
                    p.write(ps, at, fields, depth + 2);
                    if (seen == objects) {
                        required.add(e.getKey());
                    }
                }
                if (!required.isEmpty()) {
                    s.set("required", required);
                }
                if (!open) {
                    s.put("additionalProperties", false);
                }
            }
            if (items != null) {
                s.put("minItems", minItems);
                if (items.count > 0) {
                    items.write(s.putObject("items"), pointer + "/items", fields, depth + 1);
                }
            }
        }
    }

    private static String typeOf(JsonNode v) {
        if (v.isNull()) {
            return "null";
        }
        if (v.isBoolean()) {
            return "boolean";
        }
        if (v.isIntegralNumber()) {
            return "integer"; // 20.0 stays a number: validators differ on whether it is an integer
        }
        if (v.isNumber()) {
            return "number";
        }
        if (v.isTextual()) {
            return "string";
        }
        return v.isArray() ? "array" : "object";
    }

    /** The formats a string satisfies, in preference order. */
    private static Set<String> formatsOf(String s) {
        Set<String> out = new LinkedHashSet<>();
        if (DATE_TIME.matcher(s).matches()) {
            try {
                OffsetDateTime.parse(s);
                out.add("date-time");
            } catch (DateTimeParseException ignored) {
                // shaped like one, but not a real instant
            }
        }
        if (DATE.matcher(s).matches()) {
            try {
                LocalDate.parse(s);
                out.add("date");
            } catch (DateTimeParseException ignored) {
                // not a real date
            }
        }
        if (UUID.matcher(s).matches()) {
            out.add("uuid");
        }
        if (isEmail(s)) {
            out.add("email");
        }
        if (IPV4.matcher(s).matches()) {
            out.add("ipv4");
        }
        return out;
    }

    /**
     * What {@code [^@\s]+@[^@\s]+\.[^@\s]+} matches, in one pass: that pattern backtracked over every dot after the
     * '@' (quadratic: minutes for a 64 KiB sample of dots).
     */
    private static boolean isEmail(String s) {
        int at = s.indexOf('@');
        if (at <= 0 || s.indexOf('@', at + 1) >= 0 || s.chars().anyMatch(c -> " \t\n\u000B\f\r".indexOf(c) >= 0)) {
            return false;
        }
        int dot = s.indexOf('.', at + 2);
        return dot > 0 && dot < s.length() - 1;
    }
}
