package io.contractgate.startup;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;

/**
 * Checks before start that a listening port is free, so a busy port stops the start with one sentence instead of a
 * server that half-starts (Vert.x only logs a failed bind and the gateway would run without its HTTP side).
 */
public final class PortCheck {

    private PortCheck() {
    }

    /** Throws a {@link StartupProblem} naming {@code key} when {@code host:port} cannot be bound. */
    public static void requireFree(String key, String host, int port) {
        try (ServerSocket probe = new ServerSocket()) {
            probe.setReuseAddress(true); // as the servers' own listeners do: a port in TIME_WAIT is free
            probe.bind(new InetSocketAddress(host, port));
        } catch (IOException e) {
            throw new StartupProblem(key + ": " + host + ":" + port + " is already in use (" + e.getMessage()
                    + "); stop what listens there or set " + key + " to a free port, e.g. --" + key + "="
                    + (port + 1), e);
        }
    }
}
