package io.contractgate.startup;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;

/**
 * Checks before start that a listening port is free, so a busy port stops the start with one sentence instead of a
 * server that half-starts (Vert.x only logs a failed bind and the gateway would run without its HTTP side).
 */
public final class PortCheck {

    /** How many ports after a busy one are tried for the suggestion. */
    private static final int SUGGESTION_RANGE = 20;

    private PortCheck() {
    }

    /**
     * Throws a {@link StartupProblem} naming {@code key} when {@code host:port} cannot be bound. The port it suggests
     * instead binds now and is none of {@code reserved} (the gateway's other ports): a bare {@code port + 1} was often
     * the embedded broker's port beside it, or busy too.
     */
    public static void requireFree(String key, String host, int port, int... reserved) {
        try (ServerSocket probe = new ServerSocket()) {
            probe.setReuseAddress(true); // as the servers' own listeners do: a port in TIME_WAIT is free
            probe.bind(new InetSocketAddress(host, port));
        } catch (IOException e) {
            throw new StartupProblem(key + ": " + host + ":" + port + " is already in use (" + e.getMessage()
                    + "); stop what listens there or set " + key + " to a free port, e.g. --" + key + "="
                    + suggestion(host, port, reserved), e);
        }
    }

    /** The first port after {@code port} that binds and is not reserved; {@code port + 1} when none of the next few does. */
    static int suggestion(String host, int port, int... reserved) {
        for (int p = port + 1; p <= Math.min(port + SUGGESTION_RANGE, 65535); p++) {
            int candidate = p;
            if (java.util.Arrays.stream(reserved).anyMatch(r -> r == candidate)) {
                continue;
            }
            try (ServerSocket probe = new ServerSocket()) {
                probe.setReuseAddress(true);
                probe.bind(new InetSocketAddress(host, p));
                return p;
            } catch (IOException busy) {
                // try the next one
            }
        }
        return port + 1;
    }
}
