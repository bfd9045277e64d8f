package io.contractgate.quarantine;

import java.util.List;

/**
 * One quarantined message: what arrived (bytes, topic, QoS, MQTT 5 properties, time), which contract rejected it and
 * why (the report and its searchable parts), and its re-drive state. {@code payload} and {@code report} are null in
 * search results, which carry only the summary.
 *
 * @param id              row id, 0 before it is written
 * @param receivedAt      epoch milliseconds the gateway checked it
 * @param errorTypes      every distinct error type in the report
 * @param pointers        every distinct JSON pointer in the report
 * @param userProperties  MQTT 5 user properties in arrival order
 * @param status          {@value #QUARANTINED} or {@value #REDRIVEN}
 */
public record QuarantinedMessage(long id, long receivedAt, String mapping, String topic, int qos, String contractId,
                                 String contractVersion, String sensorId, String primaryError, int errorCount,
                                 List<String> errorTypes, List<String> pointers, byte[] payload, String contentType,
                                 String responseTopic, byte[] correlationData, Boolean payloadFormat,
                                 Long messageExpiry, List<UserProperty> userProperties, byte[] report, String status,
                                 Long redrivenAt, Long redriveJob) {

    public static final String QUARANTINED = "quarantined";
    public static final String REDRIVEN = "redriven";

    /** One MQTT 5 user property. */
    public record UserProperty(String name, String value) {
    }
}
