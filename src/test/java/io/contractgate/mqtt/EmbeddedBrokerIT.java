package io.contractgate.mqtt;

import java.nio.file.Files;
import org.junit.jupiter.api.Test;

import java.net.InetSocketAddress;
import java.net.ServerSocket;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The embedded broker refuses a busy port at once, saying what to set, instead of hanging in HiveMQ's start. */
class EmbeddedBrokerIT {

    @Test
    void busyPortFailsNamingTheKeyAndTheWayOut() throws Exception {
        try (ServerSocket other = new ServerSocket()) {
            other.bind(new InetSocketAddress("127.0.0.1", 0)); // stands for a local Mosquitto on that port
            int port = other.getLocalPort();
            try (EmbeddedBroker broker = new EmbeddedBroker("127.0.0.1", port, Files.createTempDirectory("broker-data"))) {
                assertThatThrownBy(broker::start)
                        .isInstanceOf(io.contractgate.startup.StartupProblem.class)
                        .hasMessageContaining("mqtt.embedded.port: 127.0.0.1:" + port + " is already in use")
                        .hasMessageContaining("mqtt.broker.url=tcp://127.0.0.1:" + port);
            }
        }
    }
}
