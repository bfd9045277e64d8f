package io.contractgate.web;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The body of {@code POST /api/publish}: {@code {"topic": "...", "payload": <JSON value, or a string sent as is>,
 * "qos": 0|1|2}}, as the REST binding reads it; {@link ManualPublish#from} checks the values.
 */
public record PublishRequest(String topic, JsonNode payload, Integer qos) {
}
