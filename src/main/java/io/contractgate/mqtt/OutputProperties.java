package io.contractgate.mqtt;

import org.eclipse.paho.mqttv5.common.packet.MqttProperties;
import org.eclipse.paho.mqttv5.common.packet.UserProperty;

/**
 * The MQTT 5 properties carried from an input message onto its outputs, so publishers can match a verdict to their
 * message: user properties, correlation data, response topic, message expiry and (for the validated copy) content
 * type and payload format. Server-only properties (subscription identifiers, topic alias) are never copied.
 */
public final class OutputProperties {

    private OutputProperties() {
    }

    /** Properties for the validated copy: the publisher's own metadata, unchanged. */
    public static MqttProperties forValidated(MqttProperties in) {
        if (in == null) {
            return null;
        }
        MqttProperties out = common(in);
        out.setContentType(in.getContentType());
        out.setPayloadFormat(in.getPayloadFormat());
        return out;
    }

    /** Properties for a failure report: the publisher's matching metadata, and a JSON content type. */
    public static MqttProperties forReport(MqttProperties in) {
        MqttProperties out = in == null ? new MqttProperties() : common(in);
        out.setContentType("application/json");
        out.setPayloadFormat(true);
        return out;
    }

    /** User property on an output whose input the broker delivered before (MQTT DUP flag): it may be a duplicate. */
    public static final String REDELIVERED = "redelivered";

    /** Marks {@code out} as coming from a redelivered input; returns it (a new object when null). */
    public static MqttProperties markRedelivered(MqttProperties out) {
        MqttProperties p = out == null ? new MqttProperties() : out;
        java.util.List<UserProperty> users = new java.util.ArrayList<>(
                p.getUserProperties() == null ? java.util.List.of() : p.getUserProperties());
        users.add(new UserProperty(REDELIVERED, "true"));
        p.setUserProperties(users);
        return p;
    }

    private static MqttProperties common(MqttProperties in) {
        MqttProperties out = new MqttProperties();
        if (in.getUserProperties() != null && !in.getUserProperties().isEmpty()) {
            out.setUserProperties(in.getUserProperties());
        }
        out.setCorrelationData(in.getCorrelationData());
        out.setResponseTopic(in.getResponseTopic());
        out.setMessageExpiryInterval(in.getMessageExpiryInterval());
        return out;
    }
}
