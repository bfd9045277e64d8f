package io.contractgate.contract.compat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.BooleanNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import static io.contractgate.contract.compat.SchemaShapes.*;

/**
 * Decides whether one JSON Schema accepts everything another accepts, keyword by keyword, and explains every
 * difference with the JSON pointer and the rule. Sound, not complete: a change it cannot decide (a changed pattern, a
 * changed oneOf, if/then/else, ...) is reported as "cannot prove compatible", never guessed as compatible.
 *
 * <p>BACKWARD means: every instance the old schema accepts, the new one accepts. FORWARD is the same question with
 * the schemas swapped; messages always describe the change from old to new.
 *
 * <p>Longer than ~250 lines on purpose: one containment recursion ({@code Run}) whose keyword families (numbers,
 * strings, objects, arrays, combinators) share its direction and pointer; the per-schema helpers are in
 * {@link SchemaShapes}, and CompatibilityCheckerTest pins each rule in both directions.
 */
public final class CompatibilityChecker {

    private static final int MAX_DEPTH = 64;
    /**
     * Enum or const members named one by one; the rest are counted in one more reason. A reason per member of a
     * 100,000-value enum ran a 128 MB gateway out of memory (a 500 on the check and on the save).
     */
    static final int MAX_VALUE_REASONS = 20;
    /** Keywords this checker does not reason about: any difference is "cannot prove compatible". */
    private static final List<String> UNDECIDED = List.of("not", "if", "then", "else", "dependentSchemas",
            "dependentRequired", "dependencies", "patternProperties", "propertyNames", "unevaluatedProperties",
            "unevaluatedItems", "contains", "minContains", "maxContains", "$dynamicRef", "$recursiveRef");

    private CompatibilityChecker() {
    }

    /** Every reason the change from {@code oldSchema} to {@code newSchema} breaks the level; empty when compatible. */
    public static List<Reason> check(JsonNode oldSchema, JsonNode newSchema, CompatibilityLevel level) {
        List<Reason> out = new ArrayList<>();
        if (level.backward()) {
            out.addAll(new Run(oldSchema, newSchema, true).contained(oldSchema, newSchema, "", 0));
        }
        if (level.forward()) {
            out.addAll(new Run(newSchema, oldSchema, false).contained(newSchema, oldSchema, "", 0));
        }
        return new ArrayList<>(new LinkedHashSet<>(out)); // a $ref both sides cannot follow was named twice
    }

    /**
     * Checks a new schema against a contract's history (oldest first): the last version only, or all of them for the
     * _TRANSITIVE levels. Reasons against an older version name it in the message ("v2: ...").
     */
    public static List<Reason> checkHistory(List<JsonNode> history, JsonNode newSchema, CompatibilityLevel level) {
        if (history.isEmpty() || level == CompatibilityLevel.NONE) {
            return List.of();
        }
        List<Reason> out = new ArrayList<>(check(history.get(history.size() - 1), newSchema, level));
        if (level.transitive()) {
            Set<String> seen = new LinkedHashSet<>();
            out.forEach(r -> seen.add(r.text()));
            for (int i = history.size() - 2; i >= 0; i--) {
                for (Reason r : check(history.get(i), newSchema, level)) {
                    if (seen.add(r.text())) {
                        out.add(new Reason(r.pointer(), r.rule(), "against version " + (i + 1) + ": " + r.message(),
                                r.proven(), r.direction()));
                    }
                }
            }
        }
        return out;
    }

    /** One containment question: is every instance of {@code subRoot} also an instance of {@code supRoot}? */
    private static final class Run {
        private final JsonNode subRoot;
        private final JsonNode supRoot;
        private final boolean subIsOld;
        private final String direction;
        /** Per local $ref: whether every $ref reachable from it has equal targets on both sides (exact, cached). */
        private final Map<String, Boolean> refsAgree = new HashMap<>();
        /**
         * Finished comparisons reached through a $ref, by the identity of both targets: a schema referring to itself
         * from several places was walked along every path to the depth limit (3 self-references: 3^64 comparisons).
         */
        private final Map<JsonNode, Map<JsonNode, Seen>> seen = new IdentityHashMap<>();

        /** Where a pair of $ref targets was first compared, and what came out. */
        private record Seen(String pointer, boolean compatible, boolean proven) {
        }

        Run(JsonNode subRoot, JsonNode supRoot, boolean subIsOld) {
            this.subRoot = subRoot;
            this.supRoot = supRoot;
            this.subIsOld = subIsOld;
            this.direction = subIsOld ? "backward" : "forward";
        }

        /**
         * Whether every local $ref in the schema, and every one reachable from their targets, points at equal text on
         * both sides: only then do two equal sub-schemas that hold $refs mean the same (a $ref may point anywhere in
         * the document, not only into $defs).
         */
        private boolean refsAgree(JsonNode schema) {
            Set<String> refs = new LinkedHashSet<>();
            collectRefs(schema, refs);
            for (String ref : refs) {
                Boolean known = refsAgree.get(ref);
                if (known == null) {
                    known = closureAgrees(ref);
                    refsAgree.put(ref, known);
                }
                if (!known) {
                    return false;
                }
            }
            return true;
        }

        private boolean closureAgrees(String start) {
            Set<String> done = new HashSet<>();
            List<String> todo = new ArrayList<>(List.of(start));
            while (!todo.isEmpty()) {
                String ref = todo.remove(todo.size() - 1);
                if (!done.add(ref)) {
                    continue;
                }
                JsonNode x = localTarget(subRoot, ref);
                if (x == null || !x.equals(localTarget(supRoot, ref))) {
                    return false;
                }
                Set<String> inner = new LinkedHashSet<>();
                collectRefs(x, inner);
                todo.addAll(inner);
            }
            return true;
        }

        // ------------------------------------------------------------ the recursion

        List<Reason> contained(JsonNode sub, JsonNode sup, String ptr, int depth) {
            List<Reason> out = new ArrayList<>();
            if (depth > MAX_DEPTH) {
                out.add(unproven(ptr, "$ref", "cannot prove compatible: nesting deeper than " + MAX_DEPTH + " (recursive $ref?)"));
                return out;
            }
            JsonNode a = resolve(sub, subRoot, ptr, out);
            JsonNode b = resolve(sup, supRoot, ptr, out);
            if (a == null || b == null) {
                return out;
            }
            if (a != sub || b != sup) {
                Map<JsonNode, Seen> bySup = seen.computeIfAbsent(a, k -> new IdentityHashMap<>());
                Seen before = bySup.get(b);
                if (before != null) {
                    return before.compatible() ? out : List.of(new Reason(ptr, "$ref", (before.proven() ? "" : "cannot prove compatible: ")
                            + "the same change as at " + (before.pointer().isEmpty() ? "/" : before.pointer()), before.proven(), direction));
                }
                out.addAll(compare(a, b, ptr, depth));
                bySup.put(b, new Seen(ptr, out.isEmpty(), out.stream().allMatch(Reason::proven)));
                return out;
            }
            return compare(a, b, ptr, depth);
        }

        private List<Reason> compare(JsonNode a, JsonNode b, String ptr, int depth) {
            List<Reason> out = new ArrayList<>();
            if (isFalse(a) || isTrue(b) || (a.equals(b) && (!hasRef(a) || refsAgree(a)))) {
                return out;
            }
            if (isFalse(b)) {
                out.add(proven(ptr, "false", "the " + side(false) + " schema accepts nothing here (false), the "
                        + side(true) + " one accepts values"));
                return out;
            }
            ObjectNode s = asObject(a);
            ObjectNode p = asObject(b);
            stripIdentical(s, p);
            // the new side is a conjunction: sub must be inside each part
            JsonNode supAll = p.remove("allOf");
            if (supAll != null) {
                for (int j = 0; j < supAll.size(); j++) {
                    out.addAll(contained(s, supAll.get(j), ptr + "/allOf/" + j, depth + 1));
                }
            }
            JsonNode supAny = p.remove("anyOf");
            if (supAny != null) {
                out.addAll(inDisjunction(s, supAny, ptr + "/anyOf", depth));
            }
            JsonNode supOne = p.remove("oneOf");
            if (supOne != null && typeDisjoint(supOne, supRoot)) {
                // no instance can match two branches: exactly one is the same as at least one
                out.addAll(inDisjunction(s, supOne, ptr + "/oneOf", depth));
            } else if (supOne != null) {
                out.add(unproven(ptr + "/oneOf", "oneOf", "cannot prove compatible: oneOf "
                        + (s.has("oneOf") ? "changed" : (subIsOld ? "added" : "removed"))
                        + " (its branches must stay exclusive)"));
            }
            out.addAll(inBase(s, p, ptr, depth));
            return out;
        }

        /**
         * Whether the branches of a oneOf accept pairwise disjoint JSON types ({@code integer} inside {@code number}), so
         * that it means the same as anyOf: the usual "a string, an object or null".
         */
        private static boolean typeDisjoint(JsonNode branches, JsonNode root) {
            Set<String> taken = new TreeSet<>();
            for (JsonNode branch : branches) {
                JsonNode b = branch;
                if (b.isObject() && b.has("$ref") && b.size() == 1) {
                    b = localTarget(root, b.get("$ref").asText());
                }
                Set<String> ts = b == null || !b.isObject() || hasCombinator(b) || b.has("$ref") ? null : types(b);
                if (ts == null || ts.isEmpty()) {
                    return false;
                }
                if (ts.contains("number")) {
                    ts.add("integer");
                }
                if (taken.contains("number") && ts.contains("integer")) {
                    return false;
                }
                for (String t : ts) {
                    if (!taken.add(t)) {
                        return false;
                    }
                }
            }
            return true;
        }

        /** sub inside a base (no combinators) of the other side, splitting sub's own combinators where needed. */
        private List<Reason> inBase(ObjectNode s, ObjectNode p, String ptr, int depth) {
            if (!hasCombinator(s)) {
                return keywords(s, p, ptr, depth);
            }
            ObjectNode base = s.deepCopy();
            JsonNode all = base.remove("allOf");
            JsonNode any = base.remove("anyOf");
            JsonNode one = base.remove("oneOf");
            JsonNode merged = base;
            if (all != null) {
                for (JsonNode part : all) {
                    merged = merged == null ? null : merge(merged, part);
                }
            }
            JsonNode disj = any != null ? any : one;
            if (disj != null) {
                if (merged == null) {
                    return List.of(unproven(ptr, "allOf", "cannot prove compatible: allOf of the " + side(true)
                            + " schema could not be combined"));
                }
                // (base ∩ (A ∪ B)) ⊆ p  ⇔  (base ∩ A) ⊆ p  and  (base ∩ B) ⊆ p
                List<Reason> out = new ArrayList<>();
                String kw = any != null ? "anyOf" : "oneOf";
                for (int i = 0; i < disj.size(); i++) {
                    JsonNode branch = merge(merged, disj.get(i));
                    if (branch == null) {
                        out.add(unproven(ptr + "/" + kw + "/" + i, kw, "cannot prove compatible: branch " + i
                                + " of the " + side(true) + " " + kw + " could not be combined with its siblings"));
                    } else {
                        out.addAll(contained(branch, p, ptr, depth + 1));
                    }
                }
                return out;
            }
            if (merged != null) {
                return contained(merged, p, ptr, depth + 1);
            }
            // allOf whose parts collide: sound shortcuts only
            if (keywords(base, p, ptr, depth).isEmpty()) {
                return List.of();
            }
            for (JsonNode part : all) {
                if (contained(part, p, ptr, depth + 1).isEmpty()) {
                    return List.of();
                }
            }
            return List.of(unproven(ptr + "/allOf", "allOf", "cannot prove compatible: allOf of the " + side(true)
                    + " schema"));
        }

        /** sub inside A ∪ B ∪ ...: each branch of sub inside some branch, or sub inside one branch. */
        private List<Reason> inDisjunction(ObjectNode s, JsonNode branches, String ptr, int depth) {
            for (int j = 0; j < branches.size(); j++) {
                if (contained(s, branches.get(j), ptr + "/" + j, depth + 1).isEmpty()) {
                    return List.of();
                }
            }
            JsonNode subDisj = s.has("anyOf") ? s.get("anyOf") : s.get("oneOf");
            if (subDisj != null && !s.has("allOf")) {
                ObjectNode base = s.deepCopy();
                base.remove("anyOf");
                base.remove("oneOf");
                List<Integer> unmatched = new ArrayList<>();
                for (int i = 0; i < subDisj.size(); i++) {
                    JsonNode branch = merge(base, subDisj.get(i));
                    boolean found = false;
                    for (int j = 0; j < branches.size() && !found && branch != null; j++) {
                        found = contained(branch, branches.get(j), ptr + "/" + j, depth + 1).isEmpty();
                    }
                    if (!found) {
                        unmatched.add(i);
                    }
                }
                if (unmatched.isEmpty()) {
                    return List.of();
                }
                return List.of(unproven(ptr, "anyOf", "cannot prove compatible: branch" + (unmatched.size() > 1 ? "es " : " ")
                        + unmatched + " of the " + side(true) + " schema fit no branch of the " + side(false) + " anyOf"));
            }
            if (branches.size() == 1) {
                return contained(s, branches.get(0), ptr + "/0", depth + 1);
            }
            return List.of(unproven(ptr, "anyOf", "cannot prove compatible: no branch of the " + side(false)
                    + " anyOf is proven to accept everything the " + side(true) + " schema accepts"));
        }

        // ------------------------------------------------------------ keyword rules

        private List<Reason> keywords(ObjectNode s, ObjectNode p, String ptr, int depth) {
            List<Reason> out = new ArrayList<>();
            for (String kw : UNDECIDED) {
                boolean differs = !p.path(kw).equals(s.path(kw));
                if (differs && (p.has(kw) || kw.equals("patternProperties"))) {
                    out.add(unproven(ptr + "/" + kw, kw, "cannot prove compatible: " + kw + " "
                            + (s.has(kw) && p.has(kw) ? "changed" : (old(s, p).has(kw) ? "removed" : "added"))));
                }
            }
            if (s.has("enum") || s.has("const")) {
                finite(s, p, ptr, out);
                return out;
            }
            Set<String> subTypes = types(s);
            Set<String> supTypes = types(p);
            if (p.has("enum") || p.has("const")) {
                Set<String> domain = subTypes == null ? null : new TreeSet<>(subTypes);
                if (domain != null && Set.of("boolean", "null").containsAll(domain)) {
                    ObjectNode asEnum = s.deepCopy();
                    var values = asEnum.putArray("enum");
                    if (domain.contains("boolean")) {
                        values.add(true).add(false);
                    }
                    if (domain.contains("null")) {
                        values.addNull();
                    }
                    finite(asEnum, p, ptr, out);
                    return out;
                }
                String kw = p.has("const") ? "const" : "enum";
                out.add(proven(ptr + "/" + kw, kw, subIsOld ? kw + " " + p.get(kw) + " added"
                        : kw + " " + p.get(kw) + " removed"));
                return out;
            }
            Set<String> live = subTypes == null ? null : new TreeSet<>(subTypes);
            if (supTypes != null) {
                if (subTypes == null) {
                    out.add(proven(ptr + "/type", "type", subIsOld ? "type " + typeText(p) + " added"
                            : "type " + typeText(s) + " removed"));
                    live = new TreeSet<>(supTypes);
                } else {
                    for (String t : subTypes) {
                        if (!covers(supTypes, t)) {
                            out.add(proven(ptr + "/type", "type", subIsOld
                                    ? "type " + t + " no longer accepted (" + typeText(s) + " → " + typeText(p) + ")"
                                    : "type " + t + " newly accepted (" + typeText(p) + " → " + typeText(s) + ")"));
                            live.remove(t);
                        }
                    }
                }
            }
            if (canBe(live, "number") || canBe(live, "integer")) {
                numbers(s, p, ptr, out, live);
            }
            if (canBe(live, "string")) {
                stringRules(s, p, ptr, out);
            }
            if (canBe(live, "object")) {
                objects(s, p, ptr, depth, out);
            }
            if (canBe(live, "array")) {
                arrays(s, p, ptr, depth, out);
            }
            return out;
        }

        /** sub accepts a finite set of values: each must pass the other side. */
        private void finite(ObjectNode s, ObjectNode p, String ptr, List<Reason> out) {
            List<JsonNode> values = new ArrayList<>();
            if (s.has("const")) {
                values.add(s.get("const"));
            } else {
                s.get("enum").forEach(values::add);
            }
            String kw = s.has("const") ? "const" : "enum";
            Evaluator evaluator = new Evaluator();
            String at = ptr + "/" + (p.has("enum") ? "enum" : p.has("const") ? "const" : kw);
            int named = 0;
            int moreRejected = 0;
            int moreUnknown = 0;
            for (JsonNode v : values) {
                if (evaluator.eval(s, v, subRoot) == Evaluator.Result.REJECT) {
                    continue; // the value is refused by sub's other keywords anyway
                }
                Evaluator.Result r = evaluator.eval(p, v, supRoot);
                if (r != Evaluator.Result.ACCEPT && named == MAX_VALUE_REASONS) {
                    moreRejected += r == Evaluator.Result.REJECT ? 1 : 0;
                    moreUnknown += r == Evaluator.Result.UNKNOWN ? 1 : 0;
                } else if (r == Evaluator.Result.REJECT) {
                    named++;
                    out.add(proven(at, kw, subIsOld ? "value " + v + " no longer accepted" : "value " + v + " newly accepted"));
                } else if (r == Evaluator.Result.UNKNOWN) {
                    named++;
                    out.add(unproven(ptr, kw, "cannot prove compatible: value " + v + " against the " + side(false)
                            + " schema"));
                }
            }
            if (moreRejected > 0) {
                out.add(proven(at, kw, moreRejected + " more values " + (subIsOld ? "no longer" : "newly") + " accepted"));
            }
            if (moreUnknown > 0) {
                out.add(unproven(ptr, kw, "cannot prove compatible: " + moreUnknown + " more values against the "
                        + side(false) + " schema"));
            }
        }

        private void numbers(ObjectNode s, ObjectNode p, String ptr, List<Reason> out, Set<String> live) {
            Bound subLo = Bound.lower(s);
            Bound supLo = Bound.lower(p);
            if (supLo != null && (subLo == null || subLo.value().compareTo(supLo.value()) < 0
                    || (subLo.value().compareTo(supLo.value()) == 0 && supLo.exclusive() && !subLo.exclusive()))) {
                out.add(proven(ptr + "/" + supLo.keyword(), supLo.keyword(), boundChange(subLo, supLo)));
            }
            Bound subHi = Bound.upper(s);
            Bound supHi = Bound.upper(p);
            if (supHi != null && (subHi == null || subHi.value().compareTo(supHi.value()) > 0
                    || (subHi.value().compareTo(supHi.value()) == 0 && supHi.exclusive() && !subHi.exclusive()))) {
                out.add(proven(ptr + "/" + supHi.keyword(), supHi.keyword(), boundChange(subHi, supHi)));
            }
            if (p.has("multipleOf") && p.get("multipleOf").isNumber()) {
                BigDecimal m = p.get("multipleOf").decimalValue();
                BigDecimal k = s.path("multipleOf").isNumber() ? s.get("multipleOf").decimalValue() : null;
                boolean onlyIntegers = live != null && !live.contains("number") && live.contains("integer");
                boolean ok = (k != null && m.signum() != 0 && k.remainder(m).signum() == 0)
                        || (onlyIntegers && m.signum() != 0 && BigDecimal.ONE.remainder(m).signum() == 0);
                if (!ok) {
                    out.add(proven(ptr + "/multipleOf", "multipleOf", change("multipleOf", old(s, p).get("multipleOf"),
                            neu(s, p).get("multipleOf"))));
                }
            }
        }

        private void stringRules(ObjectNode s, ObjectNode p, String ptr, List<Reason> out) {
            lengths(s, p, ptr, "minLength", "maxLength", out);
            if (p.has("pattern") && !p.get("pattern").equals(s.get("pattern"))) {
                out.add(unproven(ptr + "/pattern", "pattern", "cannot prove compatible: " + change("pattern",
                        old(s, p).get("pattern"), neu(s, p).get("pattern"))));
            }
            if (p.has("format") && !p.get("format").equals(s.get("format"))) {
                String msg = change("format", old(s, p).get("format"), neu(s, p).get("format"));
                if (s.has("format") || s.has("pattern")) {
                    out.add(unproven(ptr + "/format", "format", "cannot prove compatible: " + msg));
                } else {
                    out.add(proven(ptr + "/format", "format", msg));
                }
            }
        }

        private void objects(ObjectNode s, ObjectNode p, String ptr, int depth, List<Reason> out) {
            JsonNode sProps = s.path("properties");
            JsonNode pProps = p.path("properties");
            JsonNode sAdd = s.has("additionalProperties") ? s.get("additionalProperties") : BooleanNode.TRUE;
            JsonNode pAdd = p.has("additionalProperties") ? p.get("additionalProperties") : BooleanNode.TRUE;
            boolean patterns = s.has("patternProperties") || p.has("patternProperties");
            Set<String> subRequired = strings(s.get("required"));
            for (String r : strings(p.get("required"))) {
                if (!subRequired.contains(r)) {
                    String msg;
                    if (subIsOld) {
                        msg = "required property " + r + " added" + (pProps.path(r).has("default")
                                ? " (its default is not applied by validation)" : " without default");
                    } else {
                        msg = "property " + r + " no longer required";
                    }
                    out.add(proven(ptr + "/required", "required", msg));
                }
            }
            Set<String> names = new TreeSet<>();
            sProps.fieldNames().forEachRemaining(names::add);
            pProps.fieldNames().forEachRemaining(names::add);
            for (String n : names) {
                String at = ptr + "/properties/" + escape(n);
                boolean inSub = sProps.has(n);
                boolean inSup = pProps.has(n);
                if (inSub && inSup) {
                    out.addAll(contained(sProps.get(n), pProps.get(n), at, depth + 1));
                    continue;
                }
                if (patterns) {
                    out.add(unproven(at, "patternProperties", "cannot prove compatible: property " + n
                            + " may be governed by patternProperties"));
                    continue;
                }
                if (inSub) {
                    // declared only by sub: the other side treats it as an additional property
                    if (isFalse(sProps.get(n))) {
                        continue;
                    }
                    if (isFalse(pAdd)) {
                        out.add(proven(at, "additionalProperties", subIsOld
                                ? "additionalProperties:false and property " + n + " removed"
                                : "property " + n + " added; the old schema has additionalProperties:false and refused it"));
                    } else if (!isTrue(pAdd)) {
                        out.addAll(contained(sProps.get(n), pAdd, at, depth + 1));
                    }
                } else {
                    // declared only by the other side: sub lets it through as an additional property
                    if (isFalse(sAdd)) {
                        continue;
                    }
                    List<Reason> inner = contained(sAdd, pProps.get(n), at, depth + 1);
                    if (!inner.isEmpty()) {
                        String why = String.join("; ", inner.stream().map(Reason::text).toList());
                        boolean provenAll = inner.stream().allMatch(Reason::proven);
                        String msg = subIsOld
                                ? "property " + n + " added with constraints the old schema did not have (it allowed additional properties): " + why
                                : "property " + n + " removed; the new schema lets it through unconstrained as an additional property: " + why;
                        out.add(new Reason(at, "properties", msg, provenAll, direction));
                    }
                }
            }
            if (!patterns) {
                if (isFalse(pAdd) && !isFalse(sAdd)) {
                    out.add(proven(ptr + "/additionalProperties", "additionalProperties", subIsOld
                            ? "additionalProperties:false added: properties the old schema let through are refused"
                            : "additionalProperties:false removed: undeclared properties are now accepted"));
                } else if (!isFalse(pAdd)) {
                    out.addAll(contained(sAdd, pAdd, ptr + "/additionalProperties", depth + 1));
                }
            }
            lengths(s, p, ptr, "minProperties", "maxProperties", out);
        }

        private void arrays(ObjectNode s, ObjectNode p, String ptr, int depth, List<Reason> out) {
            Items a = Items.of(s);
            Items b = Items.of(p);
            int n = Math.max(a.prefix().size(), b.prefix().size());
            for (int i = 0; i < n; i++) {
                JsonNode x = i < a.prefix().size() ? a.prefix().get(i) : a.rest();
                JsonNode y = i < b.prefix().size() ? b.prefix().get(i) : b.rest();
                String at = i < b.prefix().size() ? ptr + "/" + b.prefixKeyword() + "/" + i : ptr + "/" + b.restKeyword();
                out.addAll(contained(x, y, at, depth + 1));
            }
            out.addAll(contained(a.rest(), b.rest(), ptr + "/" + b.restKeyword(), depth + 1));
            lengths(s, p, ptr, "minItems", "maxItems", out);
            if (p.path("uniqueItems").asBoolean(false) && !s.path("uniqueItems").asBoolean(false)) {
                out.add(proven(ptr + "/uniqueItems", "uniqueItems", subIsOld ? "uniqueItems added" : "uniqueItems removed"));
            }
        }

        /** minX/maxX pairs that count (lengths, items, properties): the lower bound defaults to 0. */
        private void lengths(ObjectNode s, ObjectNode p, String ptr, String minKw, String maxKw, List<Reason> out) {
            long subMin = s.path(minKw).asLong(0);
            long supMin = p.path(minKw).asLong(0);
            if (supMin > subMin) {
                out.add(proven(ptr + "/" + minKw, minKw, change(minKw, old(s, p).get(minKw), neu(s, p).get(minKw))));
            }
            if (p.has(maxKw) && (!s.has(maxKw) || s.get(maxKw).asLong() > p.get(maxKw).asLong())) {
                out.add(proven(ptr + "/" + maxKw, maxKw, change(maxKw, old(s, p).get(maxKw), neu(s, p).get(maxKw))));
            }
        }

        // ------------------------------------------------------------ messages

        private Reason proven(String ptr, String rule, String message) {
            return new Reason(ptr, rule, message, true, direction);
        }

        private Reason unproven(String ptr, String rule, String message) {
            return new Reason(ptr, rule, message, false, direction);
        }

        /** "old" or "new" for sub (true) or the other side (false). */
        private String side(boolean sub) {
            return sub == subIsOld ? "old" : "new";
        }

        private ObjectNode old(ObjectNode s, ObjectNode p) {
            return subIsOld ? s : p;
        }

        private ObjectNode neu(ObjectNode s, ObjectNode p) {
            return subIsOld ? p : s;
        }

        private String boundChange(Bound subB, Bound supB) {
            Bound o = subIsOld ? subB : supB;
            Bound n = subIsOld ? supB : subB;
            if (o != null && n != null && o.keyword().equals(n.keyword())) {
                if (o.exclusive() != n.exclusive() && o.value().compareTo(n.value()) == 0) {
                    return o.keyword() + " " + o.node() + " made " + (n.exclusive() ? "exclusive" : "inclusive");
                }
                return change(o.keyword(), o.node(), n.node());
            }
            if (o == null) {
                return n.keyword() + " " + n.node() + " added";
            }
            if (n == null) {
                return o.keyword() + " removed (was " + o.node() + ")";
            }
            return "bound changed " + o.keyword() + " " + o.node() + " → " + n.keyword() + " " + n.node();
        }

        private JsonNode resolve(JsonNode node, JsonNode root, String ptr, List<Reason> out) {
            JsonNode current = node;
            for (int hops = 0; current != null && current.isObject() && current.has("$ref"); hops++) {
                String ref = current.get("$ref").asText();
                if (hops > 16 || !ref.startsWith("#")) {
                    out.add(unproven(ptr + "/$ref", "$ref", "cannot prove compatible: $ref " + ref
                            + (hops > 16 ? " loops" : " is not local to the document")));
                    return null;
                }
                JsonNode target = localTarget(root, ref);
                if (target == null) {
                    out.add(unproven(ptr + "/$ref", "$ref", "cannot prove compatible: $ref " + ref
                            + (ref.startsWith("#/") ? " points nowhere" : " names an anchor, which the checker does not follow")));
                    return null;
                }
                ObjectNode rest = ((ObjectNode) current).deepCopy();
                rest.remove("$ref");
                ANNOTATIONS.forEach(rest::remove);
                if (rest.isEmpty()) {
                    current = target;
                } else {
                    ObjectNode both = F.objectNode();
                    both.putArray("allOf").add(target).add(rest);
                    current = both;
                }
            }
            return current;
        }
    }
}
