package io.contractgate.settings;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Secrets read from files, as Docker/Compose secrets provide them: {@code ADMIN_PASSWORD_FILE=/run/secrets/admin}
 * sets {@code admin.password} to that file's content (one trailing newline dropped). A secret given this way never
 * appears on the command line ({@code sun.java.command}) or in the process environment. Setting both
 * {@code X} and {@code X_FILE}, or naming a file that cannot be read, stops the start naming the variable.
 */
public final class SecretFiles {

    /** The properties that may come from a file, by the environment variable naming that file. */
    public static final Map<String, String> KEYS = Map.ofEntries(
            Map.entry("ADMIN_PASSWORD_FILE", "admin.password"),
            Map.entry("ADMIN_VIEWER_PASSWORD_FILE", "admin.viewer-password"),
            Map.entry("MQTT_PASSWORD_FILE", "mqtt.password"),
            Map.entry("MQTT_TLS_KEY_STORE_PASSWORD_FILE", "mqtt.tls.key-store-password"),
            Map.entry("MQTT_TLS_TRUST_STORE_PASSWORD_FILE", "mqtt.tls.trust-store-password"),
            Map.entry("INFLUX_TOKEN_FILE", "influx.token"),
            Map.entry("METRICS_PASSWORD_FILE", "metrics.password"),
            Map.entry("STATE_PASSWORD_FILE", "state.password"),
            Map.entry("QUARANTINE_PASSWORD_FILE", "quarantine.password"),
            Map.entry("CAMEL_SSL_KEYSTOREPASSWORD_FILE", "camel.ssl.keystorePassword"),
            Map.entry("WEB_KIOSK_TOKEN_FILE", "web.kiosk-token"));

    private SecretFiles() {
    }

    /** The properties the {@code *_FILE} variables of {@code env} name, read from their files. */
    public static Map<String, String> read(Map<String, String> env) {
        Map<String, String> out = new LinkedHashMap<>();
        KEYS.forEach((variable, key) -> {
            String file = env.get(variable);
            if (file == null || file.isBlank()) {
                return;
            }
            String direct = variable.substring(0, variable.length() - "_FILE".length());
            if (env.get(direct) != null && !env.get(direct).isEmpty()) {
                throw new IllegalArgumentException(variable + " and " + direct + " are both set: set only one ("
                        + key + ")");
            }
            try {
                String text = Files.readString(Path.of(file), StandardCharsets.UTF_8);
                if (text.endsWith("\n")) {
                    text = text.substring(0, text.length() - (text.endsWith("\r\n") ? 2 : 1));
                }
                if (text.isEmpty()) {
                    throw new IllegalArgumentException(variable + ": the file " + file + " is empty (" + key + ")");
                }
                out.put(key, text);
            } catch (IOException | RuntimeException e) {
                if (e instanceof IllegalArgumentException iae) {
                    throw iae;
                }
                throw new IllegalArgumentException(variable + ": cannot read the file " + file + " ("
                        + e.getClass().getSimpleName() + ") for " + key);
            }
        });
        return out;
    }
}
