package io.contractgate.startup;

import org.junit.jupiter.api.Test;

import java.net.InetSocketAddress;
import java.net.ServerSocket;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PortCheckTest {

    @Test
    void shouldStopTheStartNamingTheKeyWhenThePortIsBusy() throws Exception {
        try (ServerSocket other = new ServerSocket()) {
            other.bind(new InetSocketAddress("127.0.0.1", 0));
            int port = other.getLocalPort();
            assertThatThrownBy(() -> PortCheck.requireFree("camel.server.port", "127.0.0.1", port))
                    .isInstanceOf(StartupProblem.class)
                    .hasMessageStartingWith("camel.server.port: 127.0.0.1:" + port + " is already in use")
                    .hasMessageContaining("--camel.server.port=" + (port + 1));
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
