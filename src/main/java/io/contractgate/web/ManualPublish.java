package io.contractgate.web;

import com.fasterxml.jackson.databind.JsonNode;
import io.contractgate.admin.ApiException;
import io.contractgate.admin.Mapping;
import io.contractgate.admin.TopicFilters;

import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * The admin page's publish panel (the original's GUI publisher): checks a request to publish one message to a topic
 * and names the mappings that will check it. Refuses wildcard and reserved topics and oversize payloads, naming the
 * field.
 *
 * @param topic   the concrete topic
 * @param payload the bytes to publish (a JSON value in the request is sent as its JSON text, a string as is)
 * @param qos     0, 1 or 2
 * @param mappings ids of the mappings whose source filter matches the topic
 */
public record ManualPublish(String topic, byte[] payload, int qos, List<String> mappings) {

    /** Reads {@code {"topic": "...", "payload": <JSON value or string>, "qos": 0|1|2}}. */
    public static ManualPublish from(JsonNode body, int maxPayloadBytes, List<Mapping> all) {
        if (body == null || !body.isObject()) {
            throw ApiException.badRequest("body", "expected {\"topic\": ..., \"payload\": ..., \"qos\": 0|1|2}");
        }
        JsonNode t = body.get("topic");
        if (t == null || !t.isTextual() || t.textValue().isEmpty()) {
            throw ApiException.badRequest("topic", "topic is required");
        }
        String topic = t.textValue();
        String problem = TopicFilters.topicProblem(topic);
        if (problem != null) {
            throw ApiException.badRequest("topic", problem);
        }
        JsonNode p = body.get("payload");
        if (p == null) {
            throw ApiException.badRequest("payload", "payload is required (a JSON value, or a string sent as is)");
        }
        byte[] bytes = (p.isTextual() ? p.textValue() : p.toString()).getBytes(StandardCharsets.UTF_8);
        if (bytes.length > maxPayloadBytes) {
            throw ApiException.badRequest("payload", "payload is " + bytes.length + " bytes, more than "
                    + maxPayloadBytes + " (contracts.max-payload-bytes)");
        }
        int qos = 1;
        JsonNode q = body.get("qos");
        if (q != null && !q.isNull()) {
            if (!q.canConvertToInt() || q.asInt() < 0 || q.asInt() > 2 || !q.isIntegralNumber()) {
                throw ApiException.badRequest("qos", "qos must be 0, 1 or 2");
            }
            qos = q.asInt();
        }
        for (var it = body.fieldNames(); it.hasNext(); ) {
            String k = it.next();
            if (!List.of("topic", "payload", "qos").contains(k)) {
                throw ApiException.badRequest(k, "unknown field '" + k + "'");
            }
        }
        List<String> matching = all.stream().filter(m -> m.enabled() && TopicFilters.matches(m.sourceTopic(), topic))
                .map(Mapping::id).toList();
        return new ManualPublish(topic, bytes, qos, matching);
    }
}
