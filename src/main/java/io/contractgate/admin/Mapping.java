package io.contractgate.admin;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One topic mapping: the parameters of a {@code templatedRoute} of the {@code contract-pipeline} template, kept in
 * {@code routes/mapping-<id>.camel.yaml} (that file is the source of truth).
 */
public record Mapping(String id, String sourceTopic, String contractId, String validatedTopic, String failedTopic,
                      String sensorIdField, boolean enabled) {

    public static final String TEMPLATE = "contract-pipeline";
    public static final String DEFAULT_VALIDATED = "{topic}/validated";
    public static final String DEFAULT_FAILED = "{topic}/failed";
    public static final String DEFAULT_SENSOR_FIELD = "sensor_id";

    /** The Camel route id of a mapping. */
    public static String routeId(String id) {
        return "mapping-" + id;
    }

    public String routeId() {
        return routeId(id);
    }

    public Mapping withEnabled(boolean on) {
        return new Mapping(id, sourceTopic, contractId, validatedTopic, failedTopic, sensorIdField, on);
    }

    /** The JSON shape used by the API. */
    public Map<String, Object> toJson() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", id);
        m.put("sourceTopic", sourceTopic);
        m.put("contractId", contractId);
        m.put("validatedTopic", validatedTopic);
        m.put("failedTopic", failedTopic);
        m.put("sensorIdField", sensorIdField);
        m.put("enabled", enabled);
        return m;
    }

    /**
     * Builds a mapping from an API request body, filling defaults; type problems are reported naming the field.
     * {@code id} wins over a body id (the id comes from the URL for replace).
     */
    public static Mapping fromJson(Map<String, Object> body, String id) {
        String bodyId = text(body, "id", null);
        if (id != null && bodyId != null && !bodyId.equals(id)) {
            throw ApiException.badRequest("id", "id in the body ('" + bodyId + "') differs from the URL ('" + id + "')");
        }
        Object enabled = body.getOrDefault("enabled", Boolean.TRUE);
        if (!(enabled instanceof Boolean)) {
            throw ApiException.badRequest("enabled", "enabled must be true or false");
        }
        for (String k : body.keySet()) {
            if (!List.of("id", "sourceTopic", "contractId", "validatedTopic", "failedTopic", "sensorIdField", "enabled")
                    .contains(k)) {
                throw ApiException.badRequest(k, "unknown field '" + k + "'");
            }
        }
        return new Mapping(id != null ? id : bodyId, text(body, "sourceTopic", null), text(body, "contractId", null),
                text(body, "validatedTopic", DEFAULT_VALIDATED), text(body, "failedTopic", DEFAULT_FAILED),
                text(body, "sensorIdField", DEFAULT_SENSOR_FIELD), (Boolean) enabled);
    }

    private static String text(Map<String, Object> body, String key, String dflt) {
        Object v = body.get(key);
        if (v == null) {
            return dflt;
        }
        if (!(v instanceof String s)) {
            throw ApiException.badRequest(key, key + " must be a string");
        }
        return s;
    }
}
