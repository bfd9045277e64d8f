package io.contractgate.admin;

import java.io.IOException;
import java.io.Reader;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * Broker settings saved through the admin API ({@code <admin.config-dir>/broker.properties}): the MQTT client keys
 * that override application.properties at start, with secrets masked for display.
 */
public final class BrokerSettingsFile {

    public static final String FILE_NAME = "broker.properties";
    /** Shown instead of a secret; sending it back means "keep the current value". */
    public static final String MASK = "********";
    /** The keys the admin API may change (the MQTT client settings; not the embedded broker's listener). */
    public static final List<String> KEYS = List.of("mqtt.broker.url", "mqtt.client-id", "mqtt.username",
            "mqtt.password", "mqtt.qos", "mqtt.clean-start", "mqtt.session-expiry", "mqtt.keep-alive",
            "mqtt.tcp-nodelay", "mqtt.tls.trust-store", "mqtt.tls.trust-store-password", "mqtt.tls.key-store",
            "mqtt.tls.key-store-password");

    private final Path file;

    public BrokerSettingsFile(Path configDir) {
        this.file = configDir.resolve(FILE_NAME);
    }

    public Path file() {
        return file;
    }

    public static boolean isSecret(String key) {
        return key.endsWith("password");
    }

    /** The saved overrides (empty when nothing was saved). */
    public Map<String, String> load() {
        Properties p = new Properties();
        try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            p.load(r);
        } catch (NoSuchFileException e) {
            return Map.of();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
        Map<String, String> out = new TreeMap<>();
        for (String k : p.stringPropertyNames()) {
            if (!KEYS.contains(k)) {
                throw new IllegalArgumentException(file + " holds an unknown key '" + k + "' (allowed: " + KEYS + ")");
            }
            out.put(k, p.getProperty(k));
        }
        return out;
    }

    /**
     * A broker setting's problem ({@code mqtt.qos must be from 0 to 2, was 7}) with this file named when the value at
     * fault is the one it holds ({@code saved}) and in force ({@code effective}: an environment variable still wins
     * over the file): whoever reads application.properties would not find it there. Otherwise the problem as it was.
     */
    public String explain(String problem, Map<String, String> saved, Function<String, String> effective) {
        String key = KEYS.stream().filter(k -> problem != null && problem.startsWith(k))
                .max(java.util.Comparator.comparingInt(String::length)).orElse(null);
        if (key == null || !saved.containsKey(key) || !saved.get(key).equals(effective.apply(key))) {
            return problem;
        }
        return problem + " (from " + file + ", saved through the admin API: correct " + key + " there or remove "
                + "that line)";
    }

    /** The settings text, for the atomic write. */
    public static String render(Map<String, String> values) {
        Properties p = new Properties();
        values.forEach((k, v) -> p.setProperty(k, v == null ? "" : v));
        StringWriter w = new StringWriter();
        try {
            p.store(w, "MQTT client settings saved through the admin API; they override application.properties");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        // store() adds a date comment as the second line: drop it, so the same settings always render (and so hash
        // to the same ETag) the same; with it the ETag changed every second and every If-Match got 412
        String[] lines = w.toString().split(System.lineSeparator(), 3);
        return lines[0] + System.lineSeparator() + (lines.length > 2 ? lines[2] : "");
    }

    /** The effective value of every key, from a property lookup (which already includes the saved overrides). */
    public static Map<String, String> effective(Function<String, String> lookup) {
        Map<String, String> out = new LinkedHashMap<>();
        for (String k : KEYS) {
            String v = lookup.apply(k);
            out.put(k, v == null ? "" : v);
        }
        return out;
    }

    /** The same values with every non-empty secret replaced by {@link #MASK}. */
    public static Map<String, String> masked(Map<String, String> values) {
        Map<String, String> out = new LinkedHashMap<>();
        values.forEach((k, v) -> out.put(k, isSecret(k) && v != null && !v.isEmpty() ? MASK : v));
        return out;
    }
}
