package io.contractgate.admin;

import com.fasterxml.jackson.databind.JsonNode;
import io.contractgate.mqtt.TopicSampler;

/**
 * The body of {@code POST /api/contracts/infer/topic}: {@code {"topic": filter, "maxMessages"?: 1..1000 (200),
 * "seconds"?: 1..60 (10), "title"?}}, checked with errors naming the field at fault.
 */
public record TopicDraftRequest(String topic, int maxMessages, int seconds, String title) {

    public static TopicDraftRequest from(JsonNode body) {
        if (body == null || !body.isObject()) {
            throw ApiException.badRequest("topic", "expected {\"topic\": \"plant/+/level\", \"maxMessages\": 200, \"seconds\": 10}");
        }
        JsonNode t = body.get("topic");
        if (t == null || !t.isTextual()) {
            throw ApiException.badRequest("topic", "topic must be a topic filter such as plant/+/level");
        }
        String topic = t.textValue();
        String problem = TopicFilters.filterProblem(topic);
        if (problem != null) {
            throw ApiException.badRequest("topic", "topic " + problem);
        }
        int max = bounded(body, "maxMessages", TopicSampler.DEFAULT_MAX_MESSAGES, TopicSampler.MAX_MESSAGES);
        int seconds = bounded(body, "seconds", TopicSampler.DEFAULT_SECONDS, TopicSampler.MAX_SECONDS);
        JsonNode title = body.get("title");
        if (title != null && !title.isNull() && !title.isTextual()) {
            throw ApiException.badRequest("title", "title must be a string");
        }
        String name = title == null || title.isNull() || title.textValue().isBlank()
                ? "inferred from " + topic : title.textValue();
        return new TopicDraftRequest(topic, max, seconds, name);
    }

    private static int bounded(JsonNode body, String field, int dflt, int max) {
        JsonNode v = body.get(field);
        if (v == null || v.isNull()) {
            return dflt;
        }
        if (!v.isIntegralNumber() || !v.canConvertToInt()) {
            throw ApiException.badRequest(field, field + " must be a whole number from 1 to " + max);
        }
        int n = v.intValue();
        if (n < 1 || n > max) {
            throw ApiException.badRequest(field, field + " must be from 1 to " + max + ", was " + n);
        }
        return n;
    }
}
