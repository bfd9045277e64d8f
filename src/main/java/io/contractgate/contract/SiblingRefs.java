package io.contractgate.contract;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;

/**
 * Resolves a relative {@code $ref} (other than a fragment-only one) that sits beside an {@code $id} (drafts 2019-09 and 2020-12) against that
 * {@code $id}, as the specification says: the {@code $id} is evaluated first and is the reference's base URI. The
 * engine (networknt 1.5.x, issue #1200) resolves such a reference against the enclosing resource instead, so the
 * compiler hands it the absolute URI. Only schema positions are walked (never the values of {@code const},
 * {@code enum}, {@code default} or {@code examples}), only where the base is an absolute hierarchical URI, and the
 * text a user saved is left as it is.
 */
final class SiblingRefs {

    /** Keywords whose value is one schema. */
    private static final Set<String> ONE = Set.of("not", "if", "then", "else", "additionalProperties", "additionalItems",
            "unevaluatedItems", "unevaluatedProperties", "contains", "propertyNames", "contentSchema", "items");
    /** Keywords whose value is an array of schemas. */
    private static final Set<String> ARRAY = Set.of("allOf", "anyOf", "oneOf", "prefixItems", "items");
    /** Keywords whose value is an object of schemas. */
    private static final Set<String> MAP = Set.of("properties", "patternProperties", "$defs", "definitions",
            "dependentSchemas");

    private SiblingRefs() {
    }

    /** The schema with every relative {@code $ref} beside an {@code $id} made absolute; the same node when none is. */
    static JsonNode absolutize(JsonNode schema) {
        if (!needsIt(schema)) {
            return schema;
        }
        JsonNode copy = schema.deepCopy();
        walk(copy, null);
        return copy;
    }

    private static boolean needsIt(JsonNode n) {
        if (n.isObject()) {
            if (n.has("$id") && n.has("$ref")) {
                return true;
            }
            for (Iterator<JsonNode> it = n.elements(); it.hasNext(); ) {
                if (needsIt(it.next())) {
                    return true;
                }
            }
        } else if (n.isArray()) {
            for (JsonNode e : n) {
                if (needsIt(e)) {
                    return true;
                }
            }
        }
        return false;
    }

    private static void walk(JsonNode node, URI parentBase) {
        if (!(node instanceof ObjectNode schema)) {
            return;
        }
        URI base = parentBase;
        JsonNode id = schema.get("$id");
        if (id != null && id.isTextual() && !id.asText().startsWith("#")) {
            base = resolve(parentBase, id.asText());
            JsonNode ref = schema.get("$ref");
            // a fragment-only reference stays in its document: the engine resolves those right
            if (base != null && ref != null && ref.isTextual() && !ref.asText().startsWith("#")) {
                URI target = resolve(base, ref.asText());
                if (target != null) {
                    schema.put("$ref", target.toString());
                }
            }
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = schema.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            JsonNode v = e.getValue();
            if (ONE.contains(e.getKey()) && v.isObject()) {
                walk(v, base);
            }
            if (ARRAY.contains(e.getKey()) && v.isArray()) {
                for (JsonNode s : v) {
                    walk(s, base);
                }
            }
            if (MAP.contains(e.getKey()) && v.isObject()) {
                for (JsonNode s : v) {
                    walk(s, base);
                }
            }
        }
    }

    /** {@code ref} resolved against {@code base}; null where either is not a usable hierarchical URI. */
    private static URI resolve(URI base, String ref) {
        try {
            URI r = new URI(ref);
            if (r.isAbsolute()) {
                return r.isOpaque() ? null : r;
            }
            if (base == null || !base.isAbsolute() || base.isOpaque()) {
                return null;
            }
            return base.resolve(r);
        } catch (URISyntaxException e) {
            return null;
        }
    }
}
