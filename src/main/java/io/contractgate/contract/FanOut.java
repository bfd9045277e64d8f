package io.contractgate.contract;

import com.fasterxml.jackson.databind.JsonNode;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * How many subschemas a contract checks one value against at most: the schema itself plus, nested, every
 * {@code allOf}, {@code anyOf}, {@code oneOf}, {@code not}, {@code if}/{@code then}/{@code else},
 * {@code dependentSchemas} and reference that applies to the same value. Nested combinators over shared
 * {@code $defs} multiply: 1 KB of contract (15 levels of {@code anyOf} of two references to the level below) took
 * 11 s to compile and ran the 128 MB heap out on its first message, 20 levels at save. Counted on the JSON before the
 * engine sees it, following references into the contracts and bundled meta-schemas they name.
 */
final class FanOut {

    /** Keywords whose value is one schema applied to the same value. */
    private static final Set<String> ONE = Set.of("not", "if", "then", "else");
    /** Keywords whose value is an array of schemas applied to the same value. */
    private static final Set<String> ARRAY = Set.of("allOf", "anyOf", "oneOf");
    /** Keywords whose value is an object of schemas applied to the same value. */
    private static final Set<String> MAP = Set.of("dependentSchemas", "dependencies");
    private static final Set<String> REFS = Set.of("$ref", "$dynamicRef", "$recursiveRef");
    /** Above any limit; sums saturate here. */
    private static final long CAP = 1L << 40;

    private final Function<String, Optional<JsonNode>> external;
    private final Map<JsonNode, Long> done = new IdentityHashMap<>();
    private final Map<JsonNode, Boolean> busy = new IdentityHashMap<>();
    /** Per document root: its embedded resources by $id and its anchors by name. */
    private final Map<JsonNode, Map<String, JsonNode>> indexes = new IdentityHashMap<>();
    private final Map<String, Optional<JsonNode>> documents = new HashMap<>();

    private FanOut(Function<String, Optional<JsonNode>> external) {
        this.external = external;
    }

    /**
     * The largest number of subschemas one value of a payload is checked against.
     *
     * @param external another contract's JSON by the IRI a reference names (without fragment), if there is one
     * @throws StackOverflowError when references chain deeper than the stack (callers refuse the contract)
     */
    static long of(JsonNode root, Function<String, Optional<JsonNode>> external) {
        FanOut f = new FanOut(external);
        return f.maxOver(root, root, root);
    }

    /** The largest fan-out of any schema in the document (each can apply to some value). */
    private long maxOver(JsonNode node, JsonNode document, JsonNode resource) {
        long max = 0;
        if (node.isObject()) {
            JsonNode res = node.has("$id") && !node.path("$id").asText().startsWith("#") ? node : resource;
            max = cost(node, document, res);
            for (var it = node.fields(); it.hasNext(); ) {
                var e = it.next();
                if (!e.getKey().equals("const") && !e.getKey().equals("enum") && !e.getKey().equals("default")
                        && !e.getKey().equals("examples")) {
                    max = Math.max(max, maxOver(e.getValue(), document, res));
                }
            }
        } else if (node.isArray()) {
            for (JsonNode e : node) {
                max = Math.max(max, maxOver(e, document, resource));
            }
        }
        return max;
    }

    /** Subschemas checked against one value when {@code schema} is. */
    private long cost(JsonNode schema, JsonNode document, JsonNode resource) {
        if (!schema.isObject()) {
            return 1;
        }
        Long known = done.get(schema);
        if (known != null) {
            return known;
        }
        if (busy.put(schema, Boolean.TRUE) != null) {
            return 0; // a loop: refused as endless by the compiler, or it moves into the payload
        }
        JsonNode res = schema.has("$id") && !schema.path("$id").asText().startsWith("#") ? schema : resource;
        long total = 1;
        for (var it = schema.fields(); it.hasNext(); ) {
            var e = it.next();
            String k = e.getKey();
            JsonNode v = e.getValue();
            if (ONE.contains(k)) {
                total = add(total, cost(v, document, res));
            } else if (ARRAY.contains(k) && v.isArray()) {
                for (JsonNode s : v) {
                    total = add(total, cost(s, document, res));
                }
            } else if (MAP.contains(k) && v.isObject()) {
                for (JsonNode s : v) {
                    total = add(total, cost(s, document, res));
                }
            } else if (REFS.contains(k) && v.isTextual()) {
                total = add(total, referenced(v.asText(), document, res));
            }
        }
        busy.remove(schema);
        done.put(schema, total);
        return total;
    }

    private long referenced(String ref, JsonNode document, JsonNode resource) {
        int hash = ref.indexOf('#');
        String base = hash < 0 ? ref : ref.substring(0, hash);
        String fragment = hash < 0 ? "" : ref.substring(hash + 1);
        JsonNode doc = document;
        JsonNode target = resource;
        if (!base.isEmpty()) {
            base = absolute(resource.path("$id").asText(""), base);
            target = index(document).get("$id " + base);
            if (target == null) {
                Optional<JsonNode> other = documents.computeIfAbsent(base, external);
                if (other.isEmpty()) {
                    return 1;
                }
                doc = other.get();
                target = doc;
            }
        }
        if (fragment.startsWith("/")) {
            target = target.at(URLDecoder.decode(fragment.replace("+", "%2B"), StandardCharsets.UTF_8));
        } else if (!fragment.isEmpty()) {
            target = index(doc).get("# " + fragment);
        }
        return target == null || target.isMissingNode() ? 1 : cost(target, doc, target.has("$id") ? target : resource);
    }

    /** {@code ref} resolved against the resource's {@code $id} where that is an absolute hierarchical URI. */
    private static String absolute(String id, String ref) {
        try {
            java.net.URI base = new java.net.URI(id);
            java.net.URI r = new java.net.URI(ref);
            return r.isAbsolute() || !base.isAbsolute() || base.isOpaque() ? ref : base.resolve(r).toString();
        } catch (java.net.URISyntaxException e) {
            return ref;
        }
    }

    private Map<String, JsonNode> index(JsonNode document) {
        return indexes.computeIfAbsent(document, d -> {
            Map<String, JsonNode> out = new HashMap<>();
            collect(d, out);
            return out;
        });
    }

    private static void collect(JsonNode node, Map<String, JsonNode> out) {
        if (node.isObject()) {
            for (String key : new String[]{"$id", "$anchor", "$dynamicAnchor"}) {
                JsonNode v = node.get(key);
                if (v != null && v.isTextual()) {
                    String text = v.asText();
                    if (key.equals("$id") && !text.startsWith("#")) {
                        out.putIfAbsent("$id " + text.replaceFirst("#$", ""), node);
                    } else {
                        out.putIfAbsent("# " + (text.startsWith("#") ? text.substring(1) : text), node);
                    }
                }
            }
            node.forEach(child -> collect(child, out));
        } else if (node.isArray()) {
            node.forEach(child -> collect(child, out));
        }
    }

    private static long add(long a, long b) {
        return Math.min(a + b, CAP);
    }
}
