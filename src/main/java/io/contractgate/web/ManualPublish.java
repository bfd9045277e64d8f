package io.contractgate.web;

import com.fasterxml.jackson.databind.JsonNode;
import io.contractgate.admin.ApiException;
import io.contractgate.admin.Mapping;
import io.contractgate.admin.TopicFilters;

import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * The admin page's publish panel (the original's GUI publisher): checks a request to publish one message to a topic
 * and names the mappings that will check it. Refuses wildcard and reserved topics, a mapping's output topics (a
 * message written there by hand would skip its contract), and oversize payloads, naming the field.
 *
 * @param topic   the concrete topic
 * @param payload the bytes to publish (a JSON value in the request is sent as its JSON text, a string as is)
 * @param qos     0, 1 or 2
 * @param mappings ids of the mappings whose source filter matches the topic
 */
public record ManualPublish(String topic, byte[] payload, int qos, List<String> mappings) {

    /** Checks a publish request: a concrete topic, a payload within the size limit, qos 0 to 2 (default 1). */
    public static ManualPublish from(PublishRequest body, int maxPayloadBytes, List<Mapping> all) {
        String topic = body.topic();
        if (topic == null || topic.isEmpty()) {
            throw ApiException.badRequest("topic", "topic is required");
        }
        if (topic.contains("+") || topic.contains("#")) {
            // the panel's field starts as the mapping's filter with its wildcards filled in: say how to fill them
            throw ApiException.badRequest("topic", "topic '" + topic + "' has a wildcard: a message is published to"
                    + " one concrete topic" + (TopicFilters.filterProblem(topic) == null
                    ? ", e.g. '" + TopicFilters.samples(topic).get(0) + "'" : ", without '+' or '#'"));
        }
        String problem = TopicFilters.topicProblem(topic);
        if (problem != null) {
            throw ApiException.badRequest("topic", "topic '" + topic + "' " + problem);
        }
        for (Mapping m : all) {
            for (String output : new String[] {m.validatedTopic(), m.failedTopic()}) {
                if (TopicFilters.outputCanProduce(m.sourceTopic(), output, topic)) {
                    // consumers trust what is there to have passed (or failed) the contract: never write it by hand
                    throw ApiException.badRequest("topic", "topic '" + topic + "' is where mapping '" + m.id()
                            + "' publishes " + (output.equals(m.validatedTopic()) ? "validated" : "failed")
                            + " messages; publish to its source topic '" + m.sourceTopic() + "' instead");
                }
            }
        }
        JsonNode p = body.payload();
        if (p == null) {
            throw ApiException.badRequest("payload", "payload is required (a JSON value, or a string sent as is)");
        }
        byte[] bytes = (p.isTextual() ? p.textValue() : p.toString()).getBytes(StandardCharsets.UTF_8);
        if (bytes.length > maxPayloadBytes) {
            throw ApiException.badRequest("payload", "payload is " + bytes.length + " bytes, more than "
                    + maxPayloadBytes + " (contracts.max-payload-bytes)");
        }
        int qos = body.qos() == null ? 1 : body.qos();
        if (qos < 0 || qos > 2) {
            throw ApiException.badRequest("qos", "qos must be 0, 1 or 2");
        }
        List<String> matching = all.stream().filter(m -> m.enabled() && TopicFilters.matches(m.sourceTopic(), topic))
                .map(Mapping::id).toList();
        return new ManualPublish(topic, bytes, qos, matching);
    }
}
