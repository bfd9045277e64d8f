package io.contractgate.admin;

import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.function.Function;

/**
 * The {@code admin.*} settings, checked at start with errors naming the key. A blank {@code admin.password} gets a
 * random one for this run ({@link #generatedPassword()} tells the caller to print it once).
 */
public record AdminSettings(String username, String password, boolean generatedPassword, String viewerUsername,
                            String viewerPassword, int maxBodyBytes, Path routesDir, Path configDir,
                            Path contractsDir, int eventQueueSize) {

    public static final int DEFAULT_MAX_BODY = 1024 * 1024;

    /** Reads the settings; {@code get} returns null or "" for an unset key. */
    public static AdminSettings from(Function<String, String> get) {
        String user = text(get, "admin.username", "admin");
        String password = text(get, "admin.password", "");
        boolean generated = password.isEmpty();
        if (generated) {
            byte[] b = new byte[18];
            new SecureRandom().nextBytes(b);
            password = Base64.getUrlEncoder().withoutPadding().encodeToString(b);
        }
        String viewer = text(get, "admin.viewer-username", "viewer");
        String viewerPassword = text(get, "admin.viewer-password", "");
        if (viewer.equals(user) && !viewerPassword.isEmpty()) {
            throw new IllegalArgumentException("admin.viewer-username must differ from admin.username ('" + user + "')");
        }
        int maxBody = integer(get, "admin.max-body-bytes", DEFAULT_MAX_BODY);
        if (maxBody < 1024) {
            throw new IllegalArgumentException("admin.max-body-bytes must be at least 1024, was " + maxBody);
        }
        int queue = integer(get, "admin.events.queue-size", EventHub.DEFAULT_QUEUE);
        if (queue < 1) {
            throw new IllegalArgumentException("admin.events.queue-size must be at least 1, was " + queue);
        }
        String routesDir = text(get, "admin.routes-dir", "");
        if (routesDir.isEmpty()) {
            routesDir = routesDirFromPattern(text(get, "camel.main.routes-include-pattern", ""));
        }
        return new AdminSettings(user, password, generated, viewer, viewerPassword, maxBody, Path.of(routesDir),
                Path.of(text(get, "admin.config-dir", "config")), Path.of(text(get, "contracts.dir", "schemas")), queue);
    }

    /**
     * The folder of the first {@code file:<dir>/*.camel.yaml} entry of camel.main.routes-include-pattern, else
     * "routes".
     */
    static String routesDirFromPattern(String pattern) {
        for (String part : pattern.split(",")) {
            String p = part.trim();
            if (p.startsWith("file:") && p.endsWith("*.camel.yaml")) {
                String dir = p.substring(5, p.length() - "*.camel.yaml".length());
                if (dir.endsWith("/")) {
                    dir = dir.substring(0, dir.length() - 1);
                }
                if (!dir.contains("*")) {
                    return dir.isEmpty() ? "." : dir;
                }
            }
        }
        return "routes";
    }

    private static String text(Function<String, String> get, String key, String dflt) {
        String v = get.apply(key);
        return v == null || v.isBlank() ? dflt : v.trim();
    }

    /** A whole-number setting, failing naming the key. */
    static int integer(Function<String, String> get, String key, int dflt) {
        String v = text(get, key, null);
        try {
            return v == null ? dflt : Integer.parseInt(v);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(key + " must be a whole number, was '" + v + "'");
        }
    }
}
