package io.contractgate.startup;

import org.junit.jupiter.api.Test;

import java.net.InetSocketAddress;
import java.net.ServerSocket;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

class PortCheckTest {

    @Test
    void shouldStopTheStartNamingTheKeyWhenThePortIsBusy() throws Exception {
        try (ServerSocket other = new ServerSocket()) {
            other.bind(new InetSocketAddress("127.0.0.1", 0));
            int port = other.getLocalPort();
            assertThatThrownBy(() -> PortCheck.requireFree("camel.server.port", "127.0.0.1", port))
                    .isInstanceOf(StartupProblem.class)
                    .hasMessageStartingWith("camel.server.port: 127.0.0.1:" + port + " is already in use")
                    .hasMessageContaining("--camel.server.port=");
        }
    }

    /**
     * A port whose next one is busy too (both bound by the returned sockets); the port is the first's. Tried above
     * Linux's ephemeral range (32768-60999) first: inside it, the port after a free one is often an outgoing
     * connection's, and on a machine busy with other tests 20 tries found no pair.
     */
    private static ServerSocket[] twoAdjacentBusyPorts() throws Exception {
        for (int port = 61_000; port < 65_000; port += 2) {
            ServerSocket[] pair = bindPair(port);
            if (pair != null) {
                return pair;
            }
        }
        for (int attempt = 0; attempt < 20; attempt++) {
            int port;
            try (ServerSocket any = new ServerSocket(0)) {
                port = any.getLocalPort();
            }
            ServerSocket[] pair = port < 65_535 ? bindPair(port) : null;
            if (pair != null) {
                return pair;
            }
        }
        throw new IllegalStateException("no two adjacent free ports");
    }

    private static ServerSocket[] bindPair(int port) throws Exception {
        ServerSocket a = new ServerSocket();
        ServerSocket b = new ServerSocket();
        try {
            a.bind(new InetSocketAddress("127.0.0.1", port));
            b.bind(new InetSocketAddress("127.0.0.1", port + 1));
            return new ServerSocket[] {a, b};
        } catch (java.io.IOException taken) { // someone else has one of them: another pair
            a.close();
            b.close();
            return null;
        }
    }

    private static int suggested(Throwable t) {
        String m = t.getMessage();
        return Integer.parseInt(m.substring(m.lastIndexOf('=') + 1));
    }

    @Test
    void shouldSuggestAPortThatIsFreeNow() throws Exception {
        // before: always port + 1, here busy as well (e.g. another gateway's broker beside its HTTP port)
        ServerSocket[] busy = twoAdjacentBusyPorts();
        try {
            int port = busy[0].getLocalPort();
            int suggested = suggested(catchThrowable(() -> PortCheck.requireFree("camel.server.port", "127.0.0.1", port)));
            assertThat(suggested).isGreaterThan(port + 1);
            try (ServerSocket free = new ServerSocket()) {
                free.bind(new InetSocketAddress("127.0.0.1", suggested)); // it is free indeed
            }
        } finally {
            busy[0].close();
            busy[1].close();
        }
    }

    @Test
    void shouldNotSuggestTheGatewaysOtherPort() throws Exception {
        // the embedded broker's port is free while the HTTP port is checked (the broker starts later)
        try (ServerSocket busy = new ServerSocket()) {
            busy.bind(new InetSocketAddress("127.0.0.1", 0));
            int port = busy.getLocalPort();
            int suggested = suggested(catchThrowable(() -> PortCheck.requireFree("camel.server.port", "127.0.0.1", port,
                    port + 1)));
            assertThat(suggested).isNotEqualTo(port + 1).isGreaterThan(port);
        }
    }

    @Test
    void shouldPassAFreePort() throws Exception {
        int port;
        try (ServerSocket probe = new ServerSocket(0)) {
            port = probe.getLocalPort();
        }
        assertThatCode(() -> PortCheck.requireFree("camel.server.port", "127.0.0.1", port)).doesNotThrowAnyException();
    }

    @Test
    void shouldFindTheProblemInACauseChain() {
        StartupProblem p = new StartupProblem("x", null);
        assertThat(StartupProblem.in(new RuntimeException(new IllegalStateException(p)))).isSameAs(p);
        assertThat(StartupProblem.in(new RuntimeException("other"))).isNull();
    }
}
