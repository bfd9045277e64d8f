package io.contractgate.http;

import io.contractgate.settings.Settings;

import java.util.function.Function;

/**
 * How long the HTTP server (camel.server.port: API, pages, /metrics, health) lets a connection hold it without doing
 * anything ({@value #IDLE_KEY}: nothing read and nothing written): a client that opens connections and sends half a
 * request on each, or nothing, (slowloris) no longer keeps them, and the file descriptors with them, for good.
 * 0 turns it off.
 */
public record HttpLimits(int idleTimeoutSeconds) {

    public static final String IDLE_KEY = "admin.http.idle-timeout-seconds";
    /** Above the longest silence of a normal answer: a 60 s topic draft, the event streams' 15 s comment lines. */
    public static final int DEFAULT_IDLE_SECONDS = 120;
    /** The shortest idle timeout: the event streams write a comment line every 15 s and must outlive it. */
    public static final int MIN_IDLE_SECONDS = 20;

    /** Reads the limits; {@code source} returns null or "" for an unset key. Errors name the key. */
    public static HttpLimits from(Function<String, String> source) {
        int idle = Settings.of(source).integer(IDLE_KEY, DEFAULT_IDLE_SECONDS, 0, 86_400);
        if (idle > 0 && idle < MIN_IDLE_SECONDS) {
            throw new IllegalArgumentException(IDLE_KEY + " must be 0 (off) or at least " + MIN_IDLE_SECONDS
                    + " (the event streams write every 15 s), was " + idle);
        }
        return new HttpLimits(idle);
    }
}
