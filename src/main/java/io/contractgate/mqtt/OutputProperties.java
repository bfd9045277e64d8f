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
    /** User properties a re-drive adds to a quarantined message it republishes (io.contractgate.quarantine). */
    public static final String REDRIVEN_AT = "redriven-at";
    public static final String ORIGINAL_RECEIVED_AT = "original-received-at";
    public static final String CONTRACT_VERSION = "contract-version";
    /**
     * User property on an output whose input carried more user properties than {@link #MAX_USER_PROPERTY_CHARS}: the
     * number of the input's user properties left out (the first ones that fit are copied, in order).
     */
    public static final String USER_PROPERTIES_DROPPED = "user-properties-dropped";
    /** Names only the gateway sets on an output; an input's user properties by these names (any case) are dropped. */
    public static final java.util.List<String> RESERVED = java.util.List.of(REDELIVERED, REDRIVEN_AT,
            ORIGINAL_RECEIVED_AT, CONTRACT_VERSION, USER_PROPERTIES_DROPPED);
    /**
     * Most characters (names plus values) of the input's user properties copied onto an output. MQTT bounds every
     * other property at 64 KiB but not the number of user properties: without a cap a publisher could send an input
     * that just fits the broker's packet limit and whose output (a longer topic, a report instead of a small payload)
     * does not, so the output is refused (or the output connection closed) on every redelivery, for ever.
     */
    public static final int MAX_USER_PROPERTY_CHARS = 64 * 1024;

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
        java.util.List<UserProperty> users = in.getUserProperties();
        if (users != null && !users.isEmpty()) {
            out.setUserProperties(withoutReserved(users));
        }
        out.setCorrelationData(in.getCorrelationData());
        out.setResponseTopic(in.getResponseTopic());
        out.setMessageExpiryInterval(in.getMessageExpiryInterval());
        return out;
    }

    /**
     * {@code users} without the reserved names and within {@link #MAX_USER_PROPERTY_CHARS}; the same list (no copy)
     * when nothing is left out, the common case.
     */
    static java.util.List<UserProperty> withoutReserved(java.util.List<UserProperty> users) {
        long chars = 0;
        for (int i = 0; i < users.size(); i++) {
            UserProperty u = users.get(i);
            chars += u.getKey().length() + u.getValue().length();
            if (chars > MAX_USER_PROPERTY_CHARS || reserved(u.getKey())) {
                return bounded(users);
            }
        }
        return users;
    }

    private static java.util.List<UserProperty> bounded(java.util.List<UserProperty> users) {
        java.util.List<UserProperty> kept = new java.util.ArrayList<>();
        long chars = 0;
        int dropped = 0;
        for (UserProperty u : users) {
            if (reserved(u.getKey())) {
                continue;
            }
            chars += u.getKey().length() + u.getValue().length();
            if (chars > MAX_USER_PROPERTY_CHARS) {
                dropped++;
            } else {
                kept.add(u);
            }
        }
        if (dropped > 0) {
            kept.add(new UserProperty(USER_PROPERTIES_DROPPED, Integer.toString(dropped)));
        }
        return kept;
    }

    private static boolean reserved(String key) {
        for (String name : RESERVED) {
            if (name.equalsIgnoreCase(key)) {
                return true;
            }
        }
        return false;
    }
}
