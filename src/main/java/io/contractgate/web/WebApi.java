package io.contractgate.web;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.contractgate.admin.ApiAdapter;
import io.contractgate.admin.Reply;
import io.contractgate.admin.AuditLog;
import io.contractgate.admin.MappingStore;
import io.contractgate.admin.ApiException;
import io.contractgate.admin.HttpGuard;
import io.contractgate.mqtt.OutputClient;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.eclipse.paho.mqttv5.common.MqttMessage;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Camel adapter for the web pages' own endpoints (routes/web-api.camel.yaml, behind the admin API's auth guard):
 * who is logged in, the live feed's recent messages, the last hour of rates, and publishing one message through the
 * broker. Errors are {@code {"error": "...", "field": "..."}} as in the admin API.
 */
public class WebApi extends ApiAdapter {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final String adminUser;
    private final LiveFeed feed;
    private final Supplier<String> lastBatch;
    private final MappingStore mappings;
    private final AuditLog audit;
    /** Looked up per publish: a broker change through the admin API swaps the shared output client. */
    private final Supplier<OutputClient> publisher;
    private final int maxPayloadBytes;
    private final RateHistory history;

    public WebApi(String adminUser, LiveFeed feed, Supplier<String> lastBatch, RateHistory history,
                  MappingStore mappings, AuditLog audit, Supplier<OutputClient> publisher, int maxPayloadBytes) {
        this.adminUser = adminUser;
        this.feed = feed;
        this.lastBatch = lastBatch;
        this.history = history;
        this.mappings = mappings;
        this.audit = audit;
        this.publisher = publisher;
        this.maxPayloadBytes = maxPayloadBytes;
    }

    /** GET /api/session: the user the credentials belong to and their role (the pages show or hide edit controls). */
    public void session(Exchange ex) {
        Message m = ex.getMessage();
        String user = m.getHeader(HttpGuard.USER_HEADER, String.class);
        String role = m.getHeader(HttpGuard.ROLE_HEADER, String.class);
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("user", user);
        out.put("role", role != null ? role : adminUser.equals(user) ? "admin" : "viewer");
        reply(ex, Reply.ok(out));
    }

    /** GET /api/history: the last hour of rates per mapping and status, one point per 10 s (the charts' start). */
    public void history(Exchange ex) {
        reply(ex, Reply.ok(tree(history.toJson())));
    }

    /** GET /api/live: the last live batch and the recent sampled messages, for a dashboard that just opened. */
    public void live(Exchange ex) {
        ObjectNode out = JSON.createObjectNode();
        String last = lastBatch.get();
        out.set("last", last == null ? JSON.nullNode() : tree(last));
        ArrayNode recent = out.putArray("recent");
        feed.recent().forEach(s -> recent.add(LiveFeedJson.sample(s)));
        reply(ex, Reply.ok(out));
    }

    /** POST /api/publish (admin): publishes one message for real through the broker. */
    public void publish(Exchange ex) {
        Message m = ex.getMessage();
        ManualPublish p = ManualPublish.from(body(m, PublishRequest.class), maxPayloadBytes, mappings.mappings());
        MqttMessage msg = new MqttMessage(p.payload());
        msg.setQos(p.qos());
        String user = m.getHeader(HttpGuard.USER_HEADER, String.class);
        OutputClient client = publisher.get();
        if (client == null) {
            throw new ApiException(503, "no MQTT output client is running", null);
        }
        if (!p.mappings().isEmpty()) {
            feed.watch(p.topic(), p.payload(), System.nanoTime()); // its verdict reaches the page however busy
        }
        java.util.concurrent.CompletableFuture<Throwable> done = new java.util.concurrent.CompletableFuture<>();
        client.publish(p.topic(), msg, done::complete);
        Throwable failure;
        try {
            failure = done.get(30, java.util.concurrent.TimeUnit.SECONDS);
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            failure = e;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            failure = e;
        }
        if (failure != null) {
            throw new ApiException(503, "the broker did not take the message: " + failure.getMessage(), null);
        }
        audit.record(user == null ? "unknown" : user, "publish", p.topic(), "publish", true,
                p.payload().length + " bytes, qos " + p.qos());
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("topic", p.topic());
        out.put("bytes", p.payload().length);
        out.put("qos", p.qos());
        out.put("mappings", p.mappings());
        reply(ex, new Reply(202, out, null, "application/json"));
    }

    private static JsonNode tree(String json) {
        try {
            return JSON.readTree(json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
