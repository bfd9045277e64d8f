package io.contractgate.admin;

/**
 * The body of {@code POST /api/mappings} and {@code PUT /api/mappings/{id}}, as the REST binding reads it (unknown
 * fields and wrong types are refused there, naming the field). Fields left out take the documented defaults.
 */
public record MappingRequest(String id, String sourceTopic, String contractId, String validatedTopic,
                             String failedTopic, String sensorIdField, Boolean enabled) {

    /** The mapping this request describes; {@code urlId} (replace) wins over the body's id and must agree with it. */
    public Mapping toMapping(String urlId) {
        if (urlId != null && id != null && !id.equals(urlId)) {
            throw ApiException.badRequest("id", "id in the body ('" + id + "') differs from the URL ('" + urlId + "')");
        }
        return new Mapping(urlId != null ? urlId : id, sourceTopic, contractId,
                validatedTopic != null ? validatedTopic : Mapping.DEFAULT_VALIDATED,
                failedTopic != null ? failedTopic : Mapping.DEFAULT_FAILED,
                sensorIdField != null ? sensorIdField : Mapping.DEFAULT_SENSOR_FIELD,
                enabled == null || enabled);
    }
}
