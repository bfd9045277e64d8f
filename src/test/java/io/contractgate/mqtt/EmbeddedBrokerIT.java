package io.contractgate.mqtt;

import io.contractgate.testing.MqttProbe;
import java.nio.file.Files;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.junit.jupiter.api.Test;

import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/** The embedded broker refuses a busy port at once, saying what to set, instead of hanging in HiveMQ's start. */
class EmbeddedBrokerIT {

    @Test
    void busyPortFailsNamingTheKeyAndTheWayOut() throws Exception {
        try (ServerSocket other = new ServerSocket()) {
            other.bind(new InetSocketAddress("127.0.0.1", 0)); // stands for a local Mosquitto on that port
            int port = other.getLocalPort();
            try (EmbeddedBroker broker = new EmbeddedBroker("127.0.0.1", port, Files.createTempDirectory("broker-data"), 262_144)) {
                assertThatThrownBy(broker::start)
                        .isInstanceOf(io.contractgate.startup.StartupProblem.class)
                        .hasMessageContaining("mqtt.embedded.port: 127.0.0.1:" + port + " is already in use")
                        .hasMessageContaining("mqtt.broker.url=tcp://127.0.0.1:" + port);
            }
        }
    }

    @Test
    void shouldRefuseAPacketFarOverThePayloadLimitAndKeepServingTheOthers() throws Exception {
        int port;
        try (ServerSocket free = new ServerSocket(0)) {
            port = free.getLocalPort();
        }
        try (EmbeddedBroker broker = new EmbeddedBroker("127.0.0.1", port, Files.createTempDirectory("broker-data"), 1000)) {
            broker.start();
            try (MqttProbe reader = new MqttProbe(broker.url(), "big/#")) {
                // just over the payload limit: delivered, so the gateway can report it as too long
                try (MqttProbe sensor = new MqttProbe(broker.url())) {
                    sensor.publish("big/near", new byte[1001], 1, null, null);
                }
                // HiveMQ's default took 256 MB packets, more than the gateway's JVM holds
                MqttProbe hostile = new MqttProbe(broker.url());
                assertThatThrownBy(() -> hostile.publish("big/far", new byte[1000 + EmbeddedBroker.PACKET_HEADROOM + 1], 1, null, null))
                        .isInstanceOf(MqttException.class);
                try (MqttProbe sensor = new MqttProbe(broker.url())) {
                    sensor.publish("big/after", "{}");
                }
                await().atMost(Duration.ofSeconds(10)).until(() -> reader.on("big/after").size() == 1);
                assertThat(reader.on("big/near")).hasSize(1);
                assertThat(reader.on("big/far")).isEmpty();
            }
        }
    }
}
