package io.contractgate.mqtt;

import java.util.function.Function;

/**
 * Load sharing across a fleet of gateways ({@code mqtt.shared-group}): every mapping subscribes as
 * {@code $share/<group>/<filter>}, so the broker hands each message to one member of the group instead of to every
 * gateway. Each member still needs MQTT client ids of its own: {@link #instancePrefix} derives them.
 * Plain Java; see docs/scaling.md for what each broker does with a member that dies.
 */
public final class SharedSubscription {

    /** The setting naming the group; empty (the default): no sharing, every gateway gets every message. */
    public static final String GROUP_KEY = "mqtt.shared-group";
    /** The client id prefix a gateway uses when {@code mqtt.client-id} is not set. */
    public static final String DEFAULT_CLIENT_ID = "contract-gateway";
    /** The environment variable an instance id is derived from (a Kubernetes pod's name, a container's id). */
    public static final String HOSTNAME = "HOSTNAME";
    /** {@code mqtt.client-id} allows 1-40 of these; a derived prefix keeps to the same rule. */
    private static final int MAX_PREFIX = 40;

    private SharedSubscription() {
    }

    /**
     * The group from its setting, checked: MQTT 5 (4.8.2) forbids {@code /}, {@code +} and {@code #} in a share name;
     * spaces and {@code :} (HiveMQ's old {@code $share:group:} form) are refused too. Empty or null: no group.
     */
    public static String group(String value) {
        if (value == null || value.isBlank()) {
            return "";
        }
        String g = value.trim();
        if (g.length() > 64 || !g.chars().allMatch(c -> c > 0x20 && c < 0x7f && "/+#:".indexOf(c) < 0)) {
            throw new IllegalArgumentException(GROUP_KEY + " must be 1-64 printable ASCII characters without '/', '+', "
                    + "'#', ':' or spaces (it becomes $share/<group>/<topic filter>), was '" + g + "'");
        }
        return g;
    }

    /** The filter a mapping subscribes with: {@code $share/<group>/<filter>}, or {@code filter} without a group. */
    public static String filter(String group, String filter) {
        return group == null || group.isEmpty() ? filter : "$share/" + group + "/" + filter;
    }

    /**
     * The client id prefix of this instance. Without a group: {@code configured} (or the default). With a group,
     * every member needs ids of its own, or two members would take each other's sessions over: an explicitly set
     * {@code mqtt.client-id} is used as it is (set it per instance, e.g. from a StatefulSet's pod name); the default
     * is made unique with this host's name ({@code HOSTNAME}: the pod's name in Kubernetes, the container id in
     * Compose), {@code contract-gateway-<host>}. No host name to derive from stops the start naming the key.
     */
    public static String instancePrefix(String configured, String group, Function<String, String> env) {
        String prefix = configured == null || configured.isBlank() ? DEFAULT_CLIENT_ID : configured.trim();
        if (group.isEmpty() || !prefix.equals(DEFAULT_CLIENT_ID)) {
            return prefix;
        }
        String host = env.apply(HOSTNAME);
        String id = host == null ? "" : host.trim().replaceAll("[^A-Za-z0-9_.-]", "-");
        if (id.isEmpty()) {
            throw new IllegalArgumentException("mqtt.client-id must be set per instance when " + GROUP_KEY
                    + " is set (every member of the group needs its own client ids, and HOSTNAME is not set to "
                    + "derive one)");
        }
        String derived = DEFAULT_CLIENT_ID + "-" + id;
        // a pod name ends in what makes it unique (StatefulSet ordinal, ReplicaSet suffix): keep the end
        return derived.length() <= MAX_PREFIX ? derived : "cg-" + id.substring(id.length() - (MAX_PREFIX - 3));
    }
}
