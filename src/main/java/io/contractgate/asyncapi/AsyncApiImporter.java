package io.contractgate.asyncapi;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLParser;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Reads an AsyncAPI 3.x document (JSON or YAML) into the mappings and contracts it describes: one mapping per channel
 * that carries a JSON message, its address as the source topic ({@code {param}} becomes the MQTT wildcard {@code +}),
 * the message payload as the contract (component schemas it refers to are copied into {@code $defs}). Channels the
 * gateway itself publishes to (validated and failed outputs, failure reports) are skipped, so the gateway's own
 * export reads back as the mappings it came from. Plans only: applying is the admin service's job.
 */
public final class AsyncApiImporter {

    /** A contract the document defines. */
    public record PlannedContract(String id, ObjectNode schema, String channel) {
    }

    /** A mapping the document defines. */
    public record PlannedMapping(String id, String sourceTopic, String contractId, String channel) {
    }

    /** A channel left out, and why. */
    public record Skipped(String channel, String reason) {
    }

    /** What the document describes. */
    public record Plan(List<PlannedContract> contracts, List<PlannedMapping> mappings, List<Skipped> skipped) {
    }

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final YAMLMapper YAML = new YAMLMapper();
    private static final Pattern UNSAFE = Pattern.compile("[^A-Za-z0-9_.-]");
    private static final Pattern PARAM = Pattern.compile("\\{[^}/]*}");
    private static final String COMPONENT_SCHEMAS = "#/components/schemas/";
    /**
     * Most channels one document may hold. Each planned mapping is checked for loops against every other one: 12,500
     * channels (1 MB) kept an HTTP worker busy for 71 s on a dry run.
     */
    public static final int MAX_CHANNELS = 1000;
    /**
     * Most JSON values the planned contracts may hold in all: each copies the component schemas its payload refers to,
     * so 1,000 channels referring to one 900 KB component (a 976 KB document) planned 900 MB of contracts and ran the
     * 128 MB heap out on a dry run.
     */
    public static final int MAX_PLANNED_VALUES = 250_000;

    /** Parses the document text; throws IllegalArgumentException naming the problem. */
    public static JsonNode parse(byte[] text) {
        try {
            refuseAliases(text);
            JsonNode n = YAML.readTree(text); // YAML is a superset of JSON
            if (n == null || !n.isObject()) {
                throw new IllegalArgumentException("the document must be a JSON or YAML object");
            }
            return n;
        } catch (IOException e) {
            throw new IllegalArgumentException("the document is neither JSON nor YAML: "
                    + e.getMessage().lines().findFirst().orElse(""));
        }
    }

    /**
     * Aliases are not expanded (no alias bomb), and read as a tree one became its own name as text: {@code const: *mode}
     * planned the contract {@code {"const": "mode"}}. So the document is refused, naming the first alias.
     */
    private static void refuseAliases(byte[] text) throws IOException {
        try (YAMLParser p = (YAMLParser) YAML.getFactory().createParser(text)) {
            while (p.nextToken() != null) {
                if (p.isCurrentAlias()) {
                    throw new IllegalArgumentException("YAML alias *" + p.getText() + " at line "
                            + p.currentTokenLocation().getLineNr() + ": aliases (and << merge keys) are not expanded;"
                            + " write the value out");
                }
            }
        }
    }

    public Plan plan(JsonNode doc) {
        String version = doc.path("asyncapi").asText("");
        if (!version.startsWith("3.")) {
            throw new IllegalArgumentException("only AsyncAPI 3.x documents can be imported (asyncapi: '" + version + "')");
        }
        Map<String, PlannedContract> contracts = new LinkedHashMap<>();
        List<PlannedMapping> mappings = new ArrayList<>();
        List<Skipped> skipped = new ArrayList<>();
        Set<String> mappingIds = new HashSet<>();
        if (doc.path("channels").size() > MAX_CHANNELS) {
            throw new IllegalArgumentException("the document has " + doc.path("channels").size() + " channels; import at most "
                    + MAX_CHANNELS + " at once");
        }
        long values = 0;
        var channels = doc.path("channels").fields();
        while (channels.hasNext()) {
            var e = channels.next();
            String key = e.getKey();
            JsonNode channel = deref(doc, e.getValue(), key);
            String address = channel.path("address").isTextual() ? channel.get("address").asText() : null;
            if (address == null || address.isBlank()) {
                skipped.add(new Skipped(key, "no address"));
                continue;
            }
            if (key.endsWith(".validated") || key.endsWith(".failed") || address.endsWith("/validated")
                    || address.endsWith("/failed")) {
                skipped.add(new Skipped(key, "an output of the gateway (validated or failed topic)"));
                continue;
            }
            var messages = channel.path("messages").fields();
            if (!messages.hasNext()) {
                skipped.add(new Skipped(key, "no message"));
                continue;
            }
            var first = messages.next();
            if (messages.hasNext()) {
                skipped.add(new Skipped(key, "more than one message type: a mapping checks one contract"));
                continue;
            }
            String messageRef = first.getValue().path("$ref").asText(null);
            JsonNode message = deref(doc, first.getValue(), key);
            String messageName = messageRef != null ? messageRef.substring(messageRef.lastIndexOf('/') + 1) : first.getKey();
            if ("FailureReport".equals(messageName)) {
                skipped.add(new Skipped(key, "failure reports are published by the gateway"));
                continue;
            }
            String contentType = message.path("contentType").asText(doc.path("defaultContentType").asText("application/json"));
            if (!contentType.toLowerCase(Locale.ROOT).contains("json")) {
                skipped.add(new Skipped(key, "content type " + contentType + " is not JSON"));
                continue;
            }
            JsonNode payload = message.get("payload");
            if (payload != null && payload.has("schemaFormat")) {
                String format = payload.get("schemaFormat").asText().toLowerCase(Locale.ROOT);
                if (!format.contains("schema+json") && !format.contains("schema+yaml") && !format.contains("vnd.aai.asyncapi")) {
                    skipped.add(new Skipped(key, "payload schema format " + format + " is not JSON Schema"));
                    continue;
                }
                payload = payload.get("schema");
            }
            if (payload == null || !(payload.isObject() || payload.isBoolean())) {
                skipped.add(new Skipped(key, "the message has no payload schema"));
                continue;
            }
            String contractId = id(message.path("name").asText(messageName));
            String schemaKey = payload.path("$ref").asText("").startsWith(COMPONENT_SCHEMAS)
                    ? payload.get("$ref").asText().substring(COMPONENT_SCHEMAS.length()) : null;
            ObjectNode schema = embed(doc, schemaKey == null ? payload : deref(doc, payload, key), schemaKey, key);
            PlannedContract same = contracts.get(contractId);
            if (same != null && !same.schema().equals(schema)) {
                // kept first, the other channel's mapping would check the first channel's payload: every message failed
                skipped.add(new Skipped(key, "contract " + contractId + " is planned from channel " + same.channel()
                        + " with another payload schema; give this channel's message its own name"));
                continue;
            }
            if (same == null) {
                values += values(schema);
                if (values > MAX_PLANNED_VALUES) {
                    throw new IllegalArgumentException("the contracts planned up to channel " + key + " hold more than "
                            + MAX_PLANNED_VALUES + " JSON values (each channel's payload with copies of the component"
                            + " schemas it refers to); import fewer channels at once");
                }
            }
            contracts.putIfAbsent(contractId, new PlannedContract(contractId, schema, key));
            String mappingId = id(key.endsWith(".source") ? key.substring(0, key.length() - ".source".length()) : key);
            if (!mappingIds.add(mappingId)) {
                skipped.add(new Skipped(key, "mapping id " + mappingId + " already planned from another channel"));
                continue;
            }
            mappings.add(new PlannedMapping(mappingId, PARAM.matcher(address).replaceAll("+"), contractId, key));
        }
        return new Plan(new ArrayList<>(contracts.values()), mappings, skipped);
    }

    /** JSON values in a tree, itself included. */
    private static long values(JsonNode node) {
        long n = 1;
        for (JsonNode child : node) {
            n += values(child);
        }
        return n;
    }

    /** A safe id: the characters contract and mapping ids allow, 64 at most. */
    static String id(String name) {
        String s = UNSAFE.matcher(name).replaceAll("-");
        while (s.startsWith("-") || s.startsWith("_") || s.startsWith(".")) {
            s = s.substring(1);
        }
        if (s.isEmpty()) {
            s = "imported";
        }
        return s.length() > 64 ? s.substring(0, 64) : s;
    }

    /**
     * Follows local refs (never a URL or a file: a remote ref is left as it is). One that points nowhere is refused:
     * planned as an empty schema, it made a contract that accepts every message.
     */
    private static JsonNode deref(JsonNode doc, JsonNode n, String channel) {
        JsonNode cur = n;
        for (int i = 0; i < 16 && cur != null && cur.isObject() && cur.has("$ref"); i++) {
            String ref = cur.get("$ref").asText();
            if (!ref.startsWith("#")) {
                break;
            }
            cur = target(doc, ref, channel);
        }
        return cur == null ? JSON.missingNode() : cur;
    }

    private static JsonNode target(JsonNode doc, String ref, String channel) {
        if (!ref.equals("#") && !ref.startsWith("#/")) {
            throw new IllegalArgumentException("channel " + channel + ": $ref '" + ref
                    + "' is not a JSON pointer into the document (#/...)");
        }
        JsonNode target = doc.at(ref.substring(1));
        if (target.isMissingNode()) {
            throw new IllegalArgumentException("channel " + channel + ": $ref '" + ref + "' points nowhere in the document");
        }
        return target;
    }

    /**
     * The payload schema as a stand-alone contract: refs into its own component become local, other component schemas
     * are copied into $defs.
     */
    private static ObjectNode embed(JsonNode doc, JsonNode schema, String ownKey, String channel) {
        ObjectNode out = schema.isObject() ? ((ObjectNode) schema).deepCopy() : JSON.createObjectNode();
        if (schema.isBoolean() && !schema.booleanValue()) {
            out.putArray("enum"); // false: nothing validates
        }
        Map<String, JsonNode> defs = new LinkedHashMap<>();
        rewrite(doc, out, ownKey, defs, new HashSet<>(), channel);
        if (!defs.isEmpty()) {
            ObjectNode d = out.has("$defs") && out.get("$defs").isObject() ? (ObjectNode) out.get("$defs") : out.putObject("$defs");
            defs.forEach(d::set);
        }
        return out;
    }

    private static void rewrite(JsonNode doc, JsonNode node, String ownKey, Map<String, JsonNode> defs, Set<String> seen,
                                String channel) {
        if (node.isObject()) {
            JsonNode ref = node.get("$ref");
            if (ref != null && ref.isTextual() && ref.textValue().startsWith(COMPONENT_SCHEMAS)) {
                String rest = ref.textValue().substring(COMPONENT_SCHEMAS.length());
                int slash = rest.indexOf('/');
                String name = slash < 0 ? rest : rest.substring(0, slash);
                String tail = slash < 0 ? "" : rest.substring(slash);
                if (name.equals(ownKey)) {
                    ((ObjectNode) node).put("$ref", "#" + tail);
                } else {
                    ((ObjectNode) node).put("$ref", "#/$defs/" + name + tail);
                    if (seen.add(name)) {
                        target(doc, ref.textValue(), channel); // refused when it points nowhere
                        JsonNode copy = doc.at("/components/schemas/" + name).deepCopy();
                        defs.put(name, copy);
                        rewriteInDefs(doc, copy, name, defs, seen, channel);
                    }
                }
            }
            node.forEach(child -> rewrite(doc, child, ownKey, defs, seen, channel));
        } else if (node.isArray()) {
            node.forEach(child -> rewrite(doc, child, ownKey, defs, seen, channel));
        }
    }

    /** Inside a copied component, refs to itself point at its place in $defs. */
    private static void rewriteInDefs(JsonNode doc, JsonNode node, String name, Map<String, JsonNode> defs, Set<String> seen,
                                      String channel) {
        if (node.isObject()) {
            JsonNode ref = node.get("$ref");
            if (ref != null && ref.isTextual() && ref.textValue().startsWith(COMPONENT_SCHEMAS + name)) {
                ((ObjectNode) node).put("$ref", "#/$defs/" + name + ref.textValue().substring((COMPONENT_SCHEMAS + name).length()));
            } else if (ref != null && ref.isTextual() && ref.textValue().startsWith(COMPONENT_SCHEMAS)) {
                rewrite(doc, node, null, defs, seen, channel);
                return;
            }
            node.forEach(child -> rewriteInDefs(doc, child, name, defs, seen, channel));
        } else if (node.isArray()) {
            node.forEach(child -> rewriteInDefs(doc, child, name, defs, seen, channel));
        }
    }
}
