package io.contractgate.quarantine;

import io.contractgate.contract.Contract;
import io.contractgate.contract.Verdict;
import io.contractgate.contract.Violation;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;
import org.eclipse.paho.mqttv5.common.packet.UserProperty;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** Turns a failed message (payload, properties, verdict, report) into its quarantine row, and a row back into MQTT 5 properties. */
public final class QuarantineRows {

    private QuarantineRows() {
    }

    /**
     * What a row keeps of a verdict. The failed path queues this, not the verdict: a verdict holds the parsed payload
     * (a tree as large as the payload, or many times larger for an array of numbers) and each violation's actual
     * value, which held every queued 256 KiB message twice over in a flood.
     *
     * @param bytes about what the summary holds in memory (its pointer strings), for the write queue's byte bound
     */
    public record Summary(String sensorId, String primaryError, int errorCount, List<String> errorTypes,
                          List<String> pointers, long bytes) {
    }

    /** The verdict's summary; O(violations), as the verdict's validation was. */
    public static Summary summary(Verdict verdict) {
        List<String> pointers = pointers(verdict);
        long bytes = 0;
        for (String p : pointers) {
            bytes += 56 + p.length(); // the String, its byte array and the list slot
        }
        return new Summary(verdict.sensorId(),
                verdict.primaryError() == null ? "other" : verdict.primaryError().wireName(),
                verdict.violations().size(), errorTypes(verdict), pointers, bytes);
    }

    public static QuarantinedMessage of(String mapping, String topic, int qos, long receivedAt, String contractId,
                                        Contract contract, Summary verdict, byte[] payload, MqttProperties props,
                                        byte[] report) {
        List<QuarantinedMessage.UserProperty> users = new ArrayList<>();
        if (props != null && props.getUserProperties() != null) {
            for (UserProperty u : props.getUserProperties()) {
                users.add(new QuarantinedMessage.UserProperty(u.getKey(), u.getValue()));
            }
        }
        return new QuarantinedMessage(0, receivedAt, mapping, topic, qos, contractId,
                contract == null ? null : contract.hash(), verdict.sensorId(), verdict.primaryError(), verdict.errorCount(),
                verdict.errorTypes(), verdict.pointers(), payload == null ? new byte[0] : payload,
                props == null ? null : props.getContentType(), props == null ? null : props.getResponseTopic(),
                props == null ? null : props.getCorrelationData(), props == null ? null : props.getPayloadFormat(),
                props == null ? null : props.getMessageExpiryInterval(), users, report, QuarantinedMessage.QUARANTINED,
                null, null);
    }

    /** The same row after a new check that still failed: new report, version and searchable parts. */
    public static QuarantinedMessage rechecked(QuarantinedMessage m, Contract contract, Verdict verdict, byte[] report) {
        return new QuarantinedMessage(m.id(), m.receivedAt(), m.mapping(), m.topic(), m.qos(), m.contractId(),
                contract == null ? m.contractVersion() : contract.hash(), verdict.sensorId(),
                verdict.primaryError() == null ? "other" : verdict.primaryError().wireName(), verdict.violations().size(),
                errorTypes(verdict), pointers(verdict), m.payload(), m.contentType(), m.responseTopic(),
                m.correlationData(), m.payloadFormat(), m.messageExpiry(), m.userProperties(), report, m.status(),
                m.redrivenAt(), m.redriveJob());
    }

    /** The original MQTT 5 properties of a quarantined message, as it arrived. */
    public static MqttProperties properties(QuarantinedMessage m) {
        MqttProperties p = new MqttProperties();
        if (!m.userProperties().isEmpty()) {
            List<UserProperty> users = new ArrayList<>();
            m.userProperties().forEach(u -> users.add(new UserProperty(u.name(), u.value())));
            p.setUserProperties(users);
        }
        p.setContentType(m.contentType());
        p.setResponseTopic(m.responseTopic());
        p.setCorrelationData(m.correlationData());
        if (m.payloadFormat() != null) {
            p.setPayloadFormat(m.payloadFormat());
        }
        p.setMessageExpiryInterval(m.messageExpiry());
        return p;
    }

    private static List<String> errorTypes(Verdict v) {
        Set<String> s = new LinkedHashSet<>();
        for (Violation x : v.violations()) {
            s.add(x.type().wireName());
        }
        return List.copyOf(s);
    }

    private static List<String> pointers(Verdict v) {
        Set<String> s = new LinkedHashSet<>();
        for (Violation x : v.violations()) {
            s.add(x.pointer());
        }
        return List.copyOf(s);
    }
}
