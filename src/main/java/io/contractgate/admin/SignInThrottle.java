package io.contractgate.admin;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongSupplier;
import java.util.function.Predicate;

/**
 * Bounds password guessing: wrong credentials are counted per client address and per user name, and once either has
 * {@code limit} failures within the window that its first failure opened, every sign-in of that address or name is
 * answered 429 until the window ends, without its password being checked (so the answer says nothing about it).
 * Right credentials are never delayed and clear their user name's count (not the address's: a valid account must
 * not buy an address more guesses at another). An IPv6 client counts by its /64, which one host usually
 * holds whole. Memory is bounded: at most {@link #MAX_KEYS} addresses and as many names are remembered, the ones
 * whose window opened first forgotten first. Unknown user names are counted like known ones, so a 429 does not tell
 * which names exist. Thread-safe; only the sign-in path calls it, never a message's.
 */
public final class SignInThrottle {

    /** Remembered addresses (and, separately, user names) at most. */
    static final int MAX_KEYS = 10_000;

    /**
     * The limits: failures per address and per user name within {@code windowSeconds}; 0 turns that count off.
     */
    public record Limits(int perAddress, int perUser, int windowSeconds) {
        public Limits {
            if (perAddress < 0 || perUser < 0 || windowSeconds < 1) {
                throw new IllegalArgumentException("limits must not be negative and the window at least 1 s");
            }
        }
    }

    /** Told of every refusal (a counter) and of each address or name that reached its limit (a log line). */
    public interface Listener {
        /** A wrong credential was counted. */
        void refused();

        /** A sign-in was answered 429 without its password being checked. */
        void throttled();

        /**
         * {@code who} ("address 10.0.0.7", "user name 'admin'", "a user name that is not an account") reached
         * {@code failures} failures: its sign-ins get 429 for {@code seconds} s. Never holds a password.
         */
        void limitReached(String who, int failures, long seconds);
    }

    /** Failures of one key since its window opened. */
    private static final class Count {
        final long windowStart;
        int failures;

        Count(long windowStart) {
            this.windowStart = windowStart;
        }
    }

    private final Limits limits;
    private final Predicate<String> isAccount;
    private final List<Listener> listeners;
    private final LongSupplier clockMillis;
    private final long windowMillis;
    /** Insertion order is window-start order: expired and evicted entries are at the head. */
    private final LinkedHashMap<String, Count> addresses = bounded();
    private final LinkedHashMap<String, Count> users = bounded();

    /**
     * @param isAccount whether a user name is one of the gateway's accounts: only those are named in the log (a
     *                  password typed into the name field must not be written down)
     */
    public SignInThrottle(Limits limits, Predicate<String> isAccount, List<Listener> listeners, LongSupplier clockMillis) {
        this.limits = limits;
        this.isAccount = isAccount;
        this.listeners = List.copyOf(listeners);
        this.clockMillis = clockMillis;
        this.windowMillis = limits.windowSeconds() * 1000L;
    }

    public SignInThrottle(Limits limits, Predicate<String> isAccount, List<Listener> listeners) {
        this(limits, isAccount, listeners, System::currentTimeMillis);
    }

    /**
     * Seconds until a sign-in of this address or user name is checked again (its Retry-After), 0 when it may be
     * checked now; a positive answer is counted as throttled. {@code user} may be null (no name could be read).
     */
    public long retryAfterSeconds(String address, String user) {
        long now = clockMillis.getAsLong();
        long waitMillis;
        synchronized (this) {
            waitMillis = Math.max(wait(addresses, addressKey(address), limits.perAddress(), now),
                    wait(users, user, limits.perUser(), now));
        }
        if (waitMillis <= 0) {
            return 0;
        }
        listeners.forEach(Listener::throttled);
        return (waitMillis + 999) / 1000;
    }

    /** Counts a wrong credential of this address and user name (null: none could be read). */
    public void failed(String address, String user) {
        long now = clockMillis.getAsLong();
        int byAddress;
        int byUser;
        synchronized (this) {
            byAddress = count(addresses, addressKey(address), limits.perAddress(), now);
            byUser = count(users, user, limits.perUser(), now);
        }
        listeners.forEach(Listener::refused);
        if (byAddress == limits.perAddress() && byAddress > 0) {
            reached("address " + addressKey(address), byAddress);
        }
        if (byUser == limits.perUser() && byUser > 0) {
            reached(isAccount.test(user) ? "user name '" + user + "'" : "a user name that is not an account", byUser);
        }
    }

    /** Right credentials: forgets the failures of this user name (its owner's typos). */
    public synchronized void succeeded(String user) {
        if (user != null) {
            users.remove(user);
        }
    }

    /** Addresses and user names remembered now (for the memory bound's test). */
    synchronized int remembered() {
        return addresses.size() + users.size();
    }

    private void reached(String who, int failures) {
        listeners.forEach(l -> l.limitReached(who, failures, limits.windowSeconds()));
    }

    /** Millis until the key's window ends when it reached the limit, else 0. */
    private long wait(LinkedHashMap<String, Count> counts, String key, int limit, long now) {
        if (limit == 0 || key == null) {
            return 0;
        }
        forgetExpired(counts, now);
        Count c = counts.get(key);
        return c != null && c.failures >= limit ? c.windowStart + windowMillis - now : 0;
    }

    /** The key's failures after counting this one (0 when its count is off). */
    private int count(LinkedHashMap<String, Count> counts, String key, int limit, long now) {
        if (limit == 0 || key == null) {
            return 0;
        }
        forgetExpired(counts, now);
        Count c = counts.computeIfAbsent(key, k -> new Count(now));
        c.failures++;
        return c.failures;
    }

    private void forgetExpired(LinkedHashMap<String, Count> counts, long now) {
        var it = counts.values().iterator();
        while (it.hasNext() && it.next().windowStart + windowMillis <= now) {
            it.remove();
        }
    }

    private static LinkedHashMap<String, Count> bounded() {
        return new LinkedHashMap<>() {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Count> eldest) {
                return size() > MAX_KEYS;
            }
        };
    }

    /**
     * The key of a client address: IPv4 as it is, IPv6 by its /64 (an IPv4-mapped IPv6 address as its IPv4);
     * text that is no address literal (never from a socket) as it is.
     */
    static String addressKey(String address) {
        if (address == null || address.isEmpty() || address.indexOf(':') < 0) {
            return address;
        }
        try {
            // in brackets: parsed as an IPv6 literal, never looked up
            String literal = address.startsWith("[") ? address : "[" + address + "]";
            byte[] b = InetAddress.getByName(literal).getAddress();
            if (b.length == 4) {
                return InetAddress.getByAddress(b).getHostAddress();
            }
            StringBuilder prefix = new StringBuilder();
            for (int i = 0; i < 8; i += 2) {
                prefix.append(Integer.toHexString((b[i] & 0xff) << 8 | b[i + 1] & 0xff)).append(':');
            }
            return prefix + ":/64";
        } catch (UnknownHostException | RuntimeException e) {
            return address;
        }
    }
}
