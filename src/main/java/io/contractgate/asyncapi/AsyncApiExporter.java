package io.contractgate.asyncapi;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Builds the gateway's AsyncAPI 3.0 document: the configured broker as the server (host and protocol only, never
 * credentials), and per mapping three channels (the source topic, its validated and failed outputs) with the
 * gateway's receive and send operations. The source and validated messages carry the contract as payload, the failed
 * channel the failure report's schema ({@code failure-report.schema.json}).
 */
public final class AsyncApiExporter {

    /** One mapping as the document needs it. */
    public record Channel(String mappingId, String sourceTopic, String contractId, String validatedTopic,
                          String failedTopic, boolean enabled) {
    }

    /** The broker: its URL (empty for the embedded one) and the embedded listener. */
    public record Broker(String url, String embeddedHost, int embeddedPort) {
    }

    public static final String FAILURE_REPORT_SCHEMA = "/failure-report.schema.json";
    private static final String TOPIC_TOKEN = "{topic}";
    private static final Pattern SAFE_KEY = Pattern.compile("[^A-Za-z0-9_.\\-]");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final YAMLMapper YAML = new YAMLMapper(YAMLFactory.builder()
            .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
            .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
            .enable(YAMLGenerator.Feature.ALWAYS_QUOTE_NUMBERS_AS_STRINGS)
            .build());

    private final JsonNode failureReportSchema;
    private final String version;

    public AsyncApiExporter(String version) {
        this.version = version;
        try (InputStream in = AsyncApiExporter.class.getResourceAsStream(FAILURE_REPORT_SCHEMA)) {
            if (in == null) {
                throw new IllegalStateException("resource " + FAILURE_REPORT_SCHEMA + " is missing from the build");
            }
            this.failureReportSchema = JSON.readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The failure report's JSON Schema (draft-07). */
    public JsonNode failureReportSchema() {
        return failureReportSchema.deepCopy();
    }

    /**
     * The document. {@code contracts} maps contract id to its JSON Schema (a contract that does not parse is left
     * out of the map and its channels carry no payload schema).
     */
    public ObjectNode build(List<Channel> channels, Map<String, JsonNode> contracts, Broker broker) {
        ObjectNode doc = JSON.createObjectNode();
        doc.put("asyncapi", "3.0.0");
        ObjectNode info = doc.putObject("info");
        info.put("title", "contract-gateway");
        info.put("version", version);
        info.put("description", "Topics the gateway validates against data contracts (JSON Schema). Each mapping"
                + " consumes a source topic and republishes every message to its validated topic, or a failure report"
                + " to its failed topic.");
        doc.put("defaultContentType", "application/json");
        ObjectNode server = doc.putObject("servers").putObject("broker");
        server(server, broker);

        ObjectNode chans = doc.putObject("channels");
        ObjectNode ops = doc.putObject("operations");
        ObjectNode components = doc.putObject("components");
        ObjectNode schemas = components.putObject("schemas");
        ObjectNode messages = components.putObject("messages");

        schemas.set("FailureReport", embed(failureReportSchema, "FailureReport"));
        ObjectNode report = messages.putObject("FailureReport");
        report.put("name", "FailureReport");
        report.put("title", "Failure report");
        report.put("summary", "Why a message broke its contract, with the payload echoed");
        report.put("contentType", "application/json");
        report.putObject("payload").put("$ref", "#/components/schemas/FailureReport");

        Map<String, JsonNode> used = new TreeMap<>();
        for (Channel c : channels) {
            JsonNode schema = contracts.get(c.contractId());
            if (schema != null) {
                used.put(c.contractId(), schema);
            }
        }
        for (Map.Entry<String, JsonNode> e : used.entrySet()) {
            String key = key(e.getKey());
            schemas.set(key, embed(e.getValue(), key));
            ObjectNode m = messages.putObject(key);
            m.put("name", key);
            m.put("title", e.getValue().path("title").asText(e.getKey()));
            if (e.getValue().has("description")) {
                m.put("summary", e.getValue().get("description").asText());
            }
            m.put("contentType", "application/json");
            m.putObject("payload").put("$ref", "#/components/schemas/" + key);
        }

        for (Channel c : channels) {
            String id = key(c.mappingId());
            String contractRef = used.containsKey(c.contractId()) ? "#/components/messages/" + key(c.contractId()) : null;
            channel(chans, id + ".source", c.sourceTopic(), "Messages devices publish; checked against contract '"
                    + c.contractId() + "'" + (c.enabled() ? "" : " (mapping disabled: not consumed now)"), "message", contractRef);
            channel(chans, id + ".validated", output(c.validatedTopic(), c.sourceTopic()),
                    "Messages that satisfied contract '" + c.contractId() + "', republished unchanged", "message", contractRef);
            channel(chans, id + ".failed", output(c.failedTopic(), c.sourceTopic()),
                    "Failure reports for messages that broke contract '" + c.contractId() + "'", "report",
                    "#/components/messages/FailureReport");
            operation(ops, id + ".receive", "receive", id + ".source", "The gateway consumes mapping '" + c.mappingId() + "'");
            operation(ops, id + ".publishValidated", "send", id + ".validated", "Valid messages, republished");
            operation(ops, id + ".publishFailed", "send", id + ".failed", "A failure report per invalid message");
        }
        return doc;
    }

    /** The document as JSON text. */
    public static String json(JsonNode doc) {
        try {
            return JSON.writerWithDefaultPrettyPrinter().writeValueAsString(doc) + "\n";
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The document as YAML text. */
    public static String yaml(JsonNode doc) {
        try {
            return YAML.writeValueAsString(doc);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void server(ObjectNode server, Broker broker) {
        String url = broker.url() == null ? "" : broker.url().trim();
        if (url.isEmpty()) {
            server.put("host", broker.embeddedHost() + ":" + broker.embeddedPort());
            server.put("protocol", "mqtt");
            server.put("description", "The broker embedded in the gateway");
        } else {
            URI uri = URI.create(url.split(",")[0].trim()); // several URLs: the first is the primary
            String scheme = uri.getScheme() == null ? "tcp" : uri.getScheme().toLowerCase();
            String host = uri.getHost() == null ? "localhost" : uri.getHost();
            boolean tls = scheme.equals("ssl") || scheme.equals("mqtts") || scheme.equals("wss");
            int port = uri.getPort() > 0 ? uri.getPort() : tls ? 8883 : 1883;
            // host and port only: user info in the URL (credentials) never reaches the document
            server.put("host", host + ":" + port);
            server.put("protocol", scheme.startsWith("ws") ? (tls ? "wss" : "ws") : (tls ? "secure-mqtt" : "mqtt"));
            server.put("description", "The MQTT broker the gateway is connected to");
        }
        server.put("protocolVersion", "5");
    }

    private static void channel(ObjectNode chans, String key, String address, String description, String messageKey,
                                String messageRef) {
        ObjectNode ch = chans.putObject(key);
        ch.put("address", address);
        ch.put("description", description);
        ObjectNode msgs = ch.putObject("messages");
        if (messageRef != null) {
            msgs.putObject(messageKey).put("$ref", messageRef);
        }
        ch.putArray("servers").addObject().put("$ref", "#/servers/broker");
    }

    private static void operation(ObjectNode ops, String key, String action, String channelKey, String summary) {
        ObjectNode op = ops.putObject(key);
        op.put("action", action);
        op.putObject("channel").put("$ref", "#/channels/" + channelKey);
        op.put("summary", summary);
    }

    /** An output topic pattern with the received topic in place of {topic} (a wildcard stays a wildcard). */
    static String output(String pattern, String sourceTopic) {
        return pattern.replace(TOPIC_TOKEN, Matcher.quoteReplacement(sourceTopic));
    }

    /** Component keys must match ^[A-Za-z0-9_.\-]+$. */
    static String key(String id) {
        return SAFE_KEY.matcher(id).replaceAll("_");
    }

    /**
     * The schema as a component: without $schema and $id (it is part of the document, not a resource of its own), and
     * with its local $refs ("#/$defs/x") pointing at the same place inside the component.
     */
    static JsonNode embed(JsonNode schema, String key) {
        if (!schema.isObject()) {
            return schema;
        }
        ObjectNode copy = ((ObjectNode) schema).deepCopy();
        copy.remove("$schema");
        copy.remove("$id");
        Map<String, String> anchors = new HashMap<>();
        anchors(copy, "", anchors);
        rebase(copy, "#/components/schemas/" + key, anchors);
        return copy;
    }

    /** Where each {@code $anchor} of the schema is, as a JSON pointer. */
    private static void anchors(JsonNode node, String pointer, Map<String, String> out) {
        if (node.isObject()) {
            if (node.path("$anchor").isTextual()) {
                out.putIfAbsent(node.get("$anchor").textValue(), pointer);
            }
            node.fields().forEachRemaining(e -> anchors(e.getValue(),
                    pointer + "/" + e.getKey().replace("~", "~0").replace("/", "~1"), out));
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                anchors(node.get(i), pointer + "/" + i, out);
            }
        }
    }

    /**
     * Local refs point inside the component: a JSON pointer ({@code #/$defs/x}) under it, an anchor ({@code #V}) at
     * the anchored schema's place (appended to the base, "#V" became "#/components/schemas/cV": nothing).
     */
    private static void rebase(JsonNode node, String base, Map<String, String> anchors) {
        if (node.isObject()) {
            String ref = node.path("$ref").isTextual() ? node.get("$ref").textValue() : "";
            if (ref.equals("#") || ref.startsWith("#/")) {
                ((ObjectNode) node).put("$ref", base + ref.substring(1));
            } else if (ref.startsWith("#") && anchors.containsKey(ref.substring(1))) {
                ((ObjectNode) node).put("$ref", base + anchors.get(ref.substring(1)));
            }
            node.forEach(child -> rebase(child, base, anchors));
        } else if (node.isArray()) {
            node.forEach(child -> rebase(child, base, anchors));
        }
    }
}
