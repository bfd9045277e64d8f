package io.contractgate.admin;

import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Which {@code Host} names the HTTP server answers to: the defence against DNS rebinding, where a page from another
 * site resolves its own name to 127.0.0.1 and reads this server as if it were its own origin (the open
 * {@code /metrics}, the health endpoints, the pages). While the server listens on loopback only
 * ({@code camel.server.host}, the default), only loopback names are answered ({@code localhost}, {@code *.localhost},
 * {@code 127.x.x.x}, {@code [::1]}) plus the names in {@code admin.allowed-hosts} (a reverse proxy on this machine that
 * passes its public name on); {@code *} answers every name. A server listening on other interfaces answers every
 * name unless {@code admin.allowed-hosts} lists some.
 */
public final class HostCheck {

    public static final String KEY = "admin.allowed-hosts";

    private final boolean everyName;
    private final Set<String> extra;

    private HostCheck(boolean everyName, Set<String> extra) {
        this.everyName = everyName;
        this.extra = extra;
    }

    /** From the bind address ({@code camel.server.host}) and the {@value #KEY} setting (comma-separated; may be empty). */
    public static HostCheck of(String bindHost, String allowedHosts) {
        Set<String> names = Stream.of(allowedHosts == null ? new String[0] : allowedHosts.split(","))
                .map(String::trim).filter(s -> !s.isEmpty()).map(s -> s.toLowerCase(Locale.ROOT))
                .collect(Collectors.toUnmodifiableSet());
        for (String n : names) {
            if (!n.equals("*") && !n.matches("[a-z0-9.\\-\\[\\]:]+")) {
                throw new IllegalArgumentException(KEY + " must list host names (or *), was '" + n + "'");
            }
        }
        boolean every = names.contains("*") || (names.isEmpty() && !isLoopback(bindHost == null ? "" : bindHost));
        return new HostCheck(every, names);
    }

    /** Whether a request that named this host (the Host header without its port; null: none sent) is answered. */
    public boolean allows(String host) {
        if (everyName || host == null || host.isEmpty()) {
            return true; // no Host header: HTTP/1.0 clients, never a browser
        }
        String h = host.toLowerCase(Locale.ROOT);
        return isLoopback(h) || extra.contains(h);
    }

    /** A loopback address or name: localhost, *.localhost, 127.0.0.0/8, ::1 (bracketed or not). */
    static boolean isLoopback(String host) {
        String h = host.toLowerCase(Locale.ROOT);
        if (h.startsWith("[") && h.endsWith("]")) {
            h = h.substring(1, h.length() - 1);
        }
        return h.equals("localhost") || h.endsWith(".localhost") || h.equals("::1") || h.equals("0:0:0:0:0:0:0:1")
                || h.matches("127\\.\\d{1,3}\\.\\d{1,3}\\.\\d{1,3}");
    }
}
