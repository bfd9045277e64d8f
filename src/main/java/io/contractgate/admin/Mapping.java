package io.contractgate.admin;

import java.util.LinkedHashMap;
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
}
