package io.contractgate.contract.compat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.BooleanNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * What {@link CompatibilityChecker} asks of one schema, apart from comparing two: its numeric bounds, its array
 * items across drafts, its type set, whether it accepts everything or nothing, and how two schemas merge.
 */
final class SchemaShapes {

    static final JsonNodeFactory F = JsonNodeFactory.instance;
    static final Set<String> ALL_TYPES = Set.of("null", "boolean", "object", "array", "number", "string", "integer");
    /** Keywords with no effect on what validates. */
    static final Set<String> ANNOTATIONS = Set.of("title", "description", "$comment", "examples", "default",
            "deprecated", "readOnly", "writeOnly", "$id", "$schema", "$anchor", "$dynamicAnchor", "$defs", "definitions",
            "contentMediaType", "contentEncoding", "contentSchema", "$vocabulary");

    private SchemaShapes() {
    }

    /** A numeric bound with the keyword it came from. */
    record Bound(BigDecimal value, boolean exclusive, String keyword, JsonNode node) {
        static Bound lower(JsonNode s) {
            return bound(s, "minimum", "exclusiveMinimum", true);
        }

        static Bound upper(JsonNode s) {
            return bound(s, "maximum", "exclusiveMaximum", false);
        }

        static Bound bound(JsonNode s, String incl, String excl, boolean lower) {
            Bound a = s.path(incl).isNumber()
                    ? new Bound(s.get(incl).decimalValue(), s.path(excl).asBoolean(false) && s.get(excl).isBoolean(), incl, s.get(incl))
                    : null;
            Bound b = s.path(excl).isNumber() ? new Bound(s.get(excl).decimalValue(), true, excl, s.get(excl)) : null;
            if (a == null) {
                return b;
            }
            if (b == null) {
                return a;
            }
            int c = a.value.compareTo(b.value);
            boolean aTighter = lower ? c > 0 : c < 0;
            return aTighter ? a : b;
        }
    }

    /** An array schema's positional items and the schema for the rest, across drafts. */
    record Items(List<JsonNode> prefix, JsonNode rest, String prefixKeyword, String restKeyword) {
        static Items of(JsonNode s) {
            List<JsonNode> prefix = new ArrayList<>();
            if (s.path("prefixItems").isArray()) {
                s.get("prefixItems").forEach(prefix::add);
                return new Items(prefix, s.has("items") ? s.get("items") : BooleanNode.TRUE, "prefixItems", "items");
            }
            if (s.path("items").isArray()) { // drafts before 2020-12: items array + additionalItems
                s.get("items").forEach(prefix::add);
                return new Items(prefix, s.has("additionalItems") ? s.get("additionalItems") : BooleanNode.TRUE,
                        "items", "additionalItems");
            }
            return new Items(prefix, s.has("items") ? s.get("items") : BooleanNode.TRUE, "prefixItems", "items");
        }
    }

    static String change(String keyword, JsonNode oldValue, JsonNode newValue) {
        if (oldValue == null || oldValue.isMissingNode()) {
            return keyword + " " + newValue + " added";
        }
        if (newValue == null || newValue.isMissingNode()) {
            return keyword + " removed (was " + oldValue + ")";
        }
        if (oldValue.isNumber() && newValue.isNumber()) {
            int c = newValue.decimalValue().compareTo(oldValue.decimalValue());
            return keyword + (c < 0 ? " decreased " : " increased ") + oldValue + " → " + newValue;
        }
        return keyword + " changed " + oldValue + " → " + newValue;
    }

    static boolean isTrue(JsonNode n) {
        if (n.isBoolean()) {
            return n.booleanValue();
        }
        if (!n.isObject()) {
            return false;
        }
        Iterator<String> names = n.fieldNames();
        while (names.hasNext()) {
            if (!ANNOTATIONS.contains(names.next())) {
                return false;
            }
        }
        return true;
    }

    static boolean isFalse(JsonNode n) {
        return n.isBoolean() && !n.booleanValue();
    }

    static ObjectNode asObject(JsonNode n) {
        ObjectNode o = n.isObject() ? ((ObjectNode) n).deepCopy() : F.objectNode();
        ANNOTATIONS.forEach(o::remove);
        return o;
    }

    /**
     * The target of a local {@code $ref} that is a JSON pointer ({@code #} or {@code #/...}); null for anything else
     * (a remote document, an {@code $anchor} name such as {@code #T}) or a pointer to nowhere.
     */
    static JsonNode localTarget(JsonNode root, String ref) {
        if (!ref.equals("#") && !ref.startsWith("#/")) {
            return null;
        }
        JsonNode target = root.at(ref.substring(1).replace("%25", "%"));
        return target.isMissingNode() ? null : target;
    }

    /** Every {@code $ref} string in the schema, at any depth. */
    static void collectRefs(JsonNode n, Set<String> out) {
        if (n.isObject() && n.path("$ref").isTextual()) {
            out.add(n.get("$ref").textValue());
        }
        if (n.isContainerNode()) {
            n.forEach(child -> collectRefs(child, out));
        }
    }

    static boolean hasRef(JsonNode n) {
        return n.toString().contains("\"$ref\"");
    }

    /** Removes combinators both sides hold identically: (B ∩ X) ⊆ (B' ∩ X) whenever B ⊆ B'. */
    static void stripIdentical(ObjectNode s, ObjectNode p) {
        for (String kw : List.of("allOf", "anyOf", "oneOf", "not")) {
            if (s.has(kw) && s.get(kw).equals(p.get(kw)) && !hasRef(s.get(kw))) {
                s.remove(kw);
                p.remove(kw);
            }
        }
        if (s.has("if") && s.path("if").equals(p.path("if")) && s.path("then").equals(p.path("then"))
                && s.path("else").equals(p.path("else")) && !hasRef(s)) {
            for (String kw : List.of("if", "then", "else")) {
                s.remove(kw);
                p.remove(kw);
            }
        }
    }

    static boolean hasCombinator(JsonNode s) {
        return s.has("allOf") || s.has("anyOf") || s.has("oneOf");
    }

    /** Both schemas at once when their keywords do not collide (or collide with equal values); else null. */
    static JsonNode merge(JsonNode a, JsonNode b) {
        if (isTrue(b)) {
            return a;
        }
        if (isTrue(a)) {
            return b; // e.g. a $ref branch beside nothing else
        }
        if (isFalse(b) || isFalse(a)) {
            return BooleanNode.FALSE;
        }
        if (!a.isObject() || !b.isObject() || b.has("$ref") || a.has("$ref")) {
            return null;
        }
        ObjectNode out = ((ObjectNode) a).deepCopy();
        var fields = b.fields();
        while (fields.hasNext()) {
            var e = fields.next();
            if (ANNOTATIONS.contains(e.getKey())) {
                continue;
            }
            JsonNode mine = out.get(e.getKey());
            if (mine == null && actsWithAnother(e.getKey(), e.getValue(), a)) {
                return null;
            }
            if (mine == null || mine.equals(e.getValue())) {
                out.set(e.getKey(), e.getValue());
            } else if (e.getKey().equals("required") && mine.isArray() && e.getValue().isArray()) {
                Set<String> all = new LinkedHashSet<>(strings(mine));
                all.addAll(strings(e.getValue()));
                var arr = out.putArray("required");
                all.forEach(arr::add);
            } else {
                return null;
            }
        }
        return out;
    }

    /**
     * Whether a keyword of one allOf part would act with a keyword of another once merged, where apart neither does:
     * {@code then} works only beside {@code if}, {@code additionalItems} beside an {@code items} array,
     * {@code minContains} beside {@code contains}, draft-4 {@code exclusiveMaximum: true} beside {@code maximum}. The
     * merge would accept less than the parts do, and "{if} and {then}" was proven to fit "{if, then}".
     */
    private static boolean actsWithAnother(String keyword, JsonNode value, JsonNode other) {
        return switch (keyword) {
            case "if" -> other.has("then") || other.has("else");
            case "then", "else" -> other.has("if");
            case "additionalItems" -> other.path("items").isArray();
            case "items" -> value.isArray() && other.has("additionalItems");
            case "contains" -> other.has("minContains") || other.has("maxContains");
            case "minContains", "maxContains" -> other.has("contains");
            case "exclusiveMinimum" -> value.isBoolean() && other.has("minimum");
            case "minimum" -> other.path("exclusiveMinimum").isBoolean();
            case "exclusiveMaximum" -> value.isBoolean() && other.has("maximum");
            case "maximum" -> other.path("exclusiveMaximum").isBoolean();
            default -> false;
        };
    }

    /** The schema's type set (integer kept apart from number), or null when it accepts every type. */
    static Set<String> types(JsonNode s) {
        JsonNode t = s.get("type");
        if (t == null) {
            return null;
        }
        Set<String> out = new TreeSet<>();
        if (t.isTextual()) {
            out.add(t.textValue());
        } else {
            t.forEach(x -> out.add(x.asText()));
        }
        out.retainAll(ALL_TYPES);
        return out;
    }

    static boolean covers(Set<String> types, String t) {
        return types.contains(t) || (t.equals("integer") && types.contains("number"));
    }

    static boolean canBe(Set<String> live, String t) {
        return live == null || live.contains(t);
    }

    static String typeText(JsonNode s) {
        JsonNode t = s.get("type");
        return t == null ? "any" : t.isTextual() ? t.textValue() : t.toString();
    }

    static Set<String> strings(JsonNode array) {
        Set<String> out = new LinkedHashSet<>();
        if (array != null && array.isArray()) {
            array.forEach(x -> out.add(x.asText()));
        }
        return out;
    }

    static String escape(String name) {
        return name.replace("~", "~0").replace("/", "~1");
    }
}
