package io.contractgate.contract.compat;

import com.fasterxml.jackson.databind.JsonNode;

import java.math.BigDecimal;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Checks literal values (enum or const members) against a schema, for the compatibility checker. Three-valued:
 * keywords it does not evaluate answer UNKNOWN, never a guess. One evaluator serves one comparison: it indexes each
 * enum it meets once, since scanning the new enum for every old member made two enums of 100,000 values take 54 s
 * (strings: over five minutes), holding an HTTP worker and the admin change lock on a save.
 */
final class Evaluator {

    enum Result { ACCEPT, REJECT, UNKNOWN }

    private static final Set<String> IGNORED = Set.of("title", "description", "$comment", "examples", "default",
            "deprecated", "readOnly", "writeOnly", "$id", "$schema", "$anchor", "$defs", "definitions", "$ref",
            "contentMediaType", "contentEncoding", "type", "enum", "const", "minimum", "maximum", "exclusiveMinimum",
            "exclusiveMaximum", "multipleOf", "minLength", "maxLength", "pattern", "allOf", "anyOf", "oneOf", "not");

    /** The members of each enum met so far, by {@link #key}; keyed by the enum array itself. */
    private final Map<JsonNode, Set<Object>> enums = new IdentityHashMap<>();

    Result eval(JsonNode schema, JsonNode v, JsonNode root) {
        return eval(schema, v, root, 0);
    }

    private Result eval(JsonNode schema, JsonNode v, JsonNode root, int depth) {
        if (depth > 32) {
            return Result.UNKNOWN;
        }
        if (schema.isBoolean()) {
            return schema.booleanValue() ? Result.ACCEPT : Result.REJECT;
        }
        if (!schema.isObject()) {
            return Result.UNKNOWN;
        }
        Result acc = Result.ACCEPT;
        if (schema.has("$ref")) {
            String ref = schema.get("$ref").asText();
            JsonNode target = SchemaShapes.localTarget(root, ref);
            if (target == null) {
                return Result.UNKNOWN;
            }
            acc = and(acc, eval(target, v, root, depth + 1));
        }
        if (schema.has("type") && !typeMatches(schema.get("type"), v)) {
            return Result.REJECT;
        }
        if (schema.has("enum") && !enums.computeIfAbsent(schema.get("enum"), Evaluator::members).contains(key(v))) {
            return Result.REJECT;
        }
        if (schema.has("const") && !same(schema.get("const"), v)) {
            return Result.REJECT;
        }
        if (v.isNumber()) {
            BigDecimal d = v.decimalValue();
            if (num(schema, "minimum") != null && d.compareTo(num(schema, "minimum")) < 0
                    || num(schema, "maximum") != null && d.compareTo(num(schema, "maximum")) > 0
                    || num(schema, "exclusiveMinimum") != null && d.compareTo(num(schema, "exclusiveMinimum")) <= 0
                    || num(schema, "exclusiveMaximum") != null && d.compareTo(num(schema, "exclusiveMaximum")) >= 0) {
                return Result.REJECT;
            }
            if (schema.path("exclusiveMinimum").asBoolean(false) && num(schema, "minimum") != null
                    && d.compareTo(num(schema, "minimum")) == 0
                    || schema.path("exclusiveMaximum").asBoolean(false) && num(schema, "maximum") != null
                    && d.compareTo(num(schema, "maximum")) == 0) {
                return Result.REJECT;
            }
            BigDecimal m = num(schema, "multipleOf");
            if (m != null && m.signum() != 0 && d.remainder(m).signum() != 0) {
                return Result.REJECT;
            }
        }
        if (v.isTextual()) {
            int len = v.textValue().codePointCount(0, v.textValue().length());
            if (schema.has("minLength") && len < schema.get("minLength").asInt()
                    || schema.has("maxLength") && len > schema.get("maxLength").asInt()) {
                return Result.REJECT;
            }
            if (schema.has("pattern")) {
                try {
                    if (!Pattern.compile(schema.get("pattern").asText()).matcher(v.textValue()).find()) {
                        return Result.REJECT;
                    }
                } catch (PatternSyntaxException e) {
                    acc = Result.UNKNOWN;
                }
            }
            if (schema.has("format")) {
                acc = Result.UNKNOWN;
            }
        }
        for (JsonNode part : schema.path("allOf")) {
            Result r = eval(part, v, root, depth + 1);
            if (r == Result.REJECT) {
                return r;
            }
            acc = and(acc, r);
        }
        if (schema.has("anyOf")) {
            Result any = Result.REJECT;
            for (JsonNode part : schema.get("anyOf")) {
                Result r = eval(part, v, root, depth + 1);
                if (r == Result.ACCEPT) {
                    any = r;
                    break;
                }
                if (r == Result.UNKNOWN) {
                    any = r;
                }
            }
            if (any == Result.REJECT) {
                return any;
            }
            acc = and(acc, any);
        }
        if (schema.has("oneOf")) {
            int yes = 0;
            boolean unknown = false;
            for (JsonNode part : schema.get("oneOf")) {
                Result r = eval(part, v, root, depth + 1);
                yes += r == Result.ACCEPT ? 1 : 0;
                unknown |= r == Result.UNKNOWN;
            }
            if (!unknown && yes != 1) {
                return Result.REJECT;
            }
            acc = and(acc, unknown ? Result.UNKNOWN : Result.ACCEPT);
        }
        if (schema.has("not")) {
            Result r = eval(schema.get("not"), v, root, depth + 1);
            if (r == Result.ACCEPT) {
                return Result.REJECT;
            }
            acc = and(acc, r == Result.REJECT ? Result.ACCEPT : Result.UNKNOWN);
        }
        if (!v.isValueNode()) {
            // object and array keywords are not evaluated for literals here
            Iterator<String> names = schema.fieldNames();
            while (names.hasNext()) {
                if (!IGNORED.contains(names.next())) {
                    return and(acc, Result.UNKNOWN);
                }
            }
        } else {
            Iterator<String> names = schema.fieldNames();
            while (names.hasNext()) {
                String n = names.next();
                if (Set.of("if", "then", "else").contains(n)) {
                    acc = and(acc, Result.UNKNOWN);
                }
            }
        }
        return acc;
    }

    private static Result and(Result a, Result b) {
        if (a == Result.REJECT || b == Result.REJECT) {
            return Result.REJECT;
        }
        return a == Result.UNKNOWN || b == Result.UNKNOWN ? Result.UNKNOWN : Result.ACCEPT;
    }

    private static BigDecimal num(JsonNode s, String kw) {
        return s.path(kw).isNumber() ? s.get(kw).decimalValue() : null;
    }

    private static boolean typeMatches(JsonNode type, JsonNode v) {
        if (type.isArray()) {
            for (JsonNode t : type) {
                if (typeMatches(t, v)) {
                    return true;
                }
            }
            return false;
        }
        return switch (type.asText()) {
            case "null" -> v.isNull();
            case "boolean" -> v.isBoolean();
            case "object" -> v.isObject();
            case "array" -> v.isArray();
            case "string" -> v.isTextual();
            case "number" -> v.isNumber();
            case "integer" -> v.isNumber() && isWhole(v.decimalValue());
            default -> false;
        };
    }

    private static boolean isWhole(BigDecimal d) {
        return d.signum() == 0 || d.scale() <= 0 || d.stripTrailingZeros().scale() <= 0;
    }

    private static Set<Object> members(JsonNode values) {
        Set<Object> out = new HashSet<>();
        values.forEach(x -> out.add(key(x)));
        return out;
    }

    /** What {@link #same} compares: a number by its value (1 and 1.0 give one key), anything else as it is. */
    private static Object key(JsonNode v) {
        if (v.isNumber()) {
            try {
                return v.decimalValue().stripTrailingZeros();
            } catch (NumberFormatException e) {
                return v; // an infinite double has no decimal value
            }
        }
        return v;
    }

    /** JSON equality, numbers by value (1 equals 1.0). */
    static boolean same(JsonNode a, JsonNode b) {
        if (a.isNumber() && b.isNumber()) {
            return a.decimalValue().compareTo(b.decimalValue()) == 0;
        }
        return a.equals(b);
    }
}
