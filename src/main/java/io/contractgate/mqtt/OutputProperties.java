package io.contractgate.mqtt;

import org.eclipse.paho.mqttv5.common.packet.MqttProperties;

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
