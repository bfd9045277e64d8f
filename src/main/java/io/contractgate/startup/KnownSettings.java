package io.contractgate.startup;

import io.contractgate.settings.GatewayProperties;
import io.contractgate.settings.NearMiss;
import io.contractgate.settings.SecretFiles;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Collection;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * The gateway's own setting names, so that a misspelt one stops the start instead of being silently ignored
 * ({@code --mqtt.brokerurl=...} used to start on the embedded broker). The one list is application.properties, which
 * documents every key with its default: the build packs a copy beside this class. A key is the gateway's when its
 * first segment is one of that file's (mqtt, influx, admin, ...) other than camel, whose keys are Camel's business.
 * Plain Java: checks names only, never values.
 */
public final class KnownSettings {

    /** The copy of application.properties the build packs (pom.xml), as shipped: not the working folder's. */
    static final String SHIPPED = "/io/contractgate/startup/application.properties";
    /**
     * The variables Kubernetes gives a pod for every service in its namespace ({@code MQTT_SERVICE_HOST},
     * {@code MQTT_PORT_1883_TCP_ADDR} for a service named mqtt): not settings, whatever the service is called.
     */
    private static final Pattern SERVICE_LINK = Pattern.compile(
            "[A-Z0-9_]+_(SERVICE_HOST|SERVICE_PORT(_[A-Z0-9_]+)?|PORT(_[0-9]+_(TCP|UDP|SCTP)(_(PROTO|PORT|ADDR))?)?)");

    private final Set<String> keys;
    private final Set<String> prefixes = new TreeSet<>();
    /** The environment form of every key ({@code MQTT_BROKER_URL}) and the {@code *_FILE} secrets. */
    private final Set<String> variables = new TreeSet<>();

    private KnownSettings(Collection<String> keys) {
        this.keys = new TreeSet<>(keys);
        for (String k : keys) {
            int dot = k.indexOf('.');
            if (dot > 0 && !k.startsWith("camel.")) {
                prefixes.add(k.substring(0, dot + 1));
            }
            variables.add(GatewayProperties.envName(k));
        }
        variables.addAll(SecretFiles.KEYS.keySet());
    }

    /** The names in {@code keys} (an application.properties' keys). */
    public static KnownSettings of(Collection<String> keys) {
        return new KnownSettings(keys);
    }

    /** The names the shipped application.properties has; none (nothing is checked) when the build did not pack it. */
    public static KnownSettings shipped() {
        try (InputStream in = KnownSettings.class.getResourceAsStream(SHIPPED)) {
            Properties p = new Properties();
            if (in != null) {
                p.load(in);
            }
            return new KnownSettings(p.stringPropertyNames());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the packaged " + SHIPPED, e);
        }
    }

    /**
     * The sentence naming the first unknown setting of the gateway's own, with the key it was likely meant to be, or
     * null when all are known.
     *
     * @param overrides {@code --key=value} arguments
     * @param env       the process environment ({@code MQTT_BROKER_URL})
     * @param fileKeys  the keys of the working folder's application.properties
     */
    public String problem(Map<String, String> overrides, Map<String, String> env, Collection<String> fileKeys) {
        for (String k : overrides.keySet()) {
            if (!known(k)) {
                return unknown(k, keys, "");
            }
        }
        for (String v : new TreeSet<>(env.keySet())) {
            String meant = misspeltVariable(v);
            if (meant != null) {
                return "unknown setting " + v + " (environment variable); did you mean " + meant + "?";
            }
        }
        for (String k : new TreeSet<>(fileKeys)) {
            if (!known(k)) {
                return unknown(k, keys, " (application.properties)");
            }
        }
        return null;
    }

    /** Whether {@code key} is known or not the gateway's to know. */
    boolean known(String key) {
        return keys.contains(key) || prefixes.stream().noneMatch(key::startsWith);
    }

    /**
     * The known variable an unknown one under a gateway prefix is a misspelling of, or null. Only a near miss counts:
     * the environment also holds variables that merely share a prefix and were never meant for the gateway
     * ({@code STATE_DIRECTORY} from systemd, a script's own {@code INFLUX_SERVER}, Kubernetes' service links).
     */
    private String misspeltVariable(String name) {
        boolean ours = prefixes.stream().anyMatch(p -> name.startsWith(GatewayProperties.envName(p)));
        if (!ours || variables.contains(name) || SERVICE_LINK.matcher(name).matches()) {
            return null;
        }
        return NearMiss.closest(name, variables);
    }

    private static String unknown(String name, Set<String> known, String where) {
        String meant = NearMiss.closest(name, known);
        return "unknown setting " + name + where + (meant == null ? "" : "; did you mean " + meant + "?");
    }
}
