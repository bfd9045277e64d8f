package io.contractgate.admin;

import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.Iterator;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * The web pages' sign-ins: a random token per sign-in, kept in memory only (a restart signs everybody out), carried by
 * an HttpOnly, SameSite=Strict cookie so page scripts never hold a credential. A session ends after
 * {@link #IDLE} without a request, or on sign-out.
 */
public final class Sessions {

    /** The cookie that carries the token. */
    public static final String COOKIE = "cg_session";
    /** Sessions end after this long without a request. */
    public static final Duration IDLE = Duration.ofHours(8);
    /** At most this many sessions at once; the least recently used beyond it are ended. */
    static final int MAX = 1000;

    /** Who signed in, with which role, and when the session ends unless used. */
    public record Session(String user, AccessControl.Role role, long expiresAt) {
    }

    private final Map<String, Session> sessions = new ConcurrentHashMap<>();
    private final SecureRandom random = new SecureRandom();
    private final LongSupplier clock;

    public Sessions() {
        this(System::currentTimeMillis);
    }

    Sessions(LongSupplier clock) {
        this.clock = clock;
    }

    /** Starts a session; returns its token (256 random bits, base64url). */
    public String open(String user, AccessControl.Role role) {
        if (sessions.size() >= MAX) {
            evict();
        }
        byte[] b = new byte[32];
        random.nextBytes(b);
        String token = Base64.getUrlEncoder().withoutPadding().encodeToString(b);
        sessions.put(token, new Session(user, role, clock.getAsLong() + IDLE.toMillis()));
        return token;
    }

    /** The live session of a token, its idle time restarted; empty for an unknown or expired token. */
    public Optional<Session> find(String token) {
        if (token == null || token.isEmpty()) {
            return Optional.empty();
        }
        long now = clock.getAsLong();
        Session s = sessions.get(token);
        if (s == null) {
            return Optional.empty();
        }
        if (s.expiresAt <= now) {
            sessions.remove(token);
            return Optional.empty();
        }
        Session renewed = new Session(s.user, s.role, now + IDLE.toMillis());
        sessions.put(token, renewed);
        return Optional.of(renewed);
    }

    /** Whether the token's session is still open (not signed out, not expired); unlike {@link #find}, not a use. */
    public boolean isOpen(String token) {
        Session s = token == null ? null : sessions.get(token);
        return s != null && s.expiresAt > clock.getAsLong();
    }

    public void close(String token) {
        if (token != null) {
            sessions.remove(token);
        }
    }

    public int size() {
        return sessions.size();
    }

    private void evict() {
        long now = clock.getAsLong();
        sessions.values().removeIf(s -> s.expiresAt <= now);
        Iterator<Map.Entry<String, Session>> it = sessions.entrySet().stream()
                .sorted(Map.Entry.comparingByValue(java.util.Comparator.comparingLong(Session::expiresAt)))
                .limit(Math.max(0, sessions.size() - MAX + 1)).toList().iterator();
        while (it.hasNext()) {
            sessions.remove(it.next().getKey());
        }
    }
}
