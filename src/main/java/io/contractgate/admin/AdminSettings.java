package io.contractgate.admin;

import io.contractgate.settings.Settings;

import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.function.Function;

/**
 * The {@code admin.*} settings (and {@code web.kiosk-token}, the wall screen's read-only credential), checked at start
 * with errors naming the key. A blank {@code admin.password} gets a random one for this run
 * ({@link #generatedPassword()} tells the caller to print it once).
 */
public record AdminSettings(String username, String password, boolean generatedPassword, String viewerUsername,
                            String viewerPassword, int maxBodyBytes, Path routesDir, Path configDir,
                            Path contractsDir, int eventQueueSize, String kioskToken,
                            SignInThrottle.Limits signInLimits) {

    public static final int DEFAULT_MAX_BODY = 1024 * 1024;
    /** Shortest kiosk token accepted: it sits in a URL on a wall screen, so it must not be guessable. */
    public static final int MIN_KIOSK_TOKEN = 24;
    /** Wrong credentials per client address, and per user name, within the window before sign-ins get 429. */
    public static final int DEFAULT_FAILURES_PER_ADDRESS = 10;
    public static final int DEFAULT_FAILURES_PER_USER = 50;
    public static final int DEFAULT_FAILURE_WINDOW_SECONDS = 60;

    /** Reads the settings; {@code get} returns null or "" for an unset key. */
    public static AdminSettings from(Function<String, String> source) {
        Settings get = Settings.of(source);
        String user = get.text("admin.username", "admin");
        String password = get.text("admin.password", "");
        boolean generated = password.isEmpty();
        if (generated) {
            byte[] b = new byte[18];
            new SecureRandom().nextBytes(b);
            password = Base64.getUrlEncoder().withoutPadding().encodeToString(b);
        }
        String viewer = get.text("admin.viewer-username", "viewer");
        String viewerPassword = get.text("admin.viewer-password", "");
        if (viewer.equals(user) && !viewerPassword.isEmpty()) {
            throw new IllegalArgumentException("admin.viewer-username must differ from admin.username ('" + user + "')");
        }
        int maxBody = get.atLeast("admin.max-body-bytes", DEFAULT_MAX_BODY, 1024);
        int queue = get.atLeast("admin.events.queue-size", EventHub.DEFAULT_QUEUE, 1);
        SignInThrottle.Limits limits = new SignInThrottle.Limits(
                get.atLeast("admin.sign-in.max-failures-per-address", DEFAULT_FAILURES_PER_ADDRESS, 0),
                get.atLeast("admin.sign-in.max-failures-per-user", DEFAULT_FAILURES_PER_USER, 0),
                get.integer("admin.sign-in.failure-window-seconds", DEFAULT_FAILURE_WINDOW_SECONDS, 1, 86_400));
        String routesDir = get.text("admin.routes-dir", "");
        if (routesDir.isEmpty()) {
            routesDir = routesDirFromPattern(get.text("camel.main.routes-include-pattern", ""));
        }
        String kiosk = get.text("web.kiosk-token", "");
        if (!kiosk.isEmpty() && kiosk.length() < MIN_KIOSK_TOKEN) {
            throw new IllegalArgumentException("web.kiosk-token must be at least " + MIN_KIOSK_TOKEN
                    + " characters (e.g. openssl rand -hex 24), was " + kiosk.length());
        }
        if (!kiosk.isEmpty() && (kiosk.equals(password) || kiosk.equals(viewerPassword))) {
            throw new IllegalArgumentException("web.kiosk-token must differ from admin.password and"
                    + " admin.viewer-password: it is shown in the wall screen's URL");
        }
        return new AdminSettings(user, password, generated, viewer, viewerPassword, maxBody, Path.of(routesDir),
                Path.of(get.text("admin.config-dir", "config")), Path.of(get.text("contracts.dir", "schemas")), queue,
                kiosk, limits);
    }

    /**
     * The folder of the first {@code file:<dir>/*.camel.yaml} entry of camel.main.routes-include-pattern, else
     * "routes".
     */
    public static String routesDirFromPattern(String pattern) {
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
}
