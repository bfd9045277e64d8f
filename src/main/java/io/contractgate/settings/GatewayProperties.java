package io.contractgate.settings;

import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The gateway's settings as the gateway itself sees them, for a tool that runs beside it (the publish command): the
 * same layers in the same order. Highest first: {@code --key=value} overrides and secrets from {@code *_FILE}
 * variables, then environment variables ({@code mqtt.embedded.port} -> {@code MQTT_EMBEDDED_PORT}), then
 * {@code application.properties} in the working folder, then the copy packaged in the jar. Camel-style placeholders
 * ({@code {{key}}}, {@code {{key:default}}}) are resolved. Plain Java: the result is a key lookup for {@link Settings}.
 */
public final class GatewayProperties {

    private static final Pattern PLACEHOLDER = Pattern.compile("\\{\\{([^{}:]+)(?::([^{}]*))?}}");
    private static final int MAX_DEPTH = 10;

    private GatewayProperties() {
    }

    /**
     * The environment variable Camel reads for a key (dots and dashes to underscores, upper case), as configured in
     * {@code GatewayConfiguration} (environment variables override the file).
     */
    public static String envName(String key) {
        return key.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_');
    }

    /**
     * A lookup over the gateway's layers.
     *
     * @param overrides {@code --key=value} arguments
     * @param env       the process environment (also the source of {@code *_FILE} secrets)
     * @param workDir   the folder the gateway runs in (its {@code application.properties})
     */
    public static Function<String, String> of(Map<String, String> overrides, Map<String, String> env, Path workDir) {
        Map<String, String> top = new HashMap<>(overrides);
        top.putAll(SecretFiles.read(env));
        Map<String, String> file = load(workDir.resolve("application.properties"));
        Map<String, String> packaged = packaged();
        Function<String, String> raw = key -> {
            if (top.containsKey(key)) {
                return top.get(key);
            }
            String fromEnv = env.get(key.toUpperCase(Locale.ROOT));
            if (fromEnv == null) {
                fromEnv = env.get(envName(key));
            }
            if (fromEnv != null) {
                return fromEnv;
            }
            return file.containsKey(key) ? file.get(key) : packaged.get(key);
        };
        return key -> resolve(raw, raw.apply(key), 0);
    }

    /** Layers {@code first} over {@code then}: a key {@code first} has (even blank) is taken from it. */
    public static Function<String, String> over(Map<String, String> first, Function<String, String> then) {
        return key -> first.containsKey(key) ? first.get(key) : then.apply(key);
    }

    private static String resolve(Function<String, String> raw, String value, int depth) {
        if (value == null || !value.contains("{{")) {
            return value;
        }
        if (depth > MAX_DEPTH) {
            throw new IllegalArgumentException("property placeholders nest too deep (a cycle?): " + value);
        }
        Matcher m = PLACEHOLDER.matcher(value);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String v = resolve(raw, raw.apply(m.group(1).trim()), depth + 1);
            if (v == null) {
                v = m.group(2);
            }
            if (v == null) {
                throw new IllegalArgumentException("property placeholder {{" + m.group(1) + "}} is not defined");
            }
            m.appendReplacement(out, Matcher.quoteReplacement(v));
        }
        m.appendTail(out);
        return out.toString();
    }

    private static Map<String, String> load(Path file) {
        if (!Files.isRegularFile(file)) {
            return Map.of();
        }
        try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            return toMap(r);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    private static Map<String, String> packaged() {
        try (InputStream in = GatewayProperties.class.getResourceAsStream("/application.properties")) {
            if (in == null) {
                return Map.of();
            }
            try (Reader r = new java.io.InputStreamReader(in, StandardCharsets.UTF_8)) {
                return toMap(r);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the packaged application.properties", e);
        }
    }

    private static Map<String, String> toMap(Reader r) throws IOException {
        Properties p = new Properties();
        p.load(r);
        Map<String, String> out = new HashMap<>();
        for (String k : p.stringPropertyNames()) {
            out.put(k, p.getProperty(k));
        }
        return out;
    }

    /** The keys of an application.properties file, for checks that compare names with what the gateway reads. */
    public static List<String> keys(Path file) {
        return List.copyOf(load(file).keySet());
    }
}
